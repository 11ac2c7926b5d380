"""Learning phrase -> code pairs from aligned evidence, on hand-written notes (no codebook needed)."""

from medcoder.notecoder.evidence_alignment import AlignedSpan, SourceSpan
from medcoder.notecoder.term_learning import CodedNote, learn_terms
from medcoder.notecoder.words import stem, tokenize


def evidence(note: str, text: str, words: str, code: str, system: str = "icd10cm") -> AlignedSpan:
    start = text.index(words)
    return AlignedSpan(SourceSpan(note, start, "-", system, code), tuple(tokenize(words, start)))


def coded_notes(
    texts: dict[str, str], codes: dict[str, set[str]], system: str = "icd10cm"
) -> dict[str, CodedNote]:
    """Notes missing from `codes` have no gold codes, as the many uncoded notes a phrase must be weighed against."""
    return {n: CodedNote(t, frozenset((system, c) for c in codes.get(n, set()))) for n, t in texts.items()}


def test_a_recurring_phrase_is_learned_with_its_record_and_negated_notes_do_not_count() -> None:
    texts = {
        "a": "The patient had a trauma to the head.",
        "b": "After a trauma the patient walked with pain.",
        "c": "The patient denied any trauma.",
        "d": "The patient came with a cough.",
    }
    codes = {"a": {"t14.90"}, "b": {"t14.90", "r52"}, "c": set(), "d": {"r52"}}
    notes = coded_notes(texts, codes)
    aligned = [
        evidence("a", texts["a"], "trauma", "t14.90"),
        evidence("b", texts["b"], "trauma", "t14.90"),
        evidence("b", texts["b"], "patient", "r52"),  # a misplaced span: "patient" is in every note
    ]
    (term,) = learn_terms(aligned, notes)
    assert (term.stems, term.code, term.notes, term.precision) == ((stem("trauma"),), "t14.90", 2, 1.0)


def test_a_held_out_note_teaches_nothing() -> None:
    texts = {"a": "A trauma.", "b": "A trauma.", "c": "A cough.", "d": "A rash."}
    codes = {"a": {"t14.90"}, "b": {"t14.90"}, "c": set(), "d": set()}
    notes = coded_notes(texts, codes)
    aligned = [evidence("b", texts["b"], "trauma", "t14.90")]
    held_out_b = {n: note for n, note in notes.items() if n != "b"}
    assert learn_terms(aligned, held_out_b) == []  # note b's evidence is not among the notes
    assert [term.stems for term in learn_terms(aligned, notes)] == [(stem("trauma"),)]


def test_a_phrase_is_judged_where_it_stands_alone_not_inside_a_longer_phrase_for_its_code() -> None:
    texts = {
        "a": "Type 2 diabetes since 2001.",
        "b": "Type 2 diabetes, on insulin.",
        "c": "A seminoma of classic type.",
        "d": "Lymphoma of type B.",
        **{note: "A cough." for note in "efgh"},
    }
    codes = {"a": {"e11.9"}, "b": {"e11.9"}} | {note: set() for note in "cdefgh"}
    notes = coded_notes(texts, codes)
    aligned = [
        evidence("a", texts["a"], "Type 2 diabetes", "e11.9"),
        evidence("b", texts["b"], "Type", "e11.9"),  # a span placed on part of the phrase
    ]
    # Counted inside "type 2 diabetes", "type" would be right in 2 of the 4 notes saying it and code every "type".
    assert [term.stems for term in learn_terms(aligned, notes)] == [(stem("type"), stem("diabetes"))]


def test_a_code_a_phrase_is_right_for_far_less_often_than_another_is_dropped() -> None:
    texts = {n: "An abdominal ultrasound." for n in "abcde"} | {n: "A cough." for n in "fghijklm"}
    codes = {n: {"bw40zzz"} for n in "abcde"} | {"a": {"bw40zzz", "bw20"}, "b": {"bw40zzz", "bw20"}}
    notes = coded_notes(texts, codes, "icd10pcs")
    aligned = [
        evidence(n, texts[n], "abdominal ultrasound", code, "icd10pcs") for n in "abcde" for code in codes[n]
    ]
    # "abdominal ultrasound" is right for BW20 (a CT) in 2 of 5 notes, for BW40 in 5 of 5.
    assert [term.code for term in learn_terms(aligned, notes)] == ["bw40zzz"]


def test_a_phrase_is_not_credited_where_a_longer_phrase_for_its_code_explains_it() -> None:
    texts = {
        "a": "A chest x-ray was clear. Chest pain on exertion.",
        "b": "A chest x-ray. The chest wall was tender.",
        "c": "Chest pain since May.",
        "d": "A chest x-ray.",
        **{note: "A cough." for note in "efghij"},
    }
    codes = {"a": {"bw03zzz"}, "b": {"bw03zzz"}, "d": {"bw03zzz"}}
    notes = coded_notes(texts, codes, "icd10pcs")
    spans = [("a", "chest x-ray"), ("b", "chest x-ray"), ("d", "chest x-ray"), ("a", "Chest")]
    aligned = [evidence(n, texts[n], w, "bw03zzz", "icd10pcs") for n, w in spans]
    # Credited where "chest x-ray" is said too, "chest" would be right in 2 of 3 notes; alone it is right in none.
    assert [term.stems for term in learn_terms(aligned, notes)] == [(stem("chest"), stem("x"), stem("ray"))]
