"""`medcoder consult poll`: fetch consult mail from a hosted IMAP mailbox.

Each unseen message is handed to `accept` and only then flagged \\Seen, so a crash between the two
means the message is fetched again (duplicates are harmless: cases are keyed by Message-ID), never lost.
With IDLE (when the server offers it) new mail is picked up as it arrives; otherwise it polls.
"""

import imaplib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    ssl: bool = True


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    client = (
        imaplib.IMAP4_SSL(mailbox.host, mailbox.port)
        if mailbox.ssl
        else imaplib.IMAP4(mailbox.host, mailbox.port)
    )
    client.login(mailbox.user, mailbox.password)
    client.select(mailbox.folder)
    return client


def supports_idle(client: imaplib.IMAP4) -> bool:
    """Asked after login: servers often announce IDLE only to authenticated clients."""
    status, lines = client.capability()
    return status == "OK" and b"IDLE" in b" ".join(lines).upper().split()


def fetch_unseen(client: imaplib.IMAP4, accept: Callable[[bytes, str], None]) -> int:
    """Hand every unseen message to `accept`; returns how many were accepted."""
    status, found = client.uid("SEARCH", None, "UNSEEN")
    if status != "OK":
        raise imaplib.IMAP4.error(f"SEARCH failed: {found}")
    accepted = 0
    for uid in found[0].split():
        status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
        if status != "OK" or raw is None:
            log.warning("could not fetch message uid %s; will retry", uid)
            continue
        accept(raw, f"imap uid {uid.decode()}")
        client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        accepted += 1
    return accepted


def wait_for_mail(client: imaplib.IMAP4, seconds: float) -> bool:
    """IMAP IDLE (RFC 2177) for up to `seconds`; True when the server announced new mail."""
    tag = client._new_tag().decode()
    client.send(f"{tag} IDLE\r\n".encode())
    if not client.readline().startswith(b"+"):
        raise imaplib.IMAP4.error("server refused IDLE")
    client.sock.settimeout(seconds)
    announced = False
    try:
        line = client.readline()
        announced = b"EXISTS" in line or b"RECENT" in line
    except TimeoutError:
        pass
    finally:
        client.sock.settimeout(None)
        client.send(b"DONE\r\n")
        while not client.readline().startswith(tag.encode()):
            pass
    return announced


def poll_forever(
    mailbox: Mailbox,
    accept: Callable[[bytes, str], None],
    interval: float = 60.0,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Fetch, then wait (IDLE if offered, else sleep), until `stop()`; reconnects after errors."""
    while not stop():
        try:
            client = connect(mailbox)
            idle = supports_idle(client)
            while not stop():
                fetch_unseen(client, accept)
                if idle:
                    wait_for_mail(client, interval)
                else:
                    time.sleep(interval)
        except (OSError, imaplib.IMAP4.error) as error:
            log.warning("IMAP %s:%s: %s; reconnecting in %ss", mailbox.host, mailbox.port, error, interval)
            time.sleep(min(interval, 30))
