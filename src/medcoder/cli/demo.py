"""`medcoder demo`: a short tour of lookup and search on the built codebook."""

import click

from medcoder.cli.output import console, open_codebook


@click.command()
def demo() -> None:
    """Show a few lookups and searches (what `make run` prints until the web site exists)."""
    book = open_codebook()
    for code in ("E11.9", "S72.001A", "0DTJ4ZZ", "J1100"):
        found = book.find(code)
        if found:
            console.print(f"[bold]{found[0].code}[/bold] ({found[0].system}) {found[0].title}")
    for query in ("heart attack", "broken hip", "E11.6"):
        console.print(f"\nsearch {query!r}:")
        for hit in book.search(query, limit=3):
            console.print(f"  {hit.code:<10} {hit.title}")


COMMANDS = [demo]
