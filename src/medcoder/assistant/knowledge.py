"""The knowledge articles (`knowledge/*.md`): our own summaries of official guidance, each naming the
official section it summarises, and the retrieval that picks the article a question is about.

Front matter (between `---` lines): `title`, `topic`, `keywords` (comma separated), `codes` (comma
separated: modifiers, CPT/HCPCS/ICD codes the article is about) and `references` (a `- ` list of
official sections with their version). The first paragraph of the body is the short answer; `- `
lines are the key points.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from medcoder.codebook.systems import code_key

WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
CONNECTORS = frozenset(["to", "with", "in", "of", "for", "and", "or", "by", "from", "on", "as", "at", "the"])
CODE_TOKEN = re.compile(r"\b[A-Z0-9]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?\b")
CODE_RANGE = re.compile(r"\b([0-9A-Z]\d{3}[0-9A-Z])-([0-9A-Z]\d{3}[0-9A-Z])\b")
CATEGORY_RANGE = re.compile(r"\b([A-Z]\d{2})-([A-Z]\d{2})\b")  # "C00-C96", ICD-10-CM categories
CODE_POINT = re.compile(r"^([0-9A-Z]\d{3}[0-9A-Z])(?:-([0-9A-Z]\d{3}[0-9A-Z]))?: ")
COMPARISON = re.compile(
    r"\bbetween\s+(?:an?\s+|the\s+)?(.+?)\s+(?:and|vs\.?|versus)\s+(?:an?\s+|the\s+)?(.+)"
    r"|^(?:what is\s+)?(?:an?\s+|the\s+)?(.+?)\s+(?:vs\.?|versus)\s+(.+)"
    r"|(?:how )?(?:does|do|is)\s+(?:an?\s+|the\s+)?(.+?)\s+differ(?:ent)?\s+from\s+(?:an?\s+|the\s+)?(.+)",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "code",
        "codes",
        "coding",
        "coder",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "of",
        "on",
        "or",
        "our",
        "should",
        "the",
        "this",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
        "we",
        "my",
        "there",
        "their",
        "about",
        "tell",
        "explain",
        "mean",
        "means",
        "meaning",
        "use",
        "used",
        "using",
        "icd",
        "10",
        "cm",
        "9",
        "icd-10",
        "icd-10-cm",
        "icd-10-pcs",
        "cpt",
        "hcpcs",
        # Every coverage question says these; they are its topic, not what it is about.
        "medicare",
        "cover",
        "covers",
        "covered",
        "coverage",
    ]
)


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    topic: str
    keywords: tuple[str, ...]
    codes: tuple[str, ...]
    references: tuple[str, ...]
    summary: str
    points: tuple[str, ...]

    @property
    def reference(self) -> str:
        return "; ".join(self.references)


class ArticleFormatError(ValueError):
    """An article's front matter is missing a field; raised when the articles are loaded."""


@cache
def articles() -> tuple[Article, ...]:
    folder = files("medcoder.assistant").joinpath("knowledge")
    return tuple(
        parse_article(entry.name.removesuffix(".md"), entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".md")
    )


def parse_article(slug: str, text: str) -> Article:
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    if not match:
        raise ArticleFormatError(f"{slug}: no front matter")
    fields: dict[str, str] = {}
    references: list[str] = []
    for line in match.group(1).splitlines():
        if line.startswith("  - ") or line.startswith("- "):
            references.append(line.split("- ", 1)[1].strip())
        elif ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    missing = {"title", "topic", "keywords"} - set(fields)
    if missing or not references:
        raise ArticleFormatError(f"{slug}: missing {', '.join(sorted(missing)) or 'references'}")
    body = match.group(2).strip()
    paragraphs = body.split("\n\n")
    points = tuple(line[2:].strip() for line in body.splitlines() if line.startswith("- "))
    return Article(
        slug=slug,
        title=fields["title"],
        topic=fields["topic"],
        keywords=_listed(fields["keywords"].lower()),
        codes=_listed(fields.get("codes", "").upper()),
        references=tuple(references),
        summary=" ".join(paragraphs[0].split()),
        points=points,
    )


