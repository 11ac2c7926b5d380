"""The codes API: one code with everything known about it, and search. Code lookups are metered like
code pages (premium unlimited); search is free."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from medcoder.codebook import UnknownCode
from medcoder.codebook.report import code_report
from medcoder.codebook.systems import SYSTEMS
from medcoder.web.accounts.api import AllowanceErrorOut, ErrorOut, api_visitor
from medcoder.web.codebook import shared_codebook
from medcoder.web.codes.page import count_code_view

router = Router(tags=["codes"])


class SourceOut(Schema):
    name: str
    title: str
    version: str
    copyright: str


class NoteOut(Schema):
    kind: str
    text: str
    declared_on: str
    inherited: bool


class CrosswalkOut(Schema):
    to_system: str
    to_code: str | None
    to_title: str | None
    approximate: bool
    no_map: bool
    combination: bool
    scenario: int
    choice_list: int
    source: str


class CodeOut(Schema):
    system: str
    code: str
    title: str
    billable: bool
    kind: str
    plain_language: str | None = Field(description="Generated plain-language description; not official text")
    source: SourceOut | None
    parents: list[str]
    children: list[str]
    notes: list[NoteOut]
    seventh_characters: dict[str, str]
    crosswalks: list[CrosswalkOut]
    attributes: dict
    remaining_lookups: int | None = Field(description="Metered lookups left; null = unlimited or not metered")


class UnknownCodeOut(Schema):
    detail: str
    suggestions: list[str]


class SearchParams(Schema):
    q: str = Field(min_length=1, max_length=200, description="Words or the start of a code")
    system: str | None = Field(None, description=f"One of: {', '.join(SYSTEMS)}; empty for all")
    limit: int = Field(20, ge=1, le=100)


class HitOut(Schema):
    system: str
    code: str
    title: str
    billable: bool
    score: float
    matched: str


@router.get(
    "/codes/{system}/{code}",
    response={200: CodeOut, 401: ErrorOut, 402: AllowanceErrorOut, 404: UnknownCodeOut},
    summary="One code with its notes, hierarchy, 7th characters and crosswalks",
)
def get_code(request: HttpRequest, system: str, code: str):
    if system not in SYSTEMS:
        return Status(404, {"detail": f"unknown system {system!r}", "suggestions": list(SYSTEMS)})
    book = shared_codebook()
    try:
        found = book.get(code, system)
    except UnknownCode as unknown:
        return Status(404, {"detail": str(unknown), "suggestions": unknown.suggestions})
    counted = count_code_view(api_visitor(request), found)
    report = code_report(book, found)
    source = report.source
    return {
        "system": found.system,
        "code": found.code,
        "title": found.title,
        "billable": found.billable,
        "kind": found.kind,
        "plain_language": found.plain,
        "source": source and {**vars(source)},
        "parents": [ancestor.code for ancestor in report.ancestors],
        "children": [child.code for child in report.children],
        "notes": [vars(note) for note in report.notes],
        "seventh_characters": {row.character: row.meaning for row in report.seventh_characters},
        "crosswalks": [vars(crosswalk) for crosswalk in report.crosswalks],
        "attributes": found.attributes,
        "remaining_lookups": counted.remaining if counted else None,
    }


@router.get("/search", response={200: list[HitOut], 400: ErrorOut}, summary="Search codes across systems")
def search(request: HttpRequest, params: Query[SearchParams]):
    if params.system and params.system not in SYSTEMS:
        return Status(400, {"detail": f"unknown system {params.system!r}; one of {', '.join(SYSTEMS)}"})
    systems = [params.system] if params.system else None
    return Status(
        200, [vars(hit) for hit in shared_codebook().search(params.q, systems=systems, limit=params.limit)]
    )
