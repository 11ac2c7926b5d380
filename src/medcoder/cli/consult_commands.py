"""`medcoder consult smtpd | poll | worker`: CaseConsultant's mail intake and its background worker.

Every path stores the raw message in the site database first (see medcoder.web.consult.intake); the
worker (django-tasks' `db_worker`) then answers or queues it. Run the worker next to either intake.
"""

import contextlib
import os
import time

import click

from medcoder.cli.web_commands import SETTINGS, _django_command


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


@click.group()
def consult() -> None:
    """CaseConsultant: coding questions by email, answered by email."""


@consult.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=2525, show_default=True, type=int)
def smtpd(host: str, port: int) -> None:
    """Receive consult mail over SMTP (for the consult address only) until interrupted."""
    _setup_django()
    from django.conf import settings

    from medcoder.consult.smtp_listener import start_listener
    from medcoder.web.consult.intake import accept_from_listener

    address = settings.MEDCODER_CONSULT["address"]
    listener = start_listener(accept_from_listener, host=host, port=port, recipients={address})
    click.echo(f"Listening on {host}:{port} for mail to {address}; Ctrl+C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        listener.stop()


@consult.command()
@click.option("--interval", default=60.0, show_default=True, help="seconds between polls without IDLE")
def poll(interval: float) -> None:
    """Fetch consult mail from an IMAP mailbox (IDLE when offered) until interrupted.

    The mailbox comes from MEDCODER_CONSULT_IMAP_HOST, _PORT (993), _USER, _PASSWORD, _FOLDER (INBOX)
    and _SSL ("0" for a plain connection on a trusted network); _TRUSTED=1 when the mailbox's provider
    rejects mail that fails SPF/DKIM/DMARC, so its senders count as authenticated."""
    mailbox = _mailbox_from_environment()
    _setup_django()
    from medcoder.consult.imap_poller import poll_forever
    from medcoder.web.consult.intake import accept_from_mailbox

    click.echo(f"Polling {mailbox.user}@{mailbox.host}:{mailbox.port}/{mailbox.folder}; Ctrl+C to stop.")
    with contextlib.suppress(KeyboardInterrupt):
        poll_forever(mailbox, accept_from_mailbox, interval=interval)


@consult.command()
def worker() -> None:
    """Process stored consult mail (django-tasks' db_worker on the site database)."""
    _django_command("db_worker", "--queue-name", "default")


def _mailbox_from_environment():
    from medcoder.consult.imap_poller import Mailbox

    prefix = "MEDCODER_CONSULT_IMAP_"
    missing = [name for name in ("HOST", "USER", "PASSWORD") if not os.environ.get(prefix + name)]
    if missing:
        raise click.UsageError("set " + ", ".join(prefix + name for name in missing) + " to poll a mailbox")
    try:
        port = int(os.environ.get(prefix + "PORT", "993"))
    except ValueError:
        raise click.UsageError(f"{prefix}PORT must be a number") from None
    return Mailbox(
        host=os.environ[prefix + "HOST"],
        port=port,
        user=os.environ[prefix + "USER"],
        password=os.environ[prefix + "PASSWORD"],
        folder=os.environ.get(prefix + "FOLDER", "INBOX"),
        ssl=os.environ.get(prefix + "SSL", "1") != "0",
    )


COMMANDS = [consult]
