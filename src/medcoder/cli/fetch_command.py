"""`medcoder codebook fetch`: download the current official files into a data folder."""

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from medcoder.cli.output import console, progress_to
from medcoder.codebook.fetch import OFFICIAL_SOURCES, fetch_official_files

SOURCE_NAMES = [source.name for source in OFFICIAL_SOURCES]


@click.command()
@click.argument("names", metavar="[SOURCE]...", nargs=-1, type=click.Choice(SOURCE_NAMES))
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MEDCODER_DATA_DIR",
    default=Path("var/official-data"),
    show_default=True,
    help="Data folder to fill (the one `codebook build --data-dir` reads).",
)
@click.option(
    "--mirror",
    envvar="MEDCODER_FETCH_MIRROR",
    metavar="URL",
    help="Fetch every official URL's path from this host instead (a local mirror of cms.gov / cdc.gov).",
)
def fetch(names: tuple[str, ...], dest: Path, mirror: str | None) -> None:
    """Download the current official files (all, or the SOURCEs named): HCPCS, ICD-10-CM, ICD-10-PCS,
    NCCI PTP edits (practitioner, hospital outpatient), NCCI MUEs (3 settings), the PFS RVU file.

    Needs the network: offline, each source says which URL failed and what to download by hand."""
    sources = tuple(s for s in OFFICIAL_SOURCES if not names or s.name in names)
    columns = (TextColumn("{task.description:<45}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=console) as bar:
        progress = progress_to(bar)
        results = fetch_official_files(dest, sources, mirror, progress)
    for result in results:
        if result.ok:
            console.print(
                f"[green]fetched[/green] {result.source.name} from {', '.join(result.urls)}", soft_wrap=True
            )
            for path in result.files:
                console.print(f"  {path}")
            continue
        console.print(f"[red]could not fetch[/red] {result.source.name}:")
        for failure in result.failures:
            console.print(f"  {failure}", soft_wrap=True)
        console.print(f"  {result.by_hand(dest)}", soft_wrap=True)
    if all(result.offline for result in results):
        console.print(
            "[red]Offline:[/red] no official site could be reached from this machine. Download the files"
            " named above by hand (on a connected machine) and put them where shown, or give --mirror URL.",
            soft_wrap=True,
        )
    if not all(result.ok for result in results):
        sys.exit(1)
    console.print(f"Now build: medcoder codebook build --data-dir {dest}")
