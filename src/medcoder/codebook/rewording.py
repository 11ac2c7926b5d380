"""Rewording official text with a glossary (lay_terms.tsv, hcpcs_abbreviations.tsv) for the generated
plain-language descriptions: each listed term is replaced by its wording, longest terms first, whole
words, any case, in one pass.

A term is left as written where rewording it would say a thing twice or say it wrongly:
- its wording is already written out in the text: "continuous positive airway pressure (cpap)" needs
  no "(continuous positive airway pressure)" after "cpap";
- it stands alone in parentheses right after words, which it names: "pre-exposure prophylaxis (prep)"
  is no "preparation";
- it reads as a Roman numeral near another numeral or a staging word: "class iii or iv", "stage iv",
  "type iv" (not "intravenous").
A term met again in the same texts reads without the parenthesis of its wording: "fracture" reads
"broken bone (fracture)" the first time, then "broken bone".
"""

import re
from functools import lru_cache
from importlib.resources import files

ROMAN_NUMERAL = re.compile(r"(?=[ivx]+$)x{0,3}(ix|iv|v?i{0,3})")
NUMBERING_WORDS = frozenset({"class", "stage", "type", "grade", "phase", "level"})
WORDS_LOOKED_BACK = 3  # "class iii or iv": the numeral two words before
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")


class Rewording:
    """One glossary, read from a TSV resource of medcoder.codebook (term<TAB>wording, '#' comments)."""

    WORD = re.compile(r"[\w/'-]+")

    def __init__(self, resource: str):
        self.pairs: dict[str, str] = {}
        for line in files("medcoder.codebook").joinpath(resource).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                term, wording = line.split("\t")
                self.pairs[term.strip().lower()] = wording.strip()
        self.by_first_word: dict[str, list[str]] = {}
        for term in sorted(self.pairs, key=len, reverse=True):
            self.by_first_word.setdefault(self.WORD.match(term)[0], []).append(term)

    def apply(self, text: str) -> str:
        return self.reword((text,))[0]

    @lru_cache(maxsize=65536)  # noqa: B019 - two instances for the life of the process
    def reword(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        """The texts of one description (a title, its category's title...), reworded together so a
        term glossed in one is not glossed again in the next."""
        written = " ".join(texts).lower()
        glossed: set[str] = set()
        return tuple(self._reword(text, written, glossed) for text in texts)

    def _reword(self, text: str, written: str, glossed: set[str]) -> str:
        lowered = text.lower()
        pieces, done = [], 0
        for word in self.WORD.finditer(lowered):
            if word.start() < done:
                continue
            for term in self.by_first_word.get(word[0], ()):
                end = word.start() + len(term)
                if lowered.startswith(term, word.start()) and not lowered[end : end + 1].isalnum():
                    if not self._left_as_written(term, lowered, word.start(), end, written):
                        before = "".join(pieces) + text[done : word.start()]
                        wording = self._without_doubled_words(
                            self._wording(term, glossed), before, lowered[end:]
                        )
                        pieces += [text[done : word.start()], wording]
                        done = end
                    break
        return "".join(pieces) + text[done:]

    def _without_doubled_words(self, wording: str, before: str, after: str) -> str:
        """The wording less a first word the text has just said or a last word it says next: "tissue
        necrosis" is "tissue death", not "tissue tissue death"; "dme equipment" "durable medical equipment"."""
        said = self.WORD.findall(before.lower())[-1:]
        if said and wording.lower().startswith(said[0] + " "):
            wording = wording[len(said[0]) + 1 :]
        coming = self.WORD.match(after.lstrip().lower())
        last = wording.rsplit(" ", 1)
        if coming and len(last) == 2 and after[:1] == " " and last[1].lower() == coming[0]:
            wording = last[0]
        return wording

    def _wording(self, term: str, glossed: set[str]) -> str:
        wording = self.pairs[term]
        plain = TRAILING_PARENTHESIS.sub("", wording)
        if plain in glossed:
            return plain
        glossed.add(plain)
        return wording

    def _left_as_written(self, term: str, lowered: str, start: int, end: int, written: str) -> bool:
        plain = TRAILING_PARENTHESIS.sub("", self.pairs[term]).lower()
        if plain != term and plain in written:
            return True
        if (
            lowered[start - 1 : start] == "("
            and lowered[end : end + 1] == ")"
            and lowered[: start - 1].strip()
        ):
            return True
        before = self.WORD.findall(lowered[:start])[-WORDS_LOOKED_BACK:]
        return bool(ROMAN_NUMERAL.fullmatch(term)) and any(
            w in NUMBERING_WORDS or ROMAN_NUMERAL.fullmatch(w) for w in before
        )
