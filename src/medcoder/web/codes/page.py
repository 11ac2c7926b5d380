"""Everything a code page shows, gathered from the codebook: the report, notes with links, facts."""

from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from medcoder.codebook import Code, Codebook, Note, Source
from medcoder.codebook.records import NOTE_LABELS, Fact, reporting_status
from medcoder.codebook.report import CodeReport, code_report
from medcoder.codebook.systems import SYSTEMS
from medcoder.web.accounts.metering import Allowance, Visitor, use
from medcoder.web.codes.billing import PTP_SETTINGS, BillingFacts, billing_facts
from medcoder.web.codes.facts import PcsCharacter, attribute_facts, pcs_characters
from medcoder.web.codes.references import NoteSegment, link_references

CODE_PAGE_METER = "code_page"
# Grouping pages (chapters, blocks, PCS sections and tables) are navigation, free to everyone.
UNMETERED_KINDS = {"chapter", "block", "section", "body-system", "table", "range"}

# A page groups several inclusion terms under one heading.
GROUP_LABELS = {**NOTE_LABELS, "inclusion_term": "Inclusion terms"}
# Rendered code pages kept per process (about 10 KB each).
RENDERED_PAGES_KEPT = 4096


@dataclass(frozen=True)
class NoteGroup:
    """Consecutive notes of one kind declared on one code (the code itself, or an ancestor if inherited)."""

    kind: str
    label: str
    declared_on: str
    inherited: bool
    lists: list["NoteList"]


@dataclass(frozen=True)
class NoteList:
    """Consecutive notes under one lead-in ("code, if applicable, to identify:"), or None."""

    lead_in: str | None
    notes: list[list[NoteSegment]]


@dataclass(frozen=True)
class CodePage:
    report: CodeReport
    note_groups: list[NoteGroup]
    pcs_characters: list[PcsCharacter]
    pcs_definitions_source: Source | None
    facts: list[Fact]
    crosswalk_source: Source | None
    index_sources: list[Source]
    billing: BillingFacts | None


def code_page(codebook: Codebook, code: Code) -> CodePage:
    """A grouping page (chapter, section, table...) shows the hierarchy and notes, not the facts and
    billing rules, which belong to codes."""
    report = code_report(codebook, code)
    grouping = code.kind in UNMETERED_KINDS
    return CodePage(
        report=report,
        note_groups=_note_groups(codebook, code.system, report.notes),
        pcs_characters=pcs_characters(code, report.pcs_definitions),
        pcs_definitions_source=codebook.source(report.pcs_definitions[0].source)
        if report.pcs_definitions
        else None,
        facts=[] if grouping else (report.facts or attribute_facts(code)),
        crosswalk_source=codebook.source(report.crosswalks[0].source) if report.crosswalks else None,
        index_sources=[
            source
            for name in dict.fromkeys(term.source for term in report.index_terms)
            if (source := codebook.source(name))
        ],
        billing=None if grouping else billing_facts(codebook, code),
    )


@dataclass(frozen=True)
class RenderedCodePage:
    """A code page's HTML but for what depends on the visitor (the allowance line, the site frame)."""

    header: SafeString
    body: SafeString


@lru_cache(maxsize=RENDERED_PAGES_KEPT)
def rendered_code_page(book: Codebook, system_slug: str, code: str) -> RenderedCodePage:
    """The page of `code` in `book`, rendered once per process: a codebook never changes once built,
    and rendering is most of what a code page costs. Nothing visitor-specific goes in."""
    found = book.get(code, system_slug)
    page = code_page(book, found)
    context = {
        "system": SYSTEMS[system_slug],
        "code": found,
        "page": page,
        "ptp_settings": PTP_SETTINGS.items(),
    }
    return RenderedCodePage(
        header=render_to_string(
            "codes/code_header.html", {**context, **header_context(found, page.report.ancestors)}
        ),
        body=render_to_string("codes/code_body.html", context),
    )


def header_context(code: Code, ancestors: list[Code] | None) -> dict:
    """What codes/code_header.html needs besides the system and the code."""
    return {"ancestors": ancestors, "reporting_status": reporting_status(code)}


def count_code_view(visitor: Visitor, code: Code) -> Allowance | None:
    """Count a full view of `code` (free again when re-opened); None for unmetered grouping pages.

    Raises `AllowanceExhausted` when the visitor's plan has no views left.
    """
    if code.kind in UNMETERED_KINDS:
        return None
    return use(visitor, CODE_PAGE_METER, f"{code.system}:{code.code}")


def _note_groups(codebook: Codebook, system: str, notes: list[Note]) -> list[NoteGroup]:
    def exists(code: str) -> bool:
        return codebook.exists(code, system)

    groups = []
    for (kind, declared_on, inherited), members in groupby(
        notes, key=lambda note: (note.kind, note.declared_on, note.inherited)
    ):
        lists = [
            NoteList(lead_in, [link_references(note.text, exists) for note in items])
            for lead_in, items in groupby(members, key=lambda note: note.lead_in)
        ]
        label = GROUP_LABELS.get(kind, kind.replace("_", " ").capitalize())
        groups.append(NoteGroup(kind, label, declared_on, inherited, lists))
    return groups
