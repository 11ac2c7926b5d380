"""Everything known about one code, gathered once for the CLI, the web page and the API."""

from dataclasses import dataclass

from medcoder.codebook import hcpcs_values
from medcoder.codebook.lookup import Codebook
from medcoder.codebook.records import (
    Code,
    Crosswalk,
    Fact,
    IndexTerm,
    Note,
    PcsDefinition,
    SeventhCharacter,
    Source,
)

HCPCS_SYSTEMS = ("hcpcs", "hcpcs-modifier")


@dataclass(frozen=True)
class CodeReport:
    code: Code
    source: Source | None
    ancestors: list[Code]
    children: list[Code]
    notes: list[Note]
    seventh_characters: list[SeventhCharacter]
    crosswalks: list[Crosswalk]
    index_terms: list[IndexTerm]
    pcs_definitions: list[PcsDefinition]
    facts: list[Fact]  # HCPCS dates, coverage (with its manual sections), BETOS, pricing... labelled


def code_report(codebook: Codebook, code: Code) -> CodeReport:
    return CodeReport(
        code=code,
        source=codebook.source(code.source),
        ancestors=codebook.ancestors(code),
        children=codebook.children(code),
        notes=codebook.notes(code),
        seventh_characters=codebook.seventh_characters(code),
        crosswalks=codebook.crosswalk(code),
        index_terms=codebook.index_terms(code),
        pcs_definitions=codebook.pcs_definitions(code),
        facts=hcpcs_values.facts(code) if code.system in HCPCS_SYSTEMS else [],
    )
