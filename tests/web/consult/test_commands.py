"""`medcoder consult smtpd` and `medcoder consult poll` as real processes: mail sent to the listener or
found in a real IMAP mailbox is stored in the site database and scheduled for the worker; `poll`
says which settings it misses."""

import contextlib
import os
import signal
import smtplib
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcoder.cli import main
from medcoder.consult.imap_poller import Mailbox, connect, fetch_unseen
from tests.consult.conftest import free_port
from tests.web.consult.conftest import question

MEDCODER = str(Path(sys.executable).parent / "medcoder")


@pytest.mark.slow
def test_smtpd_stores_and_schedules_each_message_before_acknowledging_it(tmp_path):
    environment = {
        **os.environ,
        "MEDCODER_VAR_DIR": str(tmp_path),
        "MEDCODER_CONSULT_ADDRESS": "consult@x.test",
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run([MEDCODER, "manage", "migrate", "--verbosity", "0"], env=environment, check=True)
    port = free_port()
    server = subprocess.Popen(
        [MEDCODER, "consult", "smtpd", "--port", str(port)], env=environment, stderr=subprocess.PIPE
    )
    try:
        wait_for_port(port, server)
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail(
                "coder@example.org", ["consult@x.test"], question("coder@example.org", "E11.9?", 7)
            )
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                client.sendmail("coder@example.org", ["other@x.test"], question("coder@example.org", "?", 8))
    finally:
        server.terminate()
        server.wait(timeout=10)
    with sqlite3.connect(tmp_path / "web.sqlite3") as database:
        [(raw, status)] = database.execute("SELECT raw, status FROM consult_inboundmail").fetchall()
        [(task_status,)] = database.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    assert b"<question7@example.org>" in raw and status == "new" and task_status == "READY"


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stderr.read().decode()[-500:]) from None
            time.sleep(0.2)


def test_poll_names_the_missing_mailbox_settings(monkeypatch):
    for name in ("HOST", "USER", "PASSWORD"):
        monkeypatch.delenv(f"MEDCODER_CONSULT_IMAP_{name}", raising=False)
    result = CliRunner().invoke(main, ["consult", "poll"])
    assert result.exit_code == 2 and "MEDCODER_CONSULT_IMAP_HOST" in result.output


@pytest.mark.slow
def test_poll_stores_mail_from_a_real_imap_server_and_idle_wakes_it_for_new_mail(tmp_path, imap_server):
    host, port, user, password = imap_server
    environment = {
        **os.environ,
        "MEDCODER_VAR_DIR": str(tmp_path),
        "MEDCODER_CONSULT_IMAP_HOST": host,
        "MEDCODER_CONSULT_IMAP_PORT": str(port),
        "MEDCODER_CONSULT_IMAP_USER": user,
        "MEDCODER_CONSULT_IMAP_PASSWORD": password,
        "MEDCODER_CONSULT_IMAP_SSL": "0",
        "MEDCODER_CONSULT_IMAP_TRUSTED": "1",
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run([MEDCODER, "manage", "migrate", "--verbosity", "0"], env=environment, check=True)
    mailbox = connect(Mailbox(host, port, user, password, ssl=False))
    mailbox.append("INBOX", None, None, question("coder@example.org", "Is E11.9 billable?", 1))
    poller = subprocess.Popen(
        [MEDCODER, "consult", "poll", "--interval", "60"], env=environment, stderr=subprocess.PIPE
    )
    try:
        wait_for_rows(tmp_path / "web.sqlite3", 1, poller, seconds=30)
        mailbox.append("INBOX", None, None, question("coder@example.org", "And E10.9?", 2))
        delivered = time.monotonic()
        wait_for_rows(tmp_path / "web.sqlite3", 2, poller, seconds=30)
        assert time.monotonic() - delivered < 15  # IDLE woke the loop; polling would wait 60 s
    finally:
        poller.send_signal(signal.SIGINT)
        assert poller.wait(timeout=20) == 0  # Ctrl+C ends the loop cleanly
    assert fetch_unseen(mailbox, lambda raw, via: None) == 0  # both flagged \Seen once stored
    mailbox.logout()
    with sqlite3.connect(tmp_path / "web.sqlite3") as database:
        rows = database.execute(
            "SELECT raw, received_via, channel_trusted, status FROM consult_inboundmail ORDER BY id"
        ).fetchall()
        tasks = database.execute("SELECT status FROM django_tasks_database_dbtaskresult").fetchall()
    assert [(b"<question%d@example.org>" % n in raw) for n, (raw, *_) in enumerate(rows, start=1)] == [
        True
    ] * 2
    assert all(
        via.startswith("imap uid") and trusted == 1 and status == "new" for _, via, trusted, status in rows
    )
    assert tasks == [("READY",), ("READY",)]


def wait_for_rows(database_path: Path, count: int, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(sqlite3.OperationalError), sqlite3.connect(database_path) as database:
            (stored,) = database.execute("SELECT COUNT(*) FROM consult_inboundmail").fetchone()
            if stored >= count:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{count} message(s) not stored: {process.stderr.read().decode()[-800:]}")
        time.sleep(0.2)
