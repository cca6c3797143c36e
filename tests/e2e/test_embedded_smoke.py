"""`make dev`'s embedded path: start the embedded PostgreSQL, migrate, answer a request, stop
cleanly on Ctrl-C; a second run reuses the data."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import STRONG_PASSWORD
from tests.support.ports import free_port

# A function's first call starts its worker process and hashes a password with argon2id (64 MiB): on a
# machine busy with the rest of the suite that took longer than httpx's default of 5 s.
FIRST_CALL_SECONDS = 30


def start_dev(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SIGNING_KEY_FILE", "JWT_ISSUER")}
    # the web app on a free port too: make dev's default (3001) may be taken by a make dev (or a suite) running
    env.update({"PORT": str(port), "WEB_PORT": str(free_port()), "PROKER_DATA_DIR": str(data_dir),
                "POWERTOOLS_LOG_LEVEL": "WARNING"})
    return subprocess.Popen([sys.executable, "-m", "infra.local.dev"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def wait_ready(process: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/auth/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("make dev did not come up:\n" + (process.stdout.read() if process.stdout else ""))


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    return output


@pytest.mark.slow
def test_embedded_postgres_start_migrate_request_stop_and_reuse():
    # pgserver runs PostgreSQL as a system user of its own: the folder must be traversable.
    data_dir = Path(tempfile.mkdtemp(prefix="proker-smoke-"))
    data_dir.chmod(0o755)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        first = start_dev(data_dir, port)
        wait_ready(first, url)
        registered = httpx.post(f"{url}/auth/register", json={
            "email": "smoke@hima.example", "password": STRONG_PASSWORD, "name": "Smoke"}, timeout=FIRST_CALL_SECONDS)
        assert registered.status_code == 201
        output = stop(first)
        assert re.search(r"migrations: [1-9]\d* applied", output), output
        assert not (data_dir / "pg" / "postmaster.pid").exists()

        second = start_dev(data_dir, port)
        wait_ready(second, url)
        login = httpx.post(f"{url}/auth/login", json={"email": "smoke@hima.example", "password": STRONG_PASSWORD},
                           timeout=FIRST_CALL_SECONDS)
        assert login.status_code == 200
        assert "migrations: 0 applied" in stop(second)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.mark.slow
def test_a_killed_make_dev_leaves_nothing_the_next_run_cannot_clean_up():
    data_dir = Path(tempfile.mkdtemp(prefix="proker-kill-"))
    data_dir.chmod(0o755)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        killed = start_dev(data_dir, port)
        wait_ready(killed, url)
        killed.kill()  # kill -9: no atexit, no Ctrl-C handler; PostgreSQL stays up with a dead handle
        killed.communicate(timeout=30)
        assert (data_dir / "pg" / "postmaster.pid").exists()

        second = start_dev(data_dir, port)  # the same port: the killed run's workers are gone with it
        wait_ready(second, url)
        assert httpx.post(f"{url}/auth/register", json={
            "email": "after-kill@hima.example", "password": STRONG_PASSWORD, "name": "Kill"},
            timeout=FIRST_CALL_SECONDS).status_code == 201
        stop(second)
        assert not (data_dir / "pg" / "postmaster.pid").exists(), "the embedded PostgreSQL was left running"
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
