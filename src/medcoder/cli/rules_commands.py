"""`medcoder check` (claim checker), `medcoder drg` (MS-DRG grouping), `medcoder coverage search` (LCDs and
Articles) and `medcoder codebook import-cpt`."""

import json
import sys
from pathlib import Path

import click
from rich.markup import escape

from medcoder.cli.output import console, format_option, open_codebook, print_json
from medcoder.codebook import CodebookError, default_path
from medcoder.codebook.importers.cpt import import_licensed_cpt
from medcoder.rules import ClaimError, Finding, check_claim, claim_from_dict
from medcoder.rules.claim import SETTINGS
from medcoder.rules.coverage import (
    DOCUMENT_TYPES,
    NCD_NOT_AVAILABLE,
    SOURCE,
    coverage_documents_matching,
    page_count,
)
from medcoder.rules.drg import DrgAssignment, group_drg
from medcoder.rules.findings import source_version

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def _line_from_flag(value: str) -> dict:
    """`CODE[:MOD,MOD[:UNITS[:POINTER,POINTER]]]`, e.g. `20610:RT,59:2:1`."""
    code, modifiers, units, pointers = [*value.split(":"), "", "", ""][:4]
    try:
        return {
            "code": code,
            "modifiers": [m for m in modifiers.split(",") if m],
            "units": int(units) if units else 1,
            "diagnosis_pointers": [int(p) for p in pointers.split(",") if p],
        }
    except ValueError as error:
        raise click.BadParameter(
            f"{value!r}: units and pointers are whole numbers", param_hint="--line"
        ) from error


@click.command()
@click.argument("claim_file", type=click.File("r"), required=False)
@click.option("--dos", "date_of_service", help="Date of service, ISO (2026-03-14). Required with flags.")
@click.option("--pos", "place_of_service", help="Place of service, two digits (11 = office).")
@click.option("--setting", type=click.Choice(SETTINGS), default="practitioner", show_default=True)
@click.option("--dx", "diagnoses", multiple=True, help="Diagnosis code, first-listed first. Repeatable.")
@click.option("--line", "lines", multiple=True, help="CODE[:MOD,MOD[:UNITS[:POINTERS]]], e.g. 20610:RT:1:1.")
@format_option
def check(
    claim_file,
    date_of_service: str | None,
    place_of_service: str | None,
    setting: str,
    diagnoses: tuple[str, ...],
    lines: tuple[str, ...],
    output_format: str,
) -> None:
    """Check a claim: code validity on the date of service, diagnosis rules, NCCI PTP and MUE edits,
    fee-schedule modifier indicators. The claim is a JSON file ('-' for stdin) or flags.

    Exit status 1 when any finding is an error."""
    if claim_file is not None:
        try:
            raw = json.load(claim_file)
        except json.JSONDecodeError as error:
            raise click.ClickException(f"The claim is not valid JSON: {error}") from error
    else:
        raw = {
            "date_of_service": date_of_service or "",
            "place_of_service": place_of_service,
            "setting": setting,
            "diagnoses": list(diagnoses),
            "lines": [_line_from_flag(value) for value in lines],
        }
    codebook = open_codebook()
    try:
        findings = check_claim(codebook, claim_from_dict(raw))
    except ClaimError as error:
        raise click.ClickException(str(error)) from error
    if output_format == "json":
        print_json({"findings": findings})
    else:
        _print_findings(findings)
    if any(f.severity == "error" for f in findings):
        sys.exit(1)


def _print_findings(findings: list[Finding]) -> None:
    if not findings:
        console.print("No findings: every check that could be made passed.")
    for f in findings:
        where = f"line {f.line}" if f.line else "claim"
        console.print(
            f"[{SEVERITY_STYLE[f.severity]}]{f.severity:<7}[/] [bold]{f.rule}[/bold] ({where}) {f.message}"
        )
        console.print(f"        fix: {f.fix}")
        console.print(f"        [dim]source: {f.source}, {f.source_version}[/dim]")


