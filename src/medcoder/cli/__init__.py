"""The `medcoder` command. Each product area adds its commands from its own module here."""

import click

from medcoder.cli import (
    assistant_commands,
    careers_commands,
    codebook_commands,
    consult_commands,
    fetch_command,
    notecoder_commands,
    rules_commands,
    web_commands,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medcoder")
def main() -> None:
    """Medical coding from the shell: look up and search codes, build the codebook, and more."""


for command in (
    *codebook_commands.COMMANDS,
    *web_commands.COMMANDS,
    *rules_commands.COMMANDS,
    *assistant_commands.COMMANDS,
    *notecoder_commands.COMMANDS,
    *consult_commands.COMMANDS,
    *careers_commands.COMMANDS,
):
    main.add_command(command)
codebook_commands.codebook.add_command(fetch_command.fetch)
codebook_commands.codebook.add_command(rules_commands.import_cpt)
