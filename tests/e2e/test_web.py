"""The web app in a real browser against the real local stack (web/e2e, Playwright on Debian's chromium).

This test sets the stage as ``make dev`` does: the gateway in its own process (``gateway_url``), the
dispatcher delivering events to the consumers (so notifications reach the inbox), and the built web app
on its own origin, so the browser goes through CORS as in production. Then it runs the Playwright
suite and fails with its report when any scenario fails. ``make test`` builds the app first
(``make web``); a missing build is a failure here, never a skip.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import httpx
import psycopg
import pytest

from functions.auth.tokens import one_time_token_hash
from tests.conftest import STRONG_PASSWORD
from tests.support.ports import free_port

WEB = Path(__file__).resolve().parents[2] / "web"


@pytest.fixture
def stack(gateway_url: str, database: str):
    from infra.local.events import LocalDispatcher
    from infra.local.web import WebServer

    dispatcher = LocalDispatcher(database)
    dispatcher.start()
    web = WebServer("127.0.0.1", free_port(), gateway_url).start()
    yield f"http://127.0.0.1:{web.port}", gateway_url
    web.stop()
    dispatcher.stop()


def _forgotten_account(api_url: str, database: str) -> tuple[str, str]:
    """An account and a reset link's token for web/e2e/account-recovery.spec.ts: no mail leaves the stack, so
    the token's hash is stored as the auth service's consumer stores the one it mails."""
    email = "lupa.sandi@hima.example"
    answer = httpx.post(f"{api_url}/auth/register", json={"email": email, "password": STRONG_PASSWORD,
                                                           "name": "Lupa Sandi"}, timeout=30)
    assert answer.status_code == 201, answer.text
    token = secrets.token_urlsafe(32)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("insert into auth_service.one_time_tokens (token_hash, user_id, purpose, email, expires_at)"
                     " values (%s, %s, 'password_reset', %s, now() + interval '1 hour')",
                     (one_time_token_hash(token), answer.json()["user"]["id"], email))
    return email, token


@pytest.mark.slow
def test_the_web_app_end_to_end_in_chromium(stack, database):
    web_url, api_url = stack
    reset_email, reset_token = _forgotten_account(api_url, database)
    assert (WEB / "out" / "index.html").is_file(), "web/out is missing: `make web` builds the app before the suite"
    playwright = WEB / "node_modules" / ".bin" / "playwright"
    assert playwright.exists(), "web/node_modules is missing: `make web` installs it (npm ci)"
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    shots = WEB / "test-results" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(playwright), "test"], cwd=WEB, capture_output=True, text=True, timeout=900,
        env={**os.environ, "WEB_URL": web_url, "API_URL": api_url, "CHROMIUM_PATH": chromium,
             "NEXT_TELEMETRY_DISABLED": "1", "RESET_EMAIL": reset_email, "RESET_TOKEN": reset_token},
    )
    print(result.stdout[-20000:])
    assert result.returncode == 0, f"Playwright failed:\n{result.stdout[-15000:]}\n{result.stderr[-5000:]}"
    assert "passed" in result.stdout and " failed" not in result.stdout
    assert sorted(p.name for p in shots.glob("*.png")), "the scenarios keep screenshots as artifacts"
