"""Terms learned from the CodiEsp train split: the words annotators coded the way the corpus does.

CodiEsp's annotators coded some findings in ways no Index path spells ("disease" of unknown kind ->
R69, "adenopathies" -> R59.x). `bench/codiesp_eval.py --learn-terms` counts, over the train notes,
how often a one- or two-word phrase appears in a note that carries a given diagnosis (ICD-10-CM) or
procedure (ICD-10-PCS) code, and keeps
the pairs seen in at least `MIN_NOTES` notes whose precision is at least `MIN_PRECISION`. The result,
`learned_terms.json`, is small (phrases and codes only, no text from the corpus beyond those phrases)
and is read like any other lexicon source; codes are checked against the codebook on load.
"""

import json
from collections import Counter
from importlib import resources

MIN_NOTES = 4
MIN_PRECISION = 0.7
RESOURCE = "learned_terms.json"


def learned_terms() -> list[tuple[tuple[str, ...], str, str]]:
    """(stems, system, code as CodiEsp writes it) triples; empty when the file has not been built."""
    resource = resources.files("medcoder.notecoder").joinpath(RESOURCE)
    if not resource.is_file():
        return []
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return [(tuple(term["stems"]), term["system"], term["code"]) for term in raw["terms"]]


def learn_terms(notes: list[tuple[frozenset[tuple[str, ...]], list[tuple[str, str]]]]) -> list[dict]:
    """From (phrases of a note, its gold (system, code) pairs), the phrase -> code pairs precise enough
    to keep."""
    phrase_notes: Counter = Counter()
    pair_notes: Counter = Counter()
    for phrases, codes in notes:
        phrase_notes.update(phrases)
        pair_notes.update((phrase, code) for phrase in phrases for code in set(codes))
    kept = []
    for (phrase, (system, code)), together in pair_notes.items():
        precision = together / phrase_notes[phrase]
        if together >= MIN_NOTES and precision >= MIN_PRECISION:
            term = {"stems": list(phrase), "system": system, "code": code, "notes": together}
            kept.append({**term, "precision": round(precision, 3)})
    return sorted(kept, key=lambda term: (term["system"], term["code"], term["stems"]))
