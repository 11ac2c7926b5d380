"""`medcoder careers seed-demo | digest`: demo jobs for a live board, and the daily saved-search digest."""

import click

from medcoder.cli.consult_commands import _setup_django


@click.group()
def careers() -> None:
    """CareerCenter: the medical-coding job board."""


@careers.command("seed-demo")
def seed_demo() -> None:
    """Replace the demo jobs with a fresh board of listings, each marked as a demo listing."""
    _setup_django()
    from medcoder.web.careers.demo import seed_demo_board

    click.echo(f"{seed_demo_board()} demo jobs are live on /careers/.")


@careers.command()
def digest() -> None:
    """Start the daily saved-search digest: the worker (`medcoder consult worker`) runs it now and then
    every day, each run queueing the next."""
    _setup_django()
    from datetime import timedelta

    from medcoder.web.careers.digest import schedule_next_digest

    if schedule_next_digest(timedelta(0)):
        click.echo("Digest queued; the worker mails it now and every day after.")
    else:
        click.echo("A digest run is already waiting in the queue; nothing to do.")


COMMANDS = [careers]
