"""`medcoder case2code`: code a clinical note (or a folder of notes) to ICD-10-CM with evidence."""

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from medcoder.cli.output import as_jsonable, console, format_option, open_codebook, print_json
from medcoder.codebook import Codebook, default_path
from medcoder.notecoder import CodingResult, NoteCoder, NoteCoderError
from medcoder.notecoder.findings import SETTINGS

setting_option = click.option(
    "--setting",
    type=click.Choice(SETTINGS),
    default="inpatient",
    show_default=True,
    help="Inpatient codes uncertain diagnoses ('probable', 'rule out') as established; outpatient does not.",
)


@click.command("case2code")
@click.argument("note", required=False, type=click.File("r", encoding="utf-8"))
@setting_option
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Default: the calibrated threshold.")
@click.option(
    "--batch", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder of .txt notes."
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="JSON lines file for --batch.")
@click.option("--workers", type=click.IntRange(1, 32), default=min(2, os.cpu_count() or 1), show_default=True)
@format_option
def case2code(
    note,
    setting: str,
    min_confidence: float | None,
    batch: Path | None,
    out: Path | None,
    workers: int,
    output_format: str,
) -> None:
    """Code NOTE (a text file, '-' for stdin): ranked billable codes with evidence, or --batch DIR --out FILE."""
    if batch is not None:
        if out is None or note is not None:
            raise click.UsageError("--batch DIR needs --out FILE.jsonl and no NOTE argument")
        _code_folder(batch, out, setting, min_confidence, workers)
        return
    if note is None:
        raise click.UsageError("give a note file, '-' for stdin, or --batch DIR --out FILE.jsonl")
    coder = NoteCoder(open_codebook())
    text = note.read()
    try:
        result = coder.code(text, setting=setting, min_confidence=min_confidence)
    except NoteCoderError as error:
        raise click.ClickException(str(error)) from error
    if output_format == "json":
        print_json(result)
    else:
        _print_result(result, text)


def _print_result(result: CodingResult, text: str) -> None:
    if not result.codes:
        console.print("No code reached the confidence threshold.")
    for rank, suggestion in enumerate(result.codes, start=1):
        console.print(
            f"{rank:>2}. [bold]{suggestion.code}[/bold] {suggestion.title}  [dim]confidence {suggestion.confidence:.2f}[/dim]"
        )
        for span in suggestion.evidence:
            console.print(f'      evidence {span.start}-{span.end}: "{span.text}"')
        for reason in suggestion.specificity:
            console.print(f"      [cyan]why:[/cyan] {reason}")
        for check in suggestion.checks:
            if check.outcome != "passed":
                console.print(f"      [yellow]{check.name} ({check.outcome}):[/yellow] {check.detail}")
    for aside in result.set_aside:
        spans = ", ".join(f'"{span.text}"' for span in aside.evidence)
        console.print(f"   [dim]not coded {aside.code}: {aside.reason} — {spans}[/dim]")
    if result.codes:
        console.print(f"[dim]Source: {result.codes[0].source}; setting {result.setting}[/dim]")


_worker_coder: NoteCoder | None = None


def _start_worker(codebook_path: str) -> None:
    global _worker_coder
    _worker_coder = NoteCoder(Codebook.open(codebook_path))


def _code_file(path: Path, setting: str, min_confidence: float | None) -> str:
    """One JSON line for one note; a note that cannot be coded gets an "error" line, never a crash."""
    assert _worker_coder is not None
    try:
        text = path.read_text(encoding="utf-8")
        result = _worker_coder.code(text, setting=setting, min_confidence=min_confidence)
    except (NoteCoderError, UnicodeDecodeError) as error:
        return json.dumps({"file": path.name, "error": str(error)}, ensure_ascii=False)
    return json.dumps({"file": path.name, **as_jsonable(result)}, ensure_ascii=False)


def _code_folder(folder: Path, out: Path, setting: str, min_confidence: float | None, workers: int) -> None:
    open_codebook()  # a clear message now rather than one per worker
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise click.ClickException(f"No .txt notes in {folder}")
    columns = (TextColumn("coding notes"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(str(default_path()),)) as pool,
        out.open("w", encoding="utf-8") as lines,
        Progress(*columns, console=console, transient=not sys.stderr.isatty()) as progress,
    ):
        task = progress.add_task("notes", total=len(paths))
        for line in pool.map(
            _code_file, paths, [setting] * len(paths), [min_confidence] * len(paths), chunksize=4
        ):
            lines.write(line + "\n")
            progress.advance(task)
    console.print(f"{len(paths)} notes coded -> {out}")


COMMANDS = [case2code]
