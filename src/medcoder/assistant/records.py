"""What the assistant hands back: an answer with its supporting facts, their citations, and the state a
conversation carries from one question to the next."""

from dataclasses import dataclass, field

from medcoder.codebook.systems import SYSTEMS


@dataclass(frozen=True)
class Citation:
    """Where a fact comes from: an official source and its version, and a link when we have a page."""

    source: str
    version: str
    url: str | None = None

    def label(self) -> str:
        return f"{self.source}, {self.version}" if self.version else self.source


@dataclass(frozen=True)
class Fact:
    text: str
    citation: Citation


@dataclass(frozen=True)
class CodeMention:
    """A code a question names or a tool returns. `system` is a codebook system slug, or 'drg', 'pos',
    'modifier' (a CPT modifier), 'article' (named by a knowledge article) or 'coverage-document' (an LCD
    or Article id) for what has no code page."""

    system: str
    code: str

    @property
    def link(self) -> str | None:
        return f"/codes/{self.system}/{self.code}/" if self.system in SYSTEMS else None


@dataclass(frozen=True)
class Conversation:
    """The little a follow-up needs ("and what about E10?"): the last topic and the codes it was about.

    The CLI and the web pass it back with the next question as `to_json()` / `from_json()`.
    """

    topic: str | None = None
    codes: tuple[CodeMention, ...] = ()

    def to_json(self) -> dict:
        return {"topic": self.topic, "codes": [{"system": c.system, "code": c.code} for c in self.codes]}

    @classmethod
    def from_json(cls, state: dict | None) -> "Conversation":
        """Reads what `to_json` wrote; anything malformed starts a fresh conversation."""
        if not isinstance(state, dict):
            return cls()
        topic = state.get("topic") if isinstance(state.get("topic"), str) else None
        codes = tuple(
            CodeMention(str(c["system"]), str(c["code"]))
            for c in state.get("codes") or []
            if isinstance(c, dict) and "system" in c and "code" in c
        )
        return cls(topic, codes[:4])


@dataclass(frozen=True)
class Answer:
    """The answer first (`summary`), then the facts that support it, each with its citation.

    `codes` lists every code the answer states, each one returned by a tool for this question.
    `sources` cite the summary itself where it comes from a knowledge article rather than a fact.
    `answered` is the contract CaseConsultant relies on to mail an answer without a person: True only
    when the tools or an article answered what was asked, every stated code came from a tool and every
    statement is cited; False for off-topic text, unknown codes, data that is not loaded, or anything
    else the summary can only say it would need.
    """

    question: str
    topic: str
    summary: str
    facts: tuple[Fact, ...] = ()
    codes: tuple[CodeMention, ...] = ()
    conversation: Conversation = field(default_factory=Conversation)
    answered: bool = True
    sources: tuple[Citation, ...] = ()

    @property
    def citations(self) -> list[Citation]:
        return list(dict.fromkeys([*self.sources, *(fact.citation for fact in self.facts)]))

    @property
    def text(self) -> str:
        """The answer as plain text: the summary and each fact with their source numbers, then the sources."""
        labels = list(dict.fromkeys(citation.label() for citation in self.citations))
        marks = "".join(f" [{labels.index(c.label()) + 1}]" for c in dict.fromkeys(self.sources))
        lines = [self.summary + marks]
        lines += [f"- {fact.text} [{labels.index(fact.citation.label()) + 1}]" for fact in self.facts]
        if labels:
            lines.append("Sources:")
            lines += [f"[{n}] {label}" for n, label in enumerate(labels, start=1)]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "summary": self.summary,
            "facts": [
                {
                    "text": f.text,
                    "source": f.citation.source,
                    "version": f.citation.version,
                    "url": f.citation.url,
                }
                for f in self.facts
            ],
            "topic": self.topic,
            "answered": self.answered,
            "codes": [c.code for c in self.codes],
            "links": [c.link for c in self.codes if c.link],
            "citations": [{"source": c.source, "version": c.version, "url": c.url} for c in self.citations],
            "conversation": self.conversation.to_json(),
        }


@dataclass(frozen=True)
class Finding:
    """What one tool found: a sentence for the answer, its supporting facts, and the codes it returned."""

    summary: str
    facts: tuple[Fact, ...] = ()
    codes: tuple[CodeMention, ...] = ()
    answered: bool = True
    is_article: bool = False  # a knowledge article: context, shown after what the tools found
    sources: tuple[Citation, ...] = ()  # what the summary itself rests on (an article's references)
    # A tool's side note ("no LCD title names it", "CPT descriptors need a licence") has False: it follows
    # an article about the same thing instead of leading. An article has True when it is about what the
    # question names, False when it is only context.
    leads: bool = True
    # False when the tool found no rule and can only say where the decision lies ("the guidelines
    # decide"): a guideline point on exactly what was asked then goes first.
    settled: bool = True
