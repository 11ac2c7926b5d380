"""What every command shares: opening the codebook, printing JSON, a rich console."""

import dataclasses
import json
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress

from medcoder.codebook import Codebook, CodebookError
from medcoder.codebook.importers import Progress as ProgressCallback

console = Console(highlight=False)

format_option = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def open_codebook() -> Codebook:
    """The codebook at $MEDCODER_CODEBOOK (default var/codebook.sqlite), or a clear error saying what to do."""
    try:
        return Codebook.open()
    except CodebookError as error:
        raise click.ClickException(str(error)) from error


def as_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: as_jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list | tuple):
        return [as_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: as_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    click.echo(json.dumps(as_jsonable(value), ensure_ascii=False))


def progress_to(bar: Progress) -> ProgressCallback:
    """The (step, done, total) callback domain code reports to, shown as one bar per step."""
    tasks: dict[str, int] = {}

    def progress(step: str, done: int, total: int | None) -> None:
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total)
        bar.update(tasks[step], completed=done, total=total)

    return progress
