"""A throw-away PostgreSQL cluster on loopback for the PostgreSQL job (`MEDCODER_TEST_POSTGRES=1`)."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cluster:
    data_dir: Path
    port: int
    user: str


def server_binaries() -> Path:
    """The newest installed PostgreSQL's bin/ (Debian keeps them off PATH), else initdb's folder on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    found = candidates[-1] if candidates else shutil.which("initdb")
    if not found:
        raise RuntimeError("initdb not found: install PostgreSQL (scripts/install-test-deps.sh)")
    return Path(found).parent


def start_cluster() -> Cluster:
    """initdb + pg_ctl start in a new temporary folder, trusting loopback connections. PostgreSQL refuses
    to run as root, so as root the cluster belongs to the `postgres` system user (and the folder is made
    outside pytest's root-only temporary tree, where that user could not reach it)."""
    binaries = server_binaries()
    base = Path(tempfile.mkdtemp(prefix="medcoder-postgres-"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data_dir = base / "data"
    data_dir.mkdir(parents=True)
    if as_owner:
        shutil.chown(base, "postgres")
        shutil.chown(data_dir, "postgres")
    port = _free_port()
    user = "medcoder"
    _run([*as_owner, str(binaries / "initdb"), "-D", str(data_dir), "-U", user, "--auth=trust", "-E", "UTF8"])
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={data_dir} -c fsync=off"
    _run(
        [
            *as_owner,
            str(binaries / "pg_ctl"),
            "-D",
            str(data_dir),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ]
    )
    return Cluster(data_dir=data_dir, port=port, user=user)


def stop_cluster(cluster: Cluster) -> None:
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    _run([*as_owner, str(server_binaries() / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "fast", "stop"])
    shutil.rmtree(cluster.data_dir.parent)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str]) -> None:
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{finished.stdout}{finished.stderr}")
