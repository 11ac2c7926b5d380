"""Evidence alignment on small synthetic notes (Spanish spans, English translations written by hand)."""

from medcoder.notecoder.evidence_alignment import SourceSpan, align_spans, cognate_similarity


def test_cognates_survive_spanish_spelling_but_unrelated_words_do_not() -> None:
    assert cognate_similarity("orquiepididimitis", "orchiepididymitis") > 0.85
    assert cognate_similarity("taquicardia", "tachycardia") > 0.85
    assert cognate_similarity("fiebre", "kidney") < 0.5


def test_spans_land_on_their_english_words_even_without_a_cognate() -> None:
    # Each note says "pain" where the original said "dolor"; every other word changes from note to
    # note, so only "pain" keeps company with "dolor" across the notes.
    notes = [
        "A man reported kidney stones. Severe pain in the knee with orchiepididymitis.",
        "Woman seen after a skin rash. Sudden pain over her hip then orchiepididymitis.",
        "Boy admitted for headache. Mild pain at his elbow plus orchiepididymitis.",
        "Girl referred with nausea. Chronic pain near one shoulder, orchiepididymitis.",
    ]
    translations, spans = {}, []
    for number, english in enumerate(notes):
        translations[f"note{number}"] = english
        spanish_offset = round(english.index("pain") / 0.87)
        spans.append(SourceSpan(f"note{number}", spanish_offset, "dolor", "icd10cm", "r52"))
        cognate_offset = round(english.index("orchi") / 0.87)
        spans.append(SourceSpan(f"note{number}", cognate_offset, "orquiepididimitis", "icd10cm", "n45.3"))
    aligned = align_spans(spans, translations)
    words = {(a.span.note, a.span.code): " ".join(t.text for t in a.tokens) for a in aligned}
    assert all(words[f"note{n}", "r52"] == "pain" for n in range(len(notes)))
    assert all(words[f"note{n}", "n45.3"] == "orchiepididymitis" for n in range(len(notes)))


def test_a_span_of_a_note_without_translation_is_skipped() -> None:
    aligned = align_spans([SourceSpan("missing", 10, "fiebre", "icd10cm", "r50.9")], {})
    assert aligned == []
