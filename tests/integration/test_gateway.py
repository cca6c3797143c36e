"""The local gateway's own behaviour, on a small template of test routes (tests/support/sample_handlers.py).

Served as ``make dev`` serves it, each function runs in worker processes of its own (infra/local/workers.py),
so what a handler saw comes back in its response; the in-process mode (``Gateway`` without a pool) is what
``InProcessApi`` and the integration tests use.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from infra.local.gateway import Gateway, create_server
from infra.local.server import LocalServer
from infra.local.template import Template
from infra.local.workers import WorkerPool

FUNCTIONS = [  # name, handler, method, path
    ("Crash", "crash", "GET", "/sample/crash"), ("Boom", "factory_boom", "GET", "/sample/boom"),
    ("Refused", "factory_boom", "GET", "/sample/refused"), ("Clash", "factory_boom", "GET", "/sample/clash"),
    ("Echo", "echo", "GET", "/sample/items/{item_id}"), ("EchoPost", "echo", "POST", "/sample/items/{item_id}"),
    ("Other", "echo", "GET", "/sample/other"), ("Third", "echo", "GET", "/sample/third"),
    ("Slow", "slow", "GET", "/sample/slow"), ("Exit", "exit_abruptly", "GET", "/sample/exit"),
    ("SampleA", "sample_a", "POST", "/sample/a"), ("SampleB", "sample_b", "POST", "/sample/b"),
    ("Missing", "no_such_handler", "GET", "/sample/missing"),
]


def function(handler: str, method: str, path: str, **properties: Any) -> dict[str, Any]:
    return {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": f"tests.support.sample_handlers.{handler}", **properties,
        "Events": {"Api": {"Type": "HttpApi", "Properties": {
            "Method": method, "Path": path, "Auth": {"Authorizer": "NONE"}}}}}}


TEMPLATE = {
    "Parameters": {"Origins": {"Type": "CommaDelimitedList", "Default": "https://app.example"}},
    "Globals": {"Function": {"Timeout": 10}},
    "Resources": {
        "Api": {"Type": "AWS::Serverless::HttpApi", "Properties": {
            "CorsConfiguration": {"AllowOrigins": {"Ref": "Origins"}, "AllowMethods": ["GET"],
                                  "AllowHeaders": ["Authorization"], "MaxAge": 60},
            "Auth": {"DefaultAuthorizer": "Jwt", "Authorizers": {"Jwt": {"JwtConfiguration": {
                "issuer": "http://127.0.0.1:1", "audience": ["authenticated"]}}}}}},
        **{name: function(handler, method, path) for name, handler, method, path in FUNCTIONS},
        "Hang": function("slow", "GET", "/sample/hang", Timeout=1),
    },
}


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    """The gateway as served: every function in worker processes of its own."""
    served = Gateway(Template(TEMPLATE), pool=WorkerPool(max_instances=6))
    yield served
    served.close()


@pytest.fixture
def in_process() -> Gateway:
    return Gateway(Template(TEMPLATE))


class Served:
    """A gateway on a real HTTP port, in a thread of the test."""

    def __init__(self, max_instances: int) -> None:
        self.server: LocalServer = create_server("127.0.0.1", 0, Template(TEMPLATE), max_instances=max_instances)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        assert self.server.gateway.pool is not None
        self.pool: WorkerPool = self.server.gateway.pool

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=30, **kwargs)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def served() -> Iterator[Served]:
    running = Served(max_instances=4)
    yield running
    running.stop()


def alive(pid: int) -> bool:
    """A process that still runs (a zombie waiting to be reaped has stopped)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone, or reaped between the open and the read
        return False


