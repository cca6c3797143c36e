"""The served gateway (``python -m infra.local.gateway``) with template.yaml's functions in worker processes:
concurrent requests to different functions each get their own answer, and no worker outlives the gateway,
whether it is stopped (SIGTERM, as ``make dev``'s Ctrl-C) or killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import STRONG_PASSWORD
from tests.support.ports import free_port


class GatewayProcess:
    """A gateway of this test's own, its output in a file (a pipe nobody reads would fill up)."""

    def __init__(self, log: Path) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PORT": str(port), "JWT_ISSUER": self.url, "POWERTOOLS_LOG_LEVEL": "WARNING",
               "LOCAL_GATEWAY_MAX_INSTANCES": "8"}
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen([sys.executable, "-m", "infra.local.gateway", "--port", str(port)],
                                            env=env, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not self._ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                pytest.fail(f"the gateway did not start:\n{log.read_text()}")
            time.sleep(0.1)

    def _ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/auth/health", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def processes(self) -> list[int]:
        """The fork server (the gateway's child) and the workers forked from it."""
        children = _children(self.process.pid)
        return children + [pid for child in children for pid in _children(child)]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                continue
    return found


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def gateway(database: str, tmp_path: Path) -> Iterator[GatewayProcess]:
    running = GatewayProcess(tmp_path / "gateway.log")
    yield running
    running.stop()


def test_concurrent_requests_to_different_functions_each_get_their_own_answer(gateway):
    emails = [f"anggota{n}@hima.example" for n in range(12)]

    def register_and_ask(email: str) -> tuple[str, str, str]:
        with httpx.Client(base_url=gateway.url, timeout=60) as client:
            registered = client.post("/auth/register", json={"email": email, "password": STRONG_PASSWORD,
                                                              "name": email.split("@")[0]})
            assert registered.status_code == 201, registered.text
            me = client.get("/auth/me", headers={"Authorization": f"Bearer {registered.json()['access_token']}"})
            assert me.status_code == 200, me.text
            return email, me.json()["email"], me.json()["name"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(register_and_ask, emails))
    assert all(sent == seen and name == sent.split("@")[0] for sent, seen, name in answers)
    stats = httpx.get(f"{gateway.url}/_gateway/stats", timeout=10).json()
    assert stats["peak_instances"] <= 8
    assert stats["functions"]["AuthRegisterFunction"]["invocations"] == 12
    assert stats["functions"]["AuthRegisterFunction"]["errors"] == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_no_worker_outlives_the_gateway(gateway, stop):
    for path in ["/users/health", "/orgs/health", "/programs/health"]:
        assert httpx.get(f"{gateway.url}{path}", timeout=30).status_code == 200
    instances = httpx.get(f"{gateway.url}/_gateway/stats", timeout=10).json()["instances"]
    workers = [i["pid"] for i in instances]
    processes = gateway.processes()
    # /auth/health's worker too (a loaded machine may have started two while the fixture waited for it)
    assert {i["function"] for i in instances} == {"AuthHealthFunction", "UsersHealthFunction", "OrgsHealthFunction",
                                                  "ProgramsHealthFunction"}
    assert set(workers) <= set(processes)
    os.kill(gateway.process.pid, stop)
    gateway.process.wait(timeout=15)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in processes if _running(pid)] == [], gateway.log.read_text()[-3000:]
