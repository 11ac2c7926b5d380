"""Learning phrase -> code pairs from aligned evidence, on hand-written notes (no codebook needed)."""

from medcoder.notecoder.evidence_alignment import AlignedSpan, SourceSpan
from medcoder.notecoder.term_learning import CodedNote, learn_terms
from medcoder.notecoder.words import stem, tokenize


def evidence(note: str, text: str, words: str, code: str) -> AlignedSpan:
    start = text.index(words)
    return AlignedSpan(SourceSpan(note, start, "-", "icd10cm", code), tuple(tokenize(words, start)))


def test_a_recurring_phrase_is_learned_with_its_record_and_negated_notes_do_not_count() -> None:
    texts = {
        "a": "The patient had a trauma to the head.",
        "b": "After a trauma the patient walked with pain.",
        "c": "The patient denied any trauma.",
        "d": "The patient came with a cough.",
    }
    codes = {"a": {"t14.90"}, "b": {"t14.90", "r52"}, "c": set(), "d": {"r52"}}
    notes = {n: CodedNote(t, frozenset(("icd10cm", c) for c in codes[n])) for n, t in texts.items()}
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
    notes = {n: CodedNote(t, frozenset(("icd10cm", c) for c in codes[n])) for n, t in texts.items()}
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
    notes = {n: CodedNote(t, frozenset(("icd10cm", c) for c in codes[n])) for n, t in texts.items()}
    aligned = [
        evidence("a", texts["a"], "Type 2 diabetes", "e11.9"),
        evidence("b", texts["b"], "Type", "e11.9"),  # a span placed on part of the phrase
    ]
    # Counted inside "type 2 diabetes", "type" would be right in 2 of the 4 notes saying it and code every "type".
    assert [term.stems for term in learn_terms(aligned, notes)] == [(stem("type"), stem("diabetes"))]


def test_a_code_a_phrase_is_right_for_far_less_often_than_another_is_dropped() -> None:
    texts = {n: "An abdominal ultrasound." for n in "abcde"} | {n: "A cough." for n in "fghijklm"}
    codes = {n: {"bw40zzz"} for n in "abcde"} | {"a": {"bw40zzz", "bw20"}, "b": {"bw40zzz", "bw20"}}
    notes = {
        n: CodedNote(t, frozenset(("icd10pcs", c) for c in codes.get(n, set()))) for n, t in texts.items()
    }
    aligned = [
        AlignedSpan(SourceSpan(n, 3, "-", "icd10pcs", code), tuple(tokenize("abdominal ultrasound", 3)))
        for n in "abcde"
        for code in codes[n]
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
    notes = {
        n: CodedNote(t, frozenset(("icd10pcs", c) for c in codes.get(n, set()))) for n, t in texts.items()
    }
    spans = [("a", "chest x-ray"), ("b", "chest x-ray"), ("d", "chest x-ray"), ("a", "Chest")]
    aligned = [
        AlignedSpan(
            SourceSpan(n, texts[n].index(w), "-", "icd10pcs", "bw03zzz"),
            tuple(tokenize(w, texts[n].index(w))),
        )
        for n, w in spans
    ]
    # Credited where "chest x-ray" is said too, "chest" would be right in 2 of 3 notes; alone it is right in none.
    assert [term.stems for term in learn_terms(aligned, notes)] == [(stem("chest"), stem("x"), stem("ray"))]
