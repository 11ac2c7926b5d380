"""Real mail servers on loopback for the consult tests: pymap (IMAP, with IDLE)."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def imap_server():
    """A pymap IMAP server (in-memory mailboxes) on a loopback port; yields (host, port, user, password)."""
    pymap = shutil.which("pymap", path=str(Path(sys.executable).parent))
    assert pymap, "pymap is a dev dependency: pip install -e '.[web,dev]'"
    port = free_port()
    process = subprocess.Popen(
        [
            pymap,
            "--no-tls",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "dict",
            "--demo-user",
            "consult",
            "--demo-password",
            "secret",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"pymap did not start: {process.stderr.read().decode()[-500:]}") from None
            time.sleep(0.1)
    yield ("127.0.0.1", port, "consult", "secret")
    process.terminate()
    process.wait(timeout=10)