def _listed(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def words(text: str) -> set[str]:
    """Content words, lightly stemmed; 'icd-9' or 'e/m' count whole and by their parts."""
    found = set()
    for word in WORD.findall(text.lower()):
        found.add(word)
        found.update(re.split(r"[-/]", word))
    return {_stem(w) for w in found if w not in STOPWORDS}


def _stem(word: str) -> str:
    for suffix, shortest in (("ing", 6), ("es", 6), ("s", 4)):
        if len(word) >= shortest and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


@cache
def _article_words(article: Article) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    keyword_words = frozenset(w for k in article.keywords for w in words(k))
    # Codes in the summary do not count here: `codes` in the front matter says what an article is about.
    summary_words = frozenset(w for w in words(article.summary) if not any(ch.isdigit() for ch in w))
    return keyword_words, frozenset(words(article.title)), summary_words


@cache
def _keywords(article: Article) -> tuple[tuple[frozenset[str], re.Pattern | None], ...]:
    """Each keyword's content words, and for a phrase the pattern that finds it written whole (None for a
    single word). A word and a connector ("due to", "diabetes with") is no phrase: it counts as its word,
    so "sepsis due to pneumonia" is not about the "with" convention."""
    found = []
    for keyword in article.keywords:
        content = frozenset(words(keyword))
        if " " not in keyword:
            found.append((content, None))
        elif len([w for w in keyword.split() if w not in CONNECTORS]) >= 2:
            found.append((content, re.compile(rf"(?<![\w/-]){re.escape(keyword)}(?![\w/-])")))
    return tuple(found)


def best_articles(
    question: str, topic: str | None, codes: tuple[str, ...] = (), limit: int = 1
) -> list[Article]:
    """Articles ranked by: a code they are about, whole keyword phrases, keyword words, title, topic.

    One shared word is not evidence ("order lunch for the team" is not about team surgery), and neither
    is the topic alone ("unsubscribe me from this list" is no guideline question): an article needs a
    code it is about, a whole keyword ("unbundling", "team surgery"), two matching words in a question
    with a topic, or the question's topic and one matching word. `codes` are undotted keys of modifiers and codebook codes
    (the front matter's vocabulary; place-of-service and DRG numbers are matched by keywords).
    """
    asked = words(question)
    scored = [
        (score, article.slug, article)
        for article in articles()
        if (score := _score(article, question.lower(), asked, topic, codes))
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [article for _, _, article in scored[:limit]]


def articles_for(question: str, topic: str | None, codes: tuple[str, ...] = ()) -> list[Article]:
    """The article a question is about; for a comparison ("Excludes1 vs Excludes2") one per side when
    the sides have different articles."""
    sides = compared(question)
    if sides is not None:
        picked = [best_articles(side, topic, _codes_in(side, codes)) for side in sides]
        if all(picked) and picked[0][0] != picked[1][0]:
            return [picked[0][0], picked[1][0]]
    return best_articles(question, topic, codes)


def _codes_in(text: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    written = {match.replace(".", "").upper() for match in re.findall(r"[A-Za-z0-9.]+", text)}
    return tuple(code for code in codes if code in written)


def is_specific(article: Article, question: str, codes: tuple[str, ...] = ()) -> bool:
    """Whether the article is about what the question names (a code it is about, or a whole keyword such
    as "acupuncture"), not only on its topic: such an article answers before a tool's side note."""
    shared_codes, _, whole_keyword = _evidence(article, question.lower(), words(question), codes)
    return bool(shared_codes or whole_keyword)


def _evidence(
    article: Article, lowered: str, asked: set[str], codes: tuple[str, ...]
) -> tuple[int, int, bool]:
    """Codes shared, keyword phrases written whole, and whether any keyword is there whole."""
    keywords = _keywords(article)
    phrases = sum(1 for _, pattern in keywords if pattern is not None and pattern.search(lowered))
    whole_keyword = bool(phrases) or any(
        pattern is None and content and content <= asked for content, pattern in keywords
    )
    return shared_codes_of(article, codes), phrases, whole_keyword


def _score(
    article: Article, lowered: str, asked: set[str], topic: str | None, codes: tuple[str, ...]
) -> float:
    """The article's relevance to the question (lower case, and its content words), 0 when it has no
    evidence or scores below 3."""
    keyword_words, title_words, summary_words = _article_words(article)
    shared_codes, phrases, whole_keyword = _evidence(article, lowered, asked, codes)
    matched = asked & (keyword_words | title_words)
    on_topic = article.topic == topic
    # With no topic signal at all, two shared everyday words ("time", "office") are not evidence either.
    enough_words = len(matched) >= 2 and topic is not None
    # On the question's topic one word is enough when it is in the title, the article's subject
    # ("continuous" of "continuous positive airway pressure" is no CPAP question).
    if not (shared_codes or whole_keyword or enough_words or (on_topic and matched & title_words)):
        return 0.0
    score = 4.0 * shared_codes + 3.0 * phrases
    score += 2.0 * len(asked & keyword_words) + 1.0 * len(asked & title_words)
    score += 2.0 * len(asked & title_words) / max(len(title_words), 1)
    score += 0.3 * len(asked & summary_words)
    score += 2.5 if on_topic else 0.0
    return score if score >= 3.0 else 0.0


def article_by_slug(slug: str) -> Article | None:
    return next((a for a in articles() if a.slug == slug), None)


def shared_codes_of(article: Article, codes: tuple[str, ...]) -> int:
    """How many of the article's codes the asked code keys are, or lie under."""
    if not codes:
        return 0
    return sum(1 for code in _code_keys(article) if any(_is_or_under(asked, code) for asked in codes))


@cache
def _code_keys(article: Article) -> tuple[str, ...]:
    return tuple(map(code_key, article.codes))


def _is_or_under(asked: str, code: str) -> bool:
    """An asked code key is an article's code, or lies in an ICD category or range of categories it
    names (E10.9 in E10, C50.911 in C00-C96)."""
    if "-" in code:
        first, _, last = code.partition("-")
        return first[:1].isalpha() and first <= asked[:3] <= last
    return asked == code or (len(code) >= 3 and code[0].isalpha() and asked.startswith(code))


def point_about(code: str) -> tuple[Article, str] | None:
    """The article point written about `code` itself: one that starts with the code or a range holding
    it ("99214: ...", "99391-99397: ..."). CPT descriptors are AMA text we cannot ship; these points are
    our own one-line summaries of what such a code is for."""
    key = code_key(code)
    for article in articles():
        for point in article.points:
            match = CODE_POINT.match(point)
            if match and names_code(match.group(0), key):
                return article, point
    return None


def names_code(text: str, key: str) -> bool:
    """Whether `text` names the code with undotted `key`: itself, its category ("E10" names E10.9) or a
    range holding it ("99391-99397" names 99396, "C00-C96" names C50.911)."""
    for first, last in CODE_RANGE.findall(text):
        if len(key) == len(first) and first <= key <= last and key[-1].isdigit() == last[-1].isdigit():
            return True
    if any(first <= key[:3] <= last for first, last in CATEGORY_RANGE.findall(text)):
        return True
    return any(key.startswith(code_key(token)) for token in CODE_TOKEN.findall(text))


def compared(question: str) -> tuple[str, str] | None:
    """The two things a question compares ("difference between Excludes1 and Excludes2", "26 vs TC")."""
    match = COMPARISON.search(question)
    if match is None:
        return None
    first, second = (group for group in match.groups() if group is not None)
    return first.strip(), second.strip(" ?.")