def wait_until_gone(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


def raw_exchange(port: int, request: bytes, timeout: float = 5) -> bytes:
    """Send ``request`` as is; what the server answered before closing (or before ``timeout``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            pass
        return received


# ---------------------------------------------------------------- errors, events, CORS (Gateway.handle)

def test_a_crashing_function_is_a_generic_500_with_the_trace_in_the_log(gateway, caplog):
    with caplog.at_level(logging.ERROR, logger="gateway"):
        status, headers, body = gateway.handle("GET", "/sample/crash", {}, b"", "127.0.0.1")
    assert status == 500
    assert headers["Content-Type"] == "application/problem+json"
    assert b"fell over" not in body and b"Traceback" not in body
    assert "Traceback" in caplog.text and "the whole function fell over" in caplog.text


@pytest.mark.parametrize("path", ["/sample/refused", "/sample/clash"])
def test_a_change_the_database_refuses_after_the_service_allowed_it_is_a_409(gateway, path):
    # a concurrent change won between the service's checks and the write: retry, not a server fault
    status, headers, body = gateway.handle("GET", path, {}, b"", "127.0.0.1")
    assert status == 409 and headers["Content-Type"] == "application/problem+json"
    problem = json.loads(body)
    assert "changed meanwhile" in problem["detail"]
    assert b"row-level security" not in body and b"secret_fk" not in body


def test_an_unhandled_error_inside_the_factory_is_a_generic_500(gateway):
    status, headers, body = gateway.handle("GET", "/sample/boom", {}, b"", "127.0.0.1")
    assert status == 500
    problem = json.loads(body)
    assert problem["status"] == 500 and "hunter2" not in body.decode()
    assert headers["Content-Type"] == "application/problem+json"


def test_the_event_is_api_gateway_payload_2(gateway):
    status, _, body = gateway.handle("GET", "/sample/items/42?tag=a&tag=b", {"user-agent": "t", "cookie": "a=1; b=2"},
                                     b"", "192.0.2.1")
    assert status == 200
    event = json.loads(body)["event"]  # as the function received it, in its own process
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /sample/items/{item_id}"
    assert event["pathParameters"] == {"item_id": "42"}
    assert event["queryStringParameters"] == {"tag": "a,b"}
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["requestContext"]["http"]["sourceIp"] == "192.0.2.1"


def test_the_function_runs_in_a_process_of_its_own(gateway):
    _, _, body = gateway.handle("GET", "/sample/items/1", {}, b"", "127.0.0.1")
    _, _, other = gateway.handle("GET", "/sample/other", {}, b"", "127.0.0.1")
    pids = {json.loads(body)["pid"], json.loads(other)["pid"]}  # the same handler, two functions
    assert os.getpid() not in pids and len(pids) == 2


def test_cors_allows_only_the_configured_origins(gateway):
    asked = {"origin": "https://app.example", "access-control-request-method": "GET",
             "access-control-request-headers": "authorization"}
    status, headers, _ = gateway.handle("OPTIONS", "/sample/items/1", asked, b"", "127.0.0.1")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert headers["Access-Control-Max-Age"] == "60"
    status, headers, _ = gateway.handle("OPTIONS", "/sample/items/1", {**asked, "origin": "https://evil.example"},
                                        b"", "127.0.0.1")
    assert "Access-Control-Allow-Origin" not in headers
    _, headers, _ = gateway.handle("GET", "/sample/items/1", {"origin": "https://evil.example"}, b"", "127.0.0.1")
    assert "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize("method", ["GET", "DELETE", "TRACE", "PROPFIND"])
def test_a_path_without_routes_is_a_404_problem_whatever_the_method(gateway, method):
    status, headers, body = gateway.handle(method, "/nowhere", {}, b"", "127.0.0.1")
    assert status == 404 and headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["detail"] == f"No route {method} /nowhere."
    assert "Allow" not in headers


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "QUERY"])
def test_a_method_the_path_has_no_route_for_is_a_405_naming_the_paths_methods(gateway, method):
    status, headers, body = gateway.handle(method, "/sample/items/1", {}, b"", "127.0.0.1")
    assert status == 405 and headers["Content-Type"] == "application/problem+json"
    assert headers["Allow"] == "GET, POST"
    assert json.loads(body) == {"type": "about:blank", "title": "Method Not Allowed", "status": 405,
                                "detail": f"{method} is not allowed on /sample/items/1."}


@pytest.mark.parametrize("path", ["/docs", "/openapi.json", "/_gateway/stats", "/docs/assets/swagger-ui.css",
                                  "/_files/a/b.pdf"])
def test_the_gateways_own_pages_answer_other_methods_405(gateway, path):
    for method in ["POST", "DELETE", "TRACE"]:
        status, headers, _ = gateway.handle(method, path, {}, b"", "127.0.0.1")
        assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_a_cors_preflight_is_still_answered_where_options_has_no_route(gateway):
    asked = {"origin": "https://app.example", "access-control-request-method": "GET"}
    status, headers, _ = gateway.handle("OPTIONS", "/sample/items/1", asked, b"", "127.0.0.1")
    assert status == 204 and "Allow" not in headers
    status, headers, _ = gateway.handle("OPTIONS", "/sample/items/1", {"origin": "https://app.example"}, b"",
                                        "127.0.0.1")
    assert status == 405 and headers["Access-Control-Allow-Origin"] == "https://app.example"


def test_a_function_that_cannot_be_loaded_is_a_generic_500_with_the_trace_in_the_log(gateway, caplog):
    with caplog.at_level(logging.ERROR, logger="gateway"):
        status, _, body = gateway.handle("GET", "/sample/missing", {}, b"", "127.0.0.1")
    assert status == 500 and b"no_such_handler" not in body
    assert "no_such_handler" in caplog.text


def test_a_function_past_its_timeout_is_stopped_and_answered_504(gateway):
    started = time.monotonic()
    status, headers, _ = gateway.handle("GET", "/sample/hang?ms=5000", {}, b"", "127.0.0.1")
    assert status == 504 and headers["Content-Type"] == "application/problem+json"
    assert time.monotonic() - started < 4  # its Timeout is 1 s, as Lambda would end it
    status, _, _ = gateway.handle("GET", "/sample/hang?ms=10", {}, b"", "127.0.0.1")
    assert status == 200  # on a new execution environment
    figures = gateway.stats()["functions"]["Hang"]
    assert figures["timeouts"] == 1 and figures["cold_starts"] == 2


def test_the_function_logs_json_with_the_requests_correlation_id(in_process):
    from shared.api import logger

    route, params = in_process.match("GET", "/sample/boom")
    event = in_process.event(route, "GET", "/sample/boom", "", {}, b"", "127.0.0.1", params, None)
    output = io.StringIO()
    previous = logger.registered_handler.setStream(output)
    try:
        in_process.invoke(route, event)
    finally:
        logger.registered_handler.setStream(previous)
    lines = [json.loads(line) for line in output.getvalue().splitlines() if line.startswith("{")]
    logged = next(line for line in lines if line.get("message") == "unhandled error")
    assert logged["correlation_id"] == event["requestContext"]["requestId"]
    assert logged["level"] == "ERROR"
    assert "hunter2" in logged["exception"]  # the trace goes to the log, never to the client


def test_metrics_are_published_as_emf_when_enabled_and_kept_nowhere_when_disabled(in_process, monkeypatch, capsys):
    from shared.api import metrics
    from shared.config import reset_settings

    route, params = in_process.match("GET", "/sample/boom")
    event = in_process.event(route, "GET", "/sample/boom", "", {}, b"", "127.0.0.1", params, None)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "ProkerTracker")
    reset_settings()
    try:
        in_process.invoke(route, event)
        documents = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
        assert documents and documents[-1]["Http5xx"] == [1.0] and documents[-1]["UnhandledErrors"] == [1.0]
    finally:
        monkeypatch.undo()
        reset_settings()
    in_process.invoke(route, event)
    assert metrics.metric_set == {}


# ---------------------------------------------------------------- execution environments (over HTTP)

def test_two_functions_served_concurrently_each_see_only_their_own_event():
    """Powertools keeps the current event in a class attribute: in one process, concurrent requests to two
    functions would be validated or read against each other's body."""
    running = Served(max_instances=16)  # room for both to scale out without evicting each other

    def post(n: int) -> tuple[str, int, dict[str, Any]]:
        name = "ab"[n % 2]
        response = httpx.post(f"{running.url}/sample/{name}", json={"n": n}, timeout=30)
        assert response.status_code == 200, response.text
        return name, n, response.json()

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(post, range(200)))
    finally:
        running.stop()
    for name, n, answer in answers:
        assert (answer["function"], answer["validated"], answer["seen"]) == (name, n, n)
    pids = {name: {answer["pid"] for sent, _, answer in answers if sent == name} for name in "ab"}
    assert not pids["a"] & pids["b"]  # never two functions in one process


