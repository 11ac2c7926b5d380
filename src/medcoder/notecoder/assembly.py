"""Code assembly: carry a matched code (often a category or subcategory) down to a billable code.

At each level the child whose own title words (those its parent's title lacks) the note says wins:
"right", "acute", "with hemorrhage", "initial encounter". When the note says nothing that separates
the children, the "unspecified" child is taken, and for injuries the 7th character defaults to the
initial encounter (active treatment), as the guidelines describe. Each step records why.
"""

from dataclasses import dataclass
from functools import lru_cache

from medcoder.codebook import Codebook
from medcoder.codebook.records import Code
from medcoder.notecoder.words import content_stems

LATERALITY = {"right", "left", "bilater"}
DEFAULT_BONUS = {"unspecified": 0.5, "initial encounter": 0.6}
OTHER_PENALTY = 0.25
MAX_DEPTH = 5


@dataclass(frozen=True)
class Assembled:
    code: Code
    reasons: tuple[str, ...]


class Assembler:
    """Completes codes against one codebook; children and title stems are cached per code."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self._children = lru_cache(maxsize=50_000)(self._load_children)
        self._code = lru_cache(maxsize=50_000)(self._load_code)

    def complete(
        self, system: str, code: str, sentence_stems: frozenset[str], note_stems: frozenset[str]
    ) -> Assembled | None:
        """The billable code under `code` that the words best support; None when `code` is unknown."""
        current = self._code(system, code)
        if current is None:
            return None
        reasons: list[str] = []
        for _ in range(MAX_DEPTH):
            if current.billable:
                return Assembled(current, tuple(reasons))
            children = self._children(current.system, current.code)
            if not children:
                return None
            parent_stems = set(content_stems(current.title))
            current, reason = _choose(children, parent_stems, sentence_stems, note_stems)
            reasons.append(reason)
        return Assembled(current, tuple(reasons)) if current.billable else None

    def _load_code(self, system: str, code: str) -> Code | None:
        found = [c for c in self.codebook.find(code) if c.system == system]
        return found[0] if found else None

    def _load_children(self, system: str, code: str) -> tuple[Code, ...]:
        parent = self._code(system, code)
        return tuple(self.codebook.children(parent)) if parent else ()


def _choose(
    children: tuple[Code, ...],
    parent_stems: set[str],
    sentence_stems: frozenset[str],
    note_stems: frozenset[str],
) -> tuple[Code, str]:
    best: tuple[float, int, Code, list[str], list[str]] | None = None
    for order, child in enumerate(children):
        own = [stem for stem in content_stems(child.title) if stem not in parent_stems]
        in_sentence = [stem for stem in own if stem in sentence_stems]
        in_note = [stem for stem in own if stem in note_stems and stem not in sentence_stems]
        if len(in_sentence) + len(in_note) < len(own):
            in_note = []  # elsewhere in the note counts only when it says everything the child adds
        title = child.title.lower()
        score = 2 * len(in_sentence) + len(in_note)
        score += sum(bonus for words, bonus in DEFAULT_BONUS.items() if words in title)
        score -= OTHER_PENALTY if "other" in title.split() else 0
        if best is None or (score, -order) > (best[0], -best[1]):
            best = (score, order, child, in_sentence, in_note)
    assert best is not None
    _, _, child, in_sentence, in_note = best
    return child, _reason(child, in_sentence, in_note)


def _reason(child: Code, in_sentence: list[str], in_note: list[str]) -> str:
    said = in_sentence + in_note
    title = child.title.lower()
    if LATERALITY & set(said):
        return f"{child.code}: laterality stated in the note ({child.title})"
    if said:
        where = "in the same sentence" if in_sentence else "elsewhere in the note"
        return f"{child.code}: the note's words {', '.join(said)} ({where}) fit '{child.title}'"
    if "initial encounter" in title:
        return f"{child.code}: 7th character for the initial encounter (active treatment assumed)"
    if "unspecified" in title:
        return f"{child.code}: the note does not give the detail that separates the codes: '{child.title}'"
    return f"{child.code}: first of its siblings; the note gives no detail to choose ('{child.title}')"
