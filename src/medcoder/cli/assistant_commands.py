"""`medcoder ask`: CasePilot from the shell, one question or one per line from stdin."""

import json
import sys

import click

from medcoder.assistant import Answer, Conversation, QuestionError, ask
from medcoder.cli.output import console, format_option, open_codebook


@click.command(name="ask")
@click.argument("question", required=False)
@click.option(
    "--conversation",
    "conversation_json",
    help="The 'conversation' object of the previous answer (--format json), for follow-up questions.",
)
@format_option
def ask_command(question: str | None, conversation_json: str | None, output_format: str) -> None:
    """Ask CasePilot a coding question; without QUESTION, read one per line from stdin (JSON lines out)."""
    codebook = open_codebook()
    if question is None:
        for line in sys.stdin:
            if line.strip():
                answer = _ask(codebook, line, Conversation())
                keys = ("question", "answer", "codes", "citations")
                click.echo(json.dumps({k: answer.to_json()[k] for k in keys}, ensure_ascii=False))
        return
    answer = _ask(codebook, question, _conversation(conversation_json))
    if output_format == "json":
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        _print_answer(answer)


def _ask(codebook, question: str, conversation: Conversation) -> Answer:
    try:
        return ask(codebook, question, conversation)
    except QuestionError as error:
        raise click.ClickException(str(error)) from error


def _conversation(conversation_json: str | None) -> Conversation:
    if conversation_json is None:
        return Conversation()
    try:
        return Conversation.from_json(json.loads(conversation_json))
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="--conversation") from error


def _print_answer(answer: Answer) -> None:
    console.print(f"[bold]{answer.summary}[/bold]")
    labels = list(dict.fromkeys(citation.label() for citation in answer.citations))
    for fact in answer.facts:
        console.print(f"  - {fact.text} [dim][{labels.index(fact.citation.label()) + 1}][/dim]")
    for number, label in enumerate(labels, start=1):
        console.print(f"[dim][{number}] {label}[/dim]")
    links = [code.link for code in answer.codes if code.link]
    if links:
        console.print(f"[dim]Code pages: {' '.join(links)}[/dim]")


COMMANDS = [ask_command]