@click.command()
@click.argument("principal")
@click.option("--secondary", "-s", multiple=True, help="Secondary diagnosis. Repeatable.")
@click.option("--procedure", "-p", multiple=True, help="ICD-10-PCS procedure. Repeatable.")
@click.option(
    "--expired", is_flag=True, help="The patient died (some CC/MCCs count only if discharged alive)."
)
@click.option("--sex", type=click.Choice(["F", "M"]), help="Needed only when the DRG depends on it.")
@format_option
def drg(
    principal: str,
    secondary: tuple[str, ...],
    procedure: tuple[str, ...],
    expired: bool,
    sex: str | None,
    output_format: str,
) -> None:
    """Group an inpatient stay into an MS-DRG and say why (CC/MCC present, exclusions).

    A stay the grouper cannot group, or whose DRG depends on a sex not given, is refused (exit 1)."""
    codebook = open_codebook()
    try:
        assignment = group_drg(
            codebook, principal, list(secondary), list(procedure), discharged_alive=not expired, sex=sex
        )
    except CodebookError as error:
        raise click.ClickException(str(error)) from error
    if output_format == "json":
        print_json(assignment)
    else:
        _print_assignment(assignment)


def _print_assignment(assignment: DrgAssignment) -> None:
    console.print(f"[bold]MS-DRG {assignment.drg}[/bold] {assignment.title}")
    console.print(
        f"MDC {assignment.mdc} {assignment.mdc_title or ''}  type {assignment.drg_type}  weight {assignment.weight}"
    )
    console.print(f"Reason: {assignment.reason}")
    for secondary in assignment.secondary:
        console.print(f"  {secondary.code}: {secondary.reason}")
    console.print(
        f"[dim]Weights and CC/MCC: {assignment.source_version}. Grouped by the {assignment.grouper}.[/dim]"
    )


@click.group()
def coverage() -> None:
    """Medicare coverage documents: Local Coverage Determinations (LCDs) and their Articles."""


@coverage.command("search")
@click.argument("query")
@click.option(
    "--type", "document_type", type=click.Choice(DOCUMENT_TYPES), help="Only LCDs or only Articles."
)
@click.option("--page", default=1, show_default=True, type=click.IntRange(1))
@format_option
def coverage_search(query: str, document_type: str | None, page: int, output_format: str) -> None:
    """Find LCDs and Articles by id or title words ("cpap", "L33718", "urine drug testing").

    Exit status 1 when nothing matches."""
    codebook = open_codebook()
    documents, total = coverage_documents_matching(codebook, query, page, document_type)
    version = source_version(codebook, SOURCE)
    if output_format == "json":
        print_json(
            {"query": query, "total": total, "page": page, "documents": documents, "source_version": version}
        )
    else:
        for doc in documents:
            retired = f" [dim](retired {doc.retired})[/dim]" if doc.retired else ""
            console.print(
                f"[bold]{doc.display_id:<7}[/bold] [dim]{doc.document_type:<7}[/dim] {escape(doc.title)}{retired}"
            )
            console.print(
                f"        {escape(doc.contractors)}; effective {doc.effective or '-'}  {doc.url}",
                soft_wrap=True,
            )
        pages = page_count(total)
        if not documents:
            console.print(
                f"No LCD or Article matches {query!r}" + (f" on page {page} of {pages}." if total else ".")
            )
        else:
            console.print(f"{total} document{'s' * (total != 1)}, page {page} of {pages}.")
        console.print(
            f"[dim]Source: Medicare Coverage Database document list, {version}. {NCD_NOT_AVAILABLE}[/dim]"
        )
    if not documents:
        sys.exit(1)


@click.command("import-cpt")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_cpt(path: Path) -> None:
    """Add CPT descriptors from your AMA-licensed file: code TAB descriptor, CSV code,descriptor, or an
    AMA file whose header names its columns (Concept Id, CPT Code, ... Descriptor).

    The codebook is replaced atomically; the file is remembered so later builds include it."""
    target = default_path()
    if not target.is_file():
        raise click.ClickException(f"No codebook at {target}. Build one first: medcoder codebook build")
    try:
        count = import_licensed_cpt(target, path)
    except CodebookError as error:
        raise click.ClickException(f"CPT import failed, codebook unchanged: {error}") from error
    console.print(f"Imported {count} CPT descriptors from {path} into {target}.")


COMMANDS = [check, drg, coverage]
