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

WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
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


def best_articles(question: str, topic: str, codes: tuple[str, ...] = (), limit: int = 1) -> list[Article]:
    """Articles ranked by: a code they are about, whole keyword phrases, keyword words, title, topic.

    One shared word is not evidence ("order lunch for the team" is not about team surgery): an article
    needs a code it is about, a whole keyword ("unbundling", "team surgery"), the question's topic, or
    two matching words.
    """
    lowered = question.lower()
    asked = words(question)
    scored = []
    for article in articles():
        keyword_words, title_words, summary_words = _article_words(article)
        shared_codes = len(set(codes) & set(article.codes))
        phrases = sum(1 for phrase in article.keywords if " " in phrase and phrase in lowered)
        whole_keyword = phrases or any(" " not in k and words(k) <= asked for k in article.keywords)
        matched = asked & (keyword_words | title_words)
        if not (shared_codes or whole_keyword or article.topic == topic or len(matched) >= 2):
            continue
        score = 4.0 * shared_codes + 3.0 * phrases
        score += 2.0 * len(asked & keyword_words) + 1.0 * len(asked & title_words)
        score += 2.0 * len(asked & title_words) / max(len(title_words), 1)
        score += 0.3 * len(asked & summary_words)
        score += 2.5 if article.topic == topic else 0.0
        if score >= 3.0:
            scored.append((score, article.slug, article))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [article for _, _, article in scored[:limit]]


def article_by_slug(slug: str) -> Article | None:
    return next((a for a in articles() if a.slug == slug), None)
