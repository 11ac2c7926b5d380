"""`medcoder consult smtpd` as a real process: mail sent to it is stored in the site database and
scheduled for the worker; `medcoder consult poll` says which settings it misses."""

import os
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
