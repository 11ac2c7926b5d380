"""The ranker's regression: fitted weights order candidates the way their records say."""

from medcoder.notecoder.ranking import Calibration, Features, fit_weights


def features(code: str, origin: str, learned_precision: float = 0.0) -> Features:
    return Features(
        system="icd10cm",
        code=code,
        words=1,
        mentions=1,
        origin=origin,
        origins=frozenset({origin}),
        in_diagnosis_section=False,
        historical=False,
        uncertain=False,
        completed=False,
        learned_notes=10 if learned_precision else 0,
        learned_precision=learned_precision,
        position=0.5,
    )


def test_fitted_weights_rank_the_reliable_source_first() -> None:
    draft = Calibration(base_rates={"icd10cm": 0.5})
    reliable, noisy = features("R52", "codiesp_train", 0.9), features("R69", "index")
    rows = [(draft.inputs(reliable, (0, 0)), True)] * 40 + [(draft.inputs(reliable, (0, 0)), False)] * 5
    rows += [(draft.inputs(noisy, (0, 0)), True)] * 5 + [(draft.inputs(noisy, (0, 0)), False)] * 40
    calibration = Calibration(weights={"icd10cm": fit_weights(rows)}, base_rates={"icd10cm": 0.5})
    assert calibration.confidence(reliable) > 0.7 > 0.3 > calibration.confidence(noisy)


def test_a_code_with_a_poor_record_loses_confidence() -> None:
    weights = {"icd10cm": {"code_rate": 1.0}}
    calibration = Calibration(weights=weights, codes={"I25.2": (1, 40)}, base_rates={"icd10cm": 0.3})
    assert calibration.confidence(features("I25.2", "index")) < calibration.confidence(
        features("I10", "index")
    )


def test_without_weights_a_fixed_prior_applies_and_hcpcs_gets_it_too() -> None:
    hcpcs = Features(**{**features("J0696", "hcpcs_drug").__dict__, "system": "hcpcs"})
    assert 0 < Calibration().confidence(hcpcs) < 1
