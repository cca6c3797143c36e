"""Benchmark: the local gateway over HTTP, as a browser or ``make dev`` meets it.

On a scratch database, the gateway runs in its own process (``python -m infra.local.gateway``, as the e2e
tests start it); through it a user registers, creates an organization with a department and a program.
Then ``wrk`` asks for that program (an authenticated ``GET /programs/{id}``: the authorizer, one function,
its database transaction) at concurrency 8 and 32, after a warm-up, and prints requests per second and the
latency percentiles (and, first, one request at a time: what the gateway adds to the function's own time);
the same for the public ``GET /auth/health`` (one light query: mostly the gateway's own
cost); then the gateway's own figures (cold starts, instances alive at most).

    python -m bench.gateway                                  # the gateway of this working tree
    python -m bench.gateway --gateway-module /tmp/old.py     # another one, e.g. a copy of an older version

``--gateway-module`` takes a module name (run with ``-m``) or a file (run as a script); either must accept
``--port``. ``BENCH_SECONDS`` sets each measurement's length (default 10). Needs ``wrk`` (``make bench``
installs it). Prints figures; asserts nothing but that the setup's requests succeed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.support import scratch_database

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = (8, 32)
PASSWORD = "Kabinet Sinergi 2025!"  # noqa: S105 (a scratch database's user)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_gateway(module: str, log: Path) -> Iterator[str]:
    """The gateway in its own process, its output in ``log``; its URL, once it answers."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, module] if module.endswith(".py") else [sys.executable, "-m", module]
    env = {**os.environ, "PORT": str(port), "JWT_ISSUER": url, "POWERTOOLS_LOG_LEVEL": "ERROR"}
    with log.open("w") as output:
        process = subprocess.Popen([*command, "--port", str(port)],  # noqa: S603 (the gateway named by the user)
                                   env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_it_answers(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_it_answers(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/auth/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the gateway did not start:\n{log.read_text()[-3000:]}")


def _created(response: httpx.Response) -> dict[str, Any]:
    if response.status_code not in (200, 201):
        raise SystemExit(f"{response.request.method} {response.request.url.path}: {response.status_code} "
                         f"{response.text[:500]}")
    result: dict[str, Any] = response.json()
    return result


def set_the_stage(url: str) -> tuple[str, str]:
    """A ketua, an organization with a department, a program; (the program's path, the ketua's token)."""
    with httpx.Client(base_url=url, timeout=30) as api:
        token = _created(api.post("/auth/register", json={
            "email": "ketua@hima.example", "password": PASSWORD, "name": "Ketua HIMA"}))["access_token"]
        api.headers["Authorization"] = f"Bearer {token}"
        me = _created(api.get("/auth/me"))
        today = date.today()
        org = _created(api.post("/orgs", json={
            "name": "Himpunan Mahasiswa Informatika", "short_name": "HIMA IF", "type": "hima",
            "period": {"name": "Kabinet Sinergi", "starts_on": str(today - timedelta(days=90)),
                       "ends_on": str(today + timedelta(days=270))}}))
        department = _created(api.post(f"/orgs/{org['id']}/departments",
                                       json={"name": "Riset dan Teknologi", "code": "RISTEK"}))
        program = _created(api.post("/programs", json={
            "organization_id": org["id"], "department_id": department["id"], "name": "Seminar Nasional AI",
            "type": "event", "planned_start": str(today - timedelta(days=14)),
            "planned_end": str(today + timedelta(days=30)), "person_in_charge": me["id"],
            "budget_planned": "15000000"}))
        path = f"/programs/{program['id']}"
        _created(api.get(path))
        return path, token


def wrk(url: str, token: str, connections: int, seconds: int) -> dict[str, float]:
    """Requests per second and latency percentiles (ms) of ``wrk`` at ``connections``."""
    threads = min(connections, 2)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-H", f"Authorization: Bearer {token}", url]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 (wrk on PATH)
    return _parse_wrk(result.stdout)


def _parse_wrk(output: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures["rps"] = float(rate.group(1)) if rate else 0.0
    for percent in ("50", "90", "99"):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if found:
            value, unit = float(found.group(1)), found.group(2)
            figures[f"p{percent}"] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures["non_2xx"] = float(errors.group(1)) if errors else 0.0
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["socket_errors"] = float(sum(int(n) for n in sockets.groups())) if sockets else 0.0
    figures["requests"] = float(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return figures


def gateway_figures(url: str) -> str:
    """What the gateway says of itself (``GET /_gateway/stats``), when it can."""
    try:
        response = httpx.get(f"{url}/_gateway/stats", timeout=5)
    except httpx.TransportError:
        return "no figures of its own"
    if response.status_code != 200:
        return "no figures of its own (an older gateway)"
    stats = response.json()
    function = stats["functions"].get("ProgramsGetProgramFunction", {})
    cold = function.get("cold_start_ms", {})
    return (f"instances alive at most {stats.get('peak_instances')} of {stats.get('max_instances')}; "
            f"GET /programs/{{id}}: {function.get('cold_starts')} cold starts (p50 {cold.get('p50')} ms, "
            f"max {cold.get('max')} ms), {function.get('invocations')} invocations, {function.get('errors')} errors")


def settle(url: str, token: str, seconds: float = 120) -> None:
    """Wait until the gateway answers promptly again: requests of connections a finished run closed may
    still be queued (the standard library's server serves them all, one at a time per function)."""
    deadline = time.monotonic() + seconds
    with httpx.Client(timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        while time.monotonic() < deadline:
            started = time.monotonic()
            client.get(url)
            if time.monotonic() - started < 1.0:
                return


def one_at_a_time(url: str, token: str) -> str:
    """One connection asking one request after another (wrk, concurrency 1, after a warm-up): its p50, the
    function's own p50 as the gateway measured it over those requests (from handing the event to its
    execution environment to the result), and what the gateway adds around it (HTTP, routing, the
    authorizer, the event and the response)."""
    wrk(url, token, 1, 2)
    figures = wrk(url, token, 1, SECONDS)
    stats = httpx.get(f"{url.split('/programs/')[0]}/_gateway/stats", timeout=5).json()
    function_p50 = stats["functions"]["ProgramsGetProgramFunction"]["duration_ms"]["p50"]
    return (f"one at a time ({int(figures['requests'])} requests): p50 {figures['p50']:.2f} ms, the function "
            f"{function_p50:.2f} ms, added by the gateway {figures['p50'] - function_p50:.2f} ms")


def measure(label: str, url: str, token: str) -> None:
    wrk(url, token, max(CONCURRENCY), 3)  # warm-up: cold starts, scale-out, connections, caches
    settle(url, token)
    for connections in CONCURRENCY:
        figures = wrk(url, token, connections, SECONDS)
        print(f"  {label} concurrency {connections:>2}: {figures['rps']:7.1f} requests/s"
              f"   p50 {figures.get('p50', 0):8.2f} ms   p90 {figures.get('p90', 0):8.2f} ms"
              f"   p99 {figures.get('p99', 0):8.2f} ms   ({int(figures['requests'])} requests,"
              f" {int(figures['non_2xx'])} not 2xx, {int(figures['socket_errors'])} socket errors)")
        settle(url, token)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway-module", default="infra.local.gateway",
                        help="the gateway to measure: a module name or a .py file (default: infra.local.gateway)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk (make bench does)", file=sys.stderr)
        return 1
    with scratch_database(), tempfile.TemporaryDirectory() as folder, \
            running_gateway(args.gateway_module, Path(folder) / "gateway.log") as url:
        path, token = set_the_stage(url)
        print(f"local gateway ({args.gateway_module}), wrk, {SECONDS} s per run, os.cpu_count() = {os.cpu_count()}")
        print(f"  GET /programs/{{id}} {one_at_a_time(f'{url}{path}', token)}")
        measure("GET /programs/{id} (authorized, its database transaction)", f"{url}{path}", token)
        measure("GET /auth/health   (public, one light query)          ", f"{url}/auth/health", token)
        print(f"  {gateway_figures(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
