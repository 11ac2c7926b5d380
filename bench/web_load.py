"""Load the web site as production would serve it and print throughput and latency.

Starts gunicorn on loopback over a fresh SQLite site database and the built codebook, signs in one
premium account (so every code page renders in full and is counted), then runs CLIENTS concurrent
clients for SECONDS, each looping over a mix of code pages of 2,000 random billable codes (50%), full
search pages (25%) and type-ahead requests (25%). Prints requests/s, p50/p95/p99 latency and errors
(non-200 or failed) for two shapes of load, one after the other:
- back to back: each client sends its next request as soon as the last is answered. This measures
  the most the server does; latency is then mostly queueing (clients / throughput, Little's law).
- users: each client pauses between requests as a person reading a page does (exponential, mean
  --think seconds), so CLIENTS are concurrent users and the latency is what each of them sees.

    .venv/bin/python bench/web_load.py [--clients 50] [--seconds 60] [--think 1] [--workers 2] [--threads 1]
"""

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import quantiles
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
WARM_UP_SECONDS = 5  # each worker opens the codebook and loads its search tables on first use
QUERIES = [
    "heart attack",
    "diabetes",
    "E11",
    "fracture femur",
    "asthma",
    "J1100",
    "pneumonia",
    "0DT",
    "hypertension",
    "sepsis",
    "wheelchair",
    "I21.4",
    "kidney disease",
    "S72.0",
    "migraine",
]


def main() -> None:
    options = _arguments()
    workdir = Path(tempfile.mkdtemp(prefix="medcoder-web-load-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="medcoder.web.settings",
        MEDCODER_VAR_DIR=str(workdir),
        MEDCODER_SECRET_KEY="web-load-benchmark",
        MEDCODER_ALLOWED_HOSTS="127.0.0.1",
    )
    session_key, codes = _prepare_site()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "medcoder.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--worker-class",
            "sync" if options.threads == 1 else "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    try:
        _wait_until_listening(port)
        _run_clients(port, session_key, codes, options.workers * 2, WARM_UP_SECONDS, think=0)
        print(
            f"{options.clients} clients for {options.seconds:.0f} s each against gunicorn "
            f"({options.workers} workers x {options.threads} threads, {os.cpu_count()} CPUs)"
        )
        for label, think in (("back to back", 0.0), (f"users, {options.think:g} s think", options.think)):
            results = _run_clients(port, session_key, codes, options.clients, options.seconds, think)
            _report(label, results, options.seconds)
    finally:
        server.terminate()
        server.wait()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="length of each of the two runs")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync workers)")
    return parser.parse_args()


def _prepare_site() -> tuple[str, list[tuple[str, str]]]:
    """Migrate the fresh database, create a premium member with a session, pick billable codes."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from medcoder.web.accounts.models import Plan, Profile
    from medcoder.web.codebook import shared_codebook

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(username="load@example.org", password="not used here")
    Profile.objects.create(user=user, plan=Plan.PREMIUM, email_verified=True)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    rows = shared_codebook().connection.execute(
        "SELECT system, code FROM codes WHERE billable = 1 AND system IN ('icd10cm', 'icd10pcs', 'hcpcs')"
        " ORDER BY random() LIMIT 2000"
    )
    return session.session_key, list(rows)


def _run_clients(
    port: int, session_key: str, codes: list, clients: int, seconds: float, think: float
) -> list:
    """`clients` concurrent clients on one asyncio loop, each on a new connection per request, as a
    reverse proxy in front of gunicorn connects (so the kernel spreads requests over the workers).
    Raw HTTP keeps the load generator's own CPU small: threads with http.client saturated a core
    before the server did."""
    return asyncio.run(_clients(port, session_key, codes, clients, seconds, think))


async def _clients(
    port: int, session_key: str, codes: list, clients: int, seconds: float, think: float
) -> list:
    deadline = time.perf_counter() + seconds
    results: list[tuple[str, float, bool]] = []

    async def client(number: int) -> None:
        pick = random.Random(number)
        while time.perf_counter() < deadline:
            if think:
                await asyncio.sleep(pick.expovariate(1 / think))
            kind, path = _next_request(pick, codes)
            started = time.perf_counter()
            try:
                ok = await _get(port, path, session_key)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
            results.append((kind, time.perf_counter() - started, ok))

    await asyncio.gather(*(client(n) for n in range(clients)))
    return results


async def _get(port: int, path: str, session_key: str) -> bool:
    """One GET on its own connection; True for a complete 200 response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sessionid={session_key}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        head, _, body = (await reader.read()).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(
            int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
        )
        return lines[0].split(" ", 2)[1] == "200" and len(body) == length
    finally:
        writer.close()


def _next_request(pick: random.Random, codes: list) -> tuple[str, str]:
    roll = pick.random()
    if roll < 0.5:
        system, code = pick.choice(codes)
        return "code page", f"/codes/{system}/{quote(code)}/"
    query = quote(pick.choice(QUERIES))
    if roll < 0.75:
        return "search page", f"/search/?q={query}"
    return "type-ahead", f"/search/suggest/?q={query[: pick.randint(2, len(query))]}"


def _report(label: str, results: list, seconds: float) -> None:
    print(label)
    for kind in ("all", "code page", "search page", "type-ahead"):
        chosen = [r for r in results if kind == "all" or r[0] == kind]
        if not chosen:
            continue
        latencies = [elapsed * 1000 for _, elapsed, _ in chosen]
        p50, p95, p99 = (quantiles(latencies, n=100)[i] for i in (49, 94, 98))
        errors = sum(1 for *_, ok in chosen if not ok)
        print(
            f"{kind:<12} {len(chosen) / seconds:8.1f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            f"  p99 {p99:6.1f} ms  errors {errors}"
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start listening")


if __name__ == "__main__":
    main()
