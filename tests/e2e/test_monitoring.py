"""make dev's monitoring (issue 11): with the system running, a failure shows on the monitoring page and
posts one alert to the operators' Discord and Slack, and one "recovered" when it heals.

The failure is a real one: the database stops taking connections (and drops those it had), so every
request that needs it answers 503 through the real gateway, until it takes them again. The webhooks are
a local HTTP server that records what Discord and Slack would receive.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.conftest import STRONG_PASSWORD, migrated_database
from tests.support.ports import free_port
from tests.support.receiver import Receiver

WINDOW_SECONDS = 3


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.2)


@pytest.fixture
def own_database(admin_database_url: str) -> Iterator[str]:
    """A database of this test's own: it is taken away and given back."""
    with migrated_database(admin_database_url, "proker_monitor") as url:
        try:
            yield url
        finally:
            take_connections(admin_database_url, url, allow=True)  # so that it can be dropped


def take_connections(admin_database_url: str, database_url: str, *, allow: bool) -> None:
    name = psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]
    with psycopg.connect(admin_database_url, autocommit=True) as admin:
        admin.execute(f'alter database "{name}" allow_connections {"true" if allow else "false"}')
        if not allow:
            admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", (name,))


@pytest.mark.slow
def test_a_failure_shows_on_the_page_and_is_told_once_and_its_recovery_once(
        admin_database_url: str, own_database: str, tmp_path: Path) -> None:
    receiver = Receiver()
    port, web_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**{k: v for k, v in os.environ.items() if k not in ("JWT_ISSUER",)},
           "DATABASE_URL": own_database, "PORT": str(port), "WEB_PORT": str(web_port),
           "SIGNING_KEY_FILE": str(tmp_path / "signing-key.json"), "POWERTOOLS_LOG_LEVEL": "WARNING",
           "DB_CONNECT_TIMEOUT": "1", "MONITOR_WINDOW_SECONDS": str(WINDOW_SECONDS), "MONITOR_INTERVAL_SECONDS": "0.5",
           "ALERT_WEBHOOKS": json.dumps({"discord": f"{receiver.url}/discord", "slack": f"{receiver.url}/slack"})}
    log = tmp_path / "dev.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "infra.local.dev"], env=env, stdout=output,
                                   stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: _up(url) or process.poll() is not None, 60, "make dev to start")
        assert process.poll() is None, log.read_text()
        assert f"Monitoring on {url}/_monitor  (alerts to discord, slack)" in log.read_text()
        account = {"email": "pemantau@hima.example", "password": STRONG_PASSWORD, "name": "Pemantau"}
        assert httpx.post(f"{url}/auth/register", json=account, timeout=10).status_code == 201
        time.sleep(1)
        assert receiver.posts == []
        alarms = httpx.get(f"{url}/_monitor.json", timeout=10).json()["alarms"]
        assert alarms["ApiServerErrors"]["state"] == "OK"
        health = httpx.get(f"{url}/health", timeout=20)
        assert health.status_code == 200 and health.json()["status"] == "ok", health.text

        # the database goes away: logging in answers 503, the page shows it, one alert per channel
        take_connections(admin_database_url, own_database, allow=False)
        login = {"email": account["email"], "password": account["password"]}
        failed = [httpx.post(f"{url}/auth/login", json=login, timeout=15).status_code for _ in range(3)]
        assert failed == [503, 503, 503]
        wait_for(lambda: any("ApiServerErrors" in text for text in receiver.texts("discord")), 10, "the alert")
        monitor = httpx.get(f"{url}/_monitor.json", timeout=10).json()
        assert monitor["alarms"]["ApiServerErrors"]["state"] == "ALARM"
        assert monitor["functions"]["AuthLoginFunction"]["answers"]["5xx"] == 3
        health = httpx.get(f"{url}/health", timeout=30)  # every service's own health, through the gateway
        assert health.status_code == 503
        down = {name for name, part in health.json()["parts"].items() if part["status"] == "down"}
        assert {"auth", "programs", "outbox", "files"} <= down, health.json()
        page = httpx.get(f"{url}/_monitor", timeout=10)
        assert page.headers["content-type"].startswith("text/html")
        assert "ApiServerErrors" in page.text and "AuthLoginFunction" in page.text and "ALARM" in page.text

        # it comes back: logging in works again, and once the window has passed, one "recovered"
        take_connections(admin_database_url, own_database, allow=True)
        wait_for(lambda: httpx.post(f"{url}/auth/login", json=login, timeout=15).status_code == 200, 15,
                 "logging in to work again")
        wait_for(lambda: any("Recovered" in text and "ApiServerErrors" in text for text in receiver.texts("discord")),
                 WINDOW_SECONDS + 10, "the recovery")
        time.sleep(2)  # anything more would come now
        for texts in (receiver.texts("discord"), receiver.texts("slack")):
            about_it = [text for text in texts if "ApiServerErrors" in text]
            assert len(about_it) == 2, texts
            assert about_it[0].startswith("🔴") and re.search(r"\b[1-9]\d* of \d+ answers were 5xx", about_it[0])
            assert about_it[1].startswith("✅ Recovered: ApiServerErrors")
        discord = receiver.of("discord")[0]
        assert discord["allowed_mentions"] == {"parse": []} and discord["embeds"][0]["color"] == 0xDC2626
        assert httpx.get(f"{url}/_monitor.json", timeout=10).json()["alarms"]["ApiServerErrors"]["state"] == "OK"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        receiver.close()


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/auth/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False