def test_concurrent_requests_to_a_function_scale_out_and_never_exceed_the_cap():
    running = Served(max_instances=3)
    live: list[int] = []
    watching = threading.Event()

    def watch() -> None:
        while not watching.is_set():
            live.append(running.pool.stats()["live_instances"])
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _: running.get("/sample/slow?ms=300"), range(8)))
        stats = running.pool.stats()
    finally:
        watching.set()
        watcher.join()
        running.stop()
    assert all(answer.status_code == 200 for answer in answers)
    pids = {answer.json()["pid"] for answer in answers}
    assert 2 <= len(pids) <= 3  # scaled out, within the cap
    assert max(live) <= 3 and stats["peak_instances"] <= 3
    assert stats["waits"] >= 1  # at the cap with every instance busy, requests waited for one


def test_at_the_cap_the_least_recently_used_idle_worker_is_evicted(served):
    pids = {}
    for path in ["/sample/items/1", "/sample/other", "/sample/third", "/sample/slow?ms=1"]:  # 4 = the cap
        pids[path] = served.get(path).json()["pid"]
    assert served.get("/sample/items/2").json()["pid"] == pids["/sample/items/1"]  # warm: Echo is now recent
    answer = httpx.post(f"{served.url}/sample/a", json={"n": 1}, timeout=30)
    assert answer.status_code == 200  # a fifth function: Other, the least recently used, makes room
    stats = served.pool.stats()
    assert stats["evictions"] == 1 and stats["live_instances"] == 4
    assert {i["function"] for i in stats["instances"]} == {"Echo", "Third", "Slow", "SampleA"}
    assert wait_until_gone([pids["/sample/other"]]) == []
    assert served.get("/sample/other").json()["pid"] != pids["/sample/other"]  # a cold start again
    assert served.server.gateway.stats()["functions"]["Other"]["cold_starts"] == 2


