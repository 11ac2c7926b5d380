"""`medcoder lookup`, `medcoder search` and `medcoder codebook build|info`."""

import json
import sys
from itertools import groupby
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from medcoder.cli.output import console, format_option, open_codebook, print_json, progress_to
from medcoder.codebook import CodebookError, UnknownCode, build_codebook, default_path
from medcoder.codebook.records import NOTE_LABELS, Note, reporting_status
from medcoder.codebook.report import CodeReport, code_report
from medcoder.codebook.systems import SYSTEMS

STATUS_LABELS = {"billable": "billable codes", "retired": "retired codes", "header": "headers"}


@click.command()
@click.argument("code")
@click.option("--system", type=click.Choice(list(SYSTEMS)), help="Only look in this code system.")
@format_option
def lookup(code: str, system: str | None, output_format: str) -> None:
    """Show a code: title, hierarchy, notes (own and inherited), 7th characters, crosswalks."""
    codebook = open_codebook()
    try:
        found = codebook.get(code, system)
    except UnknownCode as error:
        raise click.ClickException(str(error)) from error
    report = code_report(codebook, found)
    if output_format == "json":
        print_json(report)
    else:
        _print_report(report)


def _print_report(report: CodeReport) -> None:
    """Every piece of official text goes through `escape`: titles like "[conduit]" are not Rich markup."""
    code = report.code
    console.print(
        f"[bold]{escape(code.code)}[/bold]  {SYSTEMS[code.system].name}  {escape(reporting_status(code))}"
    )
    console.print(escape(code.title))
    if code.short_title and code.short_title != code.title:
        console.print(f"[dim]Short description:[/dim] {escape(code.short_title)}")
    if code.plain:
        console.print(f"[dim]Plain language (generated):[/dim] {escape(code.plain)}")
    if "title_source" in code.attributes:
        console.print(f"[dim]Title: {escape(code.attributes['title_source'])}[/dim]")
    for ancestor in report.ancestors:
        console.print(f"  [dim]in[/dim] {escape(ancestor.code)} {escape(ancestor.title)}")
    _print_pcs_characters(report)
    for fact in report.facts:
        console.print(f"  [blue]{escape(fact.label)}:[/blue] {escape(fact.value)}")
    _print_notes(report.notes)
    for seventh in report.seventh_characters:
        console.print(f"  [magenta]7th {seventh.character}[/magenta] {escape(seventh.meaning)}")
    for child in report.children[:30]:
        console.print(f"  [green]{escape(child.code)}[/green] {escape(child.title)}")
    for walk in report.crosswalks:
        target = walk.to_code or "no map"
        known = escape(walk.to_title or "")
        if walk.to_code and not walk.to_title:
            known = "(not in the current code set)"  # GEMs predate later code-set updates
        console.print(f"  [yellow]GEM -> {walk.to_system} {escape(target)}[/yellow] {known}")
    if report.source:
        console.print(f"[dim]Source: {escape(report.source.title)}, {escape(report.source.version)}[/dim]")


def _print_notes(notes: list[Note]) -> None:
    """Each note after its label; the items of a list under their lead-in, which is printed once."""
    for (kind, declared_on, inherited, lead_in), items in groupby(
        notes, key=lambda note: (note.kind, note.declared_on, note.inherited, note.lead_in)
    ):
        label = f"  [cyan]{NOTE_LABELS.get(kind, kind)}:[/cyan]"
        origin = f" [dim](from {escape(declared_on)})[/dim]" if inherited else ""
        if lead_in:
            console.print(f"{label} {escape(lead_in)}{origin}")
        for item in items:
            console.print(f"      {escape(item.text)}" if lead_in else f"{label} {escape(item.text)}{origin}")


