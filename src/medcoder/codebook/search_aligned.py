"""Words the code sets use for one another, learned from the codebook itself.

An index path or inclusion term and the title of its code often say the same thing in other
words: "Cataract, senile" leads to "age-related cataract", "Homicide" to "assault", "Suicide" to
"intentional self-harm", "renal" to "kidney". Over every such pair of texts, the words only the
entry has are counted against the words only the title has; a pair of words that meet more than
once, and make up enough of what each is paired with, is taken as the same meaning. Ranking then
counts a query word as found (at a discount) in an entry that holds a word aligned with it.

Only the entries of this build are read, so the quality benchmark's held-out entries teach nothing.
"""

import sqlite3
from collections import Counter
from collections.abc import Iterable

from medcoder.codebook.search_words import content_stems

ENTRY_ORIGINS = ("index", "index_see", "inclusion_term")
MOST_UNSHARED = 3  # texts differing in more words than this do not say which word stands for which
FEWEST_MEETINGS = 2
# Of the pairs an entry-only word is in, the share with the title-only word; and the other way round,
# lower, since a common title word ("other", "unspecified") is paired with everything. Set on a
# training split of the Index held out like the benchmark's but disjoint from it: looser pairs
# kept helping there down to about these shares.
SHARE_OF_ENTRY_WORD = 0.15
SHARE_OF_TITLE_WORD = 0.05

Entry = tuple[str, str, str, str, str, int]  # as search_index.py builds them


def build_alignments(connection: sqlite3.Connection, entries: Iterable[Entry]) -> int:
    """Fill search_aligned from this build's ICD-10-CM entries; returns the number of pairs."""
    entries = [entry for entry in entries if entry[0] == "icd10cm"]
    titles = {code: content_stems(text) for _s, code, origin, text, _m, _b in entries if origin == "title"}
    meetings: Counter[tuple[str, str]] = Counter()
    entry_words: Counter[str] = Counter()
    title_words: Counter[str] = Counter()
    for _system, code, origin, text, _modifiers, _billable in entries:
        title = titles.get(code)
        if origin not in ENTRY_ORIGINS or not title:
            continue
        stems = content_stems(text)
        only_entry, only_title = stems - title, title - stems
        if 0 < len(only_entry) <= MOST_UNSHARED and 0 < len(only_title) <= MOST_UNSHARED:
            entry_words.update(only_entry)
            title_words.update(only_title)
            meetings.update((a, b) for a in only_entry for b in only_title)
    pairs = {
        pair
        for (a, b), count in meetings.items()
        if count >= FEWEST_MEETINGS
        and count >= SHARE_OF_ENTRY_WORD * entry_words[a]
        and count >= SHARE_OF_TITLE_WORD * title_words[b]
        for pair in ((a, b), (b, a))
    }
    connection.executemany("INSERT OR IGNORE INTO search_aligned VALUES (?, ?)", sorted(pairs))
    return len(pairs)


def aligned_with(connection: sqlite3.Connection, stem: str) -> frozenset[str]:
    rows = connection.execute("SELECT aligned FROM search_aligned WHERE stem = ?", (stem,))
    return frozenset(row[0] for row in rows)