def test_a_worker_that_dies_mid_request_is_a_generic_502_and_is_replaced(served, caplog):
    with caplog.at_level(logging.ERROR, logger="gateway"):
        response = served.get("/sample/exit")
    assert response.status_code == 502
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "Traceback" not in response.text and "exit" not in response.json()["detail"]
    assert "exited with code 3" in caplog.text
    assert served.server.gateway.stats()["functions"]["Exit"]["crashes"] == 1
    assert served.pool.stats()["live_instances"] == 0


def test_a_killed_worker_is_replaced_on_the_next_request(served):
    first = served.get("/sample/items/1").json()["pid"]
    os.kill(first, signal.SIGKILL)  # while idle
    assert wait_until_gone([first]) == []
    answer = served.get("/sample/items/1")
    assert answer.status_code == 200 and answer.json()["pid"] != first

    busy = served.get("/sample/slow?ms=1").json()["pid"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(served.get, "/sample/slow?ms=3000")
        time.sleep(0.5)
        os.kill(busy, signal.SIGKILL)  # while it serves a request
        assert pending.result().status_code == 502
    assert served.get("/sample/slow?ms=1").status_code == 200


def test_workers_have_the_environment_the_gateway_started_with(monkeypatch):
    monkeypatch.setenv("SAMPLE_MARK", "at start")
    running = Served(max_instances=2)
    try:
        monkeypatch.setenv("SAMPLE_MARK", "changed later")
        assert running.get("/sample/items/1").json()["mark"] == "at start"
    finally:
        running.stop()


def test_no_worker_process_remains_after_the_gateway_stops():
    running = Served(max_instances=4)
    for path in ["/sample/items/1", "/sample/other", "/sample/third"]:
        assert running.get(path).status_code == 200
    pids = running.pool.pids()
    assert len(pids) == 3 and all(alive(pid) for pid in pids)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(running.get, "/sample/slow?ms=5000")  # busy when the gateway stops
        time.sleep(0.5)
        pids = running.pool.pids()
        running.stop()
        assert pending.exception() is not None or pending.result().status_code == 502
    assert wait_until_gone(pids) == []


def test_the_figures_per_function_are_served(served):
    for _ in range(3):
        served.get("/sample/items/1")
    served.get("/sample/crash")
    stats = served.get("/_gateway/stats").json()
    echo, crash = stats["functions"]["Echo"], stats["functions"]["Crash"]
    assert echo["cold_starts"] == 1 and echo["cold_start_ms"]["last"] > 0
    assert echo["invocations"] == 3 and echo["errors"] == 0
    assert 0 < echo["duration_ms"]["p50"] <= echo["duration_ms"]["p99"]
    assert crash["invocations"] == 1 and crash["errors"] == 1
    assert stats["max_instances"] == 4 and stats["live_instances"] == 2


# ---------------------------------------------------------------- the HTTP server

def test_fifty_simultaneous_new_connections_all_get_answers(served):
    """The standard library's server listened with a backlog of 5: of 50 connections opened at once, the
    kernel dropped the handshakes beyond it (the client retries after a second; with tcp_abort_on_overflow,
    a reset). Here every connection is taken at once and every request answered."""
    assert served.get("/sample/items/0").status_code == 200  # warm: this test is about the HTTP server
    connections, connect_seconds = [], []
    try:
        for _ in range(50):  # all opened before the server has read a single request
            started = time.monotonic()
            connections.append(socket.create_connection(("127.0.0.1", served.port), timeout=30))
            connect_seconds.append(time.monotonic() - started)
        for n, sock in enumerate(connections):
            sock.sendall(f"GET /sample/items/{n} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answers = []
        for sock in connections:
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
            answers.append(received)
    finally:
        for sock in connections:
            sock.close()
    assert max(connect_seconds) < 0.9  # no handshake dropped and retried
    assert all(answer.startswith(b"HTTP/1.1 200 ") for answer in answers)
    for n, answer in enumerate(answers):
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["event"]["pathParameters"] == {"item_id": str(n)}


def answer_and_close(port: int, request: bytes, within: float = 1.0) -> tuple[bytes, bool, float]:
    """Send ``request`` as is and read for ``within`` seconds: what came back, whether the server closed
    the connection, and when the last of it came."""
    received, closed, started = b"", False, time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=within) as sock:
        sock.sendall(request)
        last = started
        try:
            while chunk := sock.recv(65536):
                received, last = received + chunk, time.monotonic()
            closed, last = True, time.monotonic()
        except TimeoutError:
            pass
        except ConnectionResetError:
            closed, last = True, time.monotonic()
    return received, closed, last - started


POST = b"POST /sample/items/1 HTTP/1.1\r\nHost: x\r\n"
MALFORMED_FRAMING = {  # id: (request, status)
    "content-length -1": (POST + b"Content-Length: -1\r\n\r\n{}", 400),
    "content-length -1, no body": (POST + b"Content-Length: -1\r\n\r\n", 400),
    "content-length abc": (POST + b"Content-Length: abc\r\n\r\n{}", 400),
    "content-length +1": (POST + b"Content-Length: +1\r\n\r\n{", 400),
    "content-length 1, 2": (POST + b"Content-Length: 1, 2\r\n\r\n{}", 400),
    "two content-lengths": (POST + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}", 400),
    "content-length and chunked": (POST + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "a malformed chunk": (POST + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n", 400),
    "an unknown transfer coding": (POST + b"Transfer-Encoding: gzip\r\n\r\n", 501),
    "http/0.9": (b"GET /sample/items/1\r\n", 400),
    "http/0.9, bare lf": (b"GET /\n", 400),
    "http/2.0 request line": (b"GET /sample/items/1 HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    "no method": (b" /sample/items/1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "a tls handshake": (bytes.fromhex("16030100a5010000a10303") + bytes(40), 400),
    "a header without a colon": (b"GET /sample/items/1 HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n", 400),
    "a space before the colon": (b"GET /sample/items/1 HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    "a nul in a header": (b"GET /sample/items/1 HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
}


@pytest.mark.parametrize(("request_bytes", "status"), MALFORMED_FRAMING.values(), ids=MALFORMED_FRAMING.keys())
def test_malformed_framing_is_answered_as_a_problem_and_closed_within_a_second(served, request_bytes, status):
    """No request thread (nor the connection) waits on a client whose framing cannot be read: the refusal comes
    at once, as problem+json, and the server closes the connection."""
    answer, closed, seconds = answer_and_close(served.port, request_bytes)
    assert answer.split(b"\r\n", 1)[0].split(b" ")[1] == str(status).encode(), answer[:200]
    head, body = answer.split(b"\r\n\r\n", 1)
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["status"] == status
    assert closed and seconds < 1


def test_the_connection_still_serves_after_a_well_framed_request(served):
    # the contrast: a good request on HTTP/1.1 keeps its connection open for the next one
    assert served.get("/sample/items/0").status_code == 200  # warm
    answer, closed, _ = answer_and_close(served.port, b"GET /sample/items/1 HTTP/1.1\r\nHost: x\r\n\r\n", 0.5)
    assert answer.startswith(b"HTTP/1.1 200 ") and not closed


def test_a_body_over_10_mb_is_refused_413_before_it_is_sent(served):
    answer = raw_exchange(served.port, b"POST /sample/items/1 HTTP/1.1\r\nHost: x\r\n"
                                       b"Content-Length: 10485761\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["detail"] == "The request is larger than the gateway accepts."


def test_a_body_of_10_mb_is_served(served):
    body = b"x" * (10 * 1024 * 1024)
    response = httpx.post(f"{served.url}/sample/items/1", content=body, timeout=60)
    assert response.status_code == 200
    assert response.json()["event"]["body"] == body.decode()


def test_unknown_methods_and_routes_over_http(served):
    for method in ["TRACE", "PROPFIND", "DELETE"]:
        response = httpx.request(method, f"{served.url}/sample/items/1")
        assert response.status_code == 405 and response.headers["Allow"] == "GET, POST"
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 405
    response = httpx.request("PROPFIND", f"{served.url}/nowhere")
    assert response.status_code == 404 and response.json()["detail"] == "No route PROPFIND /nowhere."
    response = served.get("/nowhere", headers={"Origin": "https://app.example"})
    assert response.status_code == 404 and response.headers["Access-Control-Allow-Origin"] == "https://app.example"


def test_a_head_answer_has_no_body_and_the_next_answer_on_the_connection_is_intact(served):
    """waitress sent a HEAD answer's body: the next response on a kept-alive connection began with it."""
    with httpx.Client(base_url=served.url, timeout=30) as client:
        stats = client.head("/_gateway/stats")
        between = client.get("/sample/items/1")
        refused = client.head("/sample/items/1")
        after = client.get("/sample/items/2")
    assert stats.status_code == 200 and int(stats.headers["Content-Length"]) > 0 and stats.content == b""
    assert between.status_code == 200 and between.json()["event"]["pathParameters"] == {"item_id": "1"}
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, POST" and refused.content == b""
    assert after.status_code == 200 and after.json()["event"]["pathParameters"] == {"item_id": "2"}


def test_keep_alive_serves_several_requests_on_one_connection(served):
    with httpx.Client(base_url=served.url, timeout=30) as client:
        answers = [client.get(f"/sample/items/{n}") for n in range(5)]
    assert [a.json()["event"]["pathParameters"]["item_id"] for a in answers] == [str(n) for n in range(5)]