def _print_pcs_characters(report: CodeReport) -> None:
    """ICD-10-PCS: what each character means, with the official definition of its value (root
    operations and approaches are defined; body parts and devices list what they include)."""
    definitions = {definition.axis: definition for definition in report.pcs_definitions}
    for axis in report.code.attributes.get("axes", []):
        console.print(
            f"  [blue]{axis['position']} {axis['axis']}:[/blue] {axis['value']} {escape(axis['label'])}"
        )
        definition = definitions.get(axis["position"])
        for text in (definition.definition, definition.explanation) if definition else ():
            if text:
                console.print(f"      [dim]{escape(text)}[/dim]")
        if definition and definition.includes:
            console.print(f"      [dim]Includes: {escape('; '.join(definition.includes))}[/dim]")


@click.command()
@click.argument("query", required=False)
@click.option("--system", "systems", multiple=True, type=click.Choice(list(SYSTEMS)), help="Repeatable.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 500))
@click.option("--billable", is_flag=True, help="Only billable codes.")
@click.option("--batch", type=click.File("r"), help="One query per line ('-' for stdin); JSON lines out.")
@format_option
def search(
    query: str | None, systems: tuple[str, ...], limit: int, billable: bool, batch, output_format: str
) -> None:
    """Search codes by code prefix, words, phrases or everyday language."""
    if (query is None) == (batch is None):
        raise click.UsageError("Give a QUERY or --batch FILE (not both).")
    codebook = open_codebook()
    run = lambda q: codebook.search(q, systems=list(systems) or None, limit=limit, billable_only=billable)  # noqa: E731
    if batch is not None:
        for line in batch:
            if line.strip():
                hits = run(line.strip())
                results = [{"code": h.code, "system": h.system, "title": h.title} for h in hits]
                click.echo(json.dumps({"query": line.strip(), "results": results}, ensure_ascii=False))
        return
    hits = run(query)
    if output_format == "json":
        print_json(hits)
        return
    if not hits:
        console.print(f"No codes match {query!r}.")
        sys.exit(1)
    for hit in hits:
        status = "" if hit.billable else f" [dim]({codebook.get(hit.code, hit.system).status})[/dim]"
        console.print(f"[bold]{hit.code:<10}[/bold] [dim]{hit.system:<9}[/dim] {escape(hit.title)}{status}")


@click.group()
def codebook() -> None:
    """Build and inspect the codebook file."""


@codebook.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MEDCODER_DATA_DIR",
    help="Folder with the official files (e.g. ../shared/data). Package-carried data is always used.",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def build(data_dir: Path | None, output: Path | None) -> None:
    """Build the codebook from the official sources (atomic: a failure keeps the previous file)."""
    target = output or default_path()
    if data_dir is not None and not data_dir.is_dir():
        raise click.ClickException(f"{data_dir} is not a folder. Point --data-dir at the official files.")
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        progress = progress_to(bar)
        try:
            report = build_codebook(target, data_dir, progress)
        except CodebookError as error:
            raise click.ClickException(f"Build failed, previous codebook kept: {error}") from error
    for skipped in report.skipped:
        console.print(f"[yellow]skipped[/yellow] {skipped}")
    size = target.stat().st_size / 1e6
    console.print(f"Built {target} ({size:.0f} MB) in {report.seconds:.0f} s: {', '.join(report.imported)}")


@codebook.command()
@format_option
def info(output_format: str) -> None:
    """Which sources and versions the codebook holds."""
    book = open_codebook()
    if output_format == "json":
        print_json(
            {"path": str(book.path), "meta": book.meta, "sources": book.sources(), "systems": book.systems()}
        )
        return
    console.print(f"{book.path}  built {book.meta.get('built_at')}")
    table = Table("source", "version", "effective", "records", "file")
    for source in book.sources():
        table.add_row(
            source.name, source.version, source.effective or "", str(source.records), source.location
        )
    console.print(table)
    for system, counts in book.status_counts().items():
        console.print(f"{SYSTEMS[system].name}: {_counted(counts, SYSTEMS[system].replaced_by)}")


def _counted(counts: dict[str, int], replaced_by: str | None) -> str:
    """'74719 billable codes, 23786 headers'; a retired system says what replaced it."""
    parts = [f"{counts[status]} {label}" for status, label in STATUS_LABELS.items() if counts[status]]
    return ", ".join(parts) + (f" (replaced by {replaced_by})" if replaced_by else "")


COMMANDS = [lookup, search, codebook]
