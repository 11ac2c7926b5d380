"""NCCI Medically Unlikely Edits: the most units of a code one provider reports for one patient on
one date of service, and how that limit is adjudicated."""

from dataclasses import dataclass

from medcoder.codebook import Codebook

ADJUDICATION = {
    1: "line edit: each claim line is checked on its own",
    2: "date-of-service edit (policy): all lines of the day together; absolute limit",
    3: "date-of-service edit (clinical): all lines of the day together; appeal with documentation",
}


@dataclass(frozen=True)
class Mue:
    setting: str
    code: str
    mue_value: int
    adjudication_indicator: int
    rationale: str
    source: str

    @property
    def adjudication(self) -> str:
        return ADJUDICATION[self.adjudication_indicator]


def mue_for(codebook: Codebook, code: str, setting: str | None = None) -> list[Mue]:
    """The code's MUEs: one per setting (practitioner, outpatient-hospital, dme-supplier) unless given."""
    rows = codebook.connection.execute(
        "SELECT setting, code, mue_value, adjudication_indicator, rationale, source FROM mues"
        " WHERE code = ? AND (? IS NULL OR setting = ?) ORDER BY setting",
        (code.strip().upper(), setting, setting),
    )
    return [Mue(*row) for row in rows]
