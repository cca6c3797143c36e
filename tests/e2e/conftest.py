"""A real local gateway (``python -m infra.local.gateway``) in its own process, over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import E2E_PORT


@pytest.fixture(scope="session")
def gateway_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"http://127.0.0.1:{E2E_PORT}"
    # as `make dev` without an e-mail sender: no link can be mailed, so e-mail invitations trust the address
    env = {**os.environ, "PORT": str(E2E_PORT), "POWERTOOLS_LOG_LEVEL": "WARNING",
           "INVITATIONS_REQUIRE_VERIFIED_EMAIL": "false"}
    # its output goes to a file: a pipe nobody reads fills up and then blocks the gateway's logging
    log = tmp_path_factory.mktemp("gateway") / "gateway.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local.gateway", "--port", str(E2E_PORT)],
            env=env, stdout=output, stderr=subprocess.STDOUT, text=True,
        )
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/auth/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the local gateway did not start:\n{log.read_text()}")
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def http(gateway_url: str, database: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, timeout=10) as client:
        yield client
