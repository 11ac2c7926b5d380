"""`medcoder serve` and `medcoder manage`: run the web site and Django's management commands."""

import os

import click

SETTINGS = "medcoder.web.settings"


@click.command()
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="host:port to listen on")
def serve(address: str) -> None:
    """Apply database migrations, then serve the site with Django's development server."""
    _django_command("migrate", "--verbosity", "1")
    _django_command("runserver", address)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def manage(arguments: tuple[str, ...]) -> None:
    """Any Django management command, e.g. `medcoder manage createsuperuser`."""
    _django_command(*arguments)


def _django_command(*arguments: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["medcoder manage", *arguments])


COMMANDS = [serve, manage]
