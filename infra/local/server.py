"""The local gateway's HTTP server: waitress, a production WSGI server, in front of ``Gateway.handle``.

The standard library's ``ThreadingHTTPServer`` listens with a backlog of 5 (50 simultaneous new connections
got resets) and is not meant for production; waitress has a real listen backlog, a pool of request threads,
HTTP/1.1 keep-alive and pipelining, buffering of request bodies, and strict parsing of request framing
(docs/decisions/0009-local-gateway-workers.md). Two changes to it, in a parser subclass:

- its own refusals (a malformed ``Content-Length``, a bad request line, an oversized body) are answered as
  problem+json, like every other error of the gateway;
- a request line without an HTTP version (HTTP/0.9) is answered at once, instead of waiting for headers
  that such a client never sends.

``LocalServer`` keeps the interface the callers had of ``ThreadingHTTPServer``: ``server_address``,
``serve_forever()``, ``shutdown()`` (from another thread), ``server_close()``, plus ``gateway``.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server
from waitress.utilities import Error

from infra.local.gateway import MAX_PAYLOAD_BYTES, Gateway, problem

log = logging.getLogger("gateway")

BACKLOG = 1024  # the kernel caps it at net.core.somaxconn (4096 here)
CONNECTION_LIMIT = 500  # open connections at once (browsers, wrk); beyond, new ones wait in the backlog
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
                        "transfer-encoding", "upgrade", "content-length"})
_VERSION = re.compile(rb" HTTP/(\d)\.\d$")
_NOT_A_METHOD = re.compile(rb"[^!#$%&'*+.^_`|~0-9A-Za-z-]")  # a method is a token (RFC 9110 §5.6.2)
_PROBLEM_DETAIL = {413: "The request is larger than the gateway accepts."}

StartResponse = Callable[..., Any]


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class ProblemError(Error):  # type: ignore[misc]  # waitress is untyped
    """A refusal of waitress's parser, answered as problem+json instead of waitress's plain text."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.reason = _phrase(code)

    def to_response(self, ident: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
        status, headers, body = problem(self.code, _PROBLEM_DETAIL.get(self.code, str(self.body)))
        return f"{status} {self.reason}", list(headers.items()), body


class GatewayParser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's request parser; its errors become problem+json, and a request line that cannot begin an
    HTTP/1 request is refused as soon as it is seen, instead of waiting for headers that never come."""

    completed: bool
    connection_close: bool
    header_plus: bytes
    body_rcv: Any
    error: Any

    def received(self, data: bytes) -> int:
        refusal = self._refusal_of_request_line(data) if self.body_rcv is None and not self.completed else None
        if refusal is not None:
            self.parse_header(b"GET / HTTP/1.0\r\n")  # as waitress does for its own early refusals
            self.error = refusal
            self.completed = True
            self.connection_close = True
            return len(data)
        consumed: int = super().received(data)
        if self.error is not None and not isinstance(self.error, ProblemError):
            self.error = ProblemError(int(self.error.code), str(self.error.body))
        return consumed

    def _refusal_of_request_line(self, data: bytes) -> ProblemError | None:
        """Why the request line received so far cannot be HTTP/1 (another protocol: TLS, HTTP/0.9, HTTP/2)."""
        pending = (self.header_plus + data).lstrip(b"\r\n")
        line, complete, _ = pending.partition(b"\n")
        method = line.partition(b" ")[0]
        if _NOT_A_METHOD.search(method.rstrip(b"\r") if complete else method):
            return ProblemError(400, "The request does not begin with an HTTP method: this server speaks plain "
                                     "HTTP/1.1.")
        if not complete:
            return None
        version = _VERSION.search(line.rstrip(b"\r"))
        if version is None:
            return ProblemError(400, "The request line has no HTTP version (HTTP/0.9 is not supported).")
        if version.group(1) != b"1":
            return ProblemError(505, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        return None

    def parse_header(self, header_plus: bytes) -> None:
        """waitress lets Transfer-Encoding override Content-Length and keeps the connection; a request that
        has both is refused (RFC 9112 §6.3: its framing is ambiguous, the way requests are smuggled)."""
        names = {line.partition(b":")[0].strip().lower() for line in header_plus.split(b"\n")[1:]}
        if {b"content-length", b"transfer-encoding"} <= names:
            raise ParsingError("The request has both Content-Length and Transfer-Encoding.")
        super().parse_header(header_plus)


class GatewayChannel(HTTPChannel):  # type: ignore[misc]
    parser_class = GatewayParser


def _request_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers, lower-cased, as API Gateway hands them to a function."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = value
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            headers[key.replace("_", "-").lower()] = value
    return headers


def wsgi_application(gateway: Gateway) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application: an HTTP request in, ``Gateway.handle``, its answer out."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        target = environ.get("REQUEST_URI") or environ.get("PATH_INFO") or "/"
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has checked it and buffered the body
        body = environ["wsgi.input"].read(length) if length else b""
        try:
            status, headers, payload = gateway.handle(method, target, _request_headers(environ), body,
                                                      environ.get("REMOTE_ADDR", ""))
        except Exception:
            log.exception("the gateway failed on %s %s", method, target)
            status, headers, payload = problem(500, "Internal Server Error")
        response_headers = [(name, value) for name, value in headers.items() if name.lower() not in HOP_BY_HOP]
        response_headers.append(("Content-Length", str(len(payload))))
        start_response(f"{status} {_phrase(status)}", response_headers)
        log.info("%s %s -> %s (%.1f ms)", method, target, status, (time.perf_counter() - started) * 1000)
        # waitress writes whatever body it is given, HEAD or not: the next response on the connection would
        # then begin with this one's body. A HEAD answer keeps the Content-Length and sends no body.
        return [] if method == "HEAD" else [payload]

    return application


def _one_address(host: str) -> str:
    """A host name's IPv4 address, as the standard library's server bound it (``localhost`` would otherwise
    be two listening sockets, IPv4 and IPv6); an IPv6 literal as it is."""
    return host if ":" in host else socket.gethostbyname(host)


def default_threads(gateway: Gateway) -> int:
    """Request threads: more than the function instances that may run at once, so that requests beyond them
    (a service calling another through the gateway, the gateway's own pages) are still taken in."""
    configured = os.environ.get("LOCAL_GATEWAY_THREADS", "").strip()
    if configured:
        return max(1, int(configured))
    instances = gateway.pool.max_instances if gateway.pool is not None else 8
    return instances + 8


class LocalServer:
    """The gateway on a waitress server; the interface of ``socketserver`` that ``make dev`` and tests use."""

    def __init__(self, host: str, port: int, gateway: Gateway, *, threads: int | None = None,
                 backlog: int = BACKLOG) -> None:
        self.gateway = gateway
        self._map: dict[int, Any] = {}
        server = create_server(
            wsgi_application(gateway), map=self._map, host=_one_address(host), port=port,
            threads=threads or default_threads(gateway), backlog=backlog, connection_limit=CONNECTION_LIMIT,
            max_request_body_size=MAX_PAYLOAD_BYTES + 1,  # waitress refuses sizes >= this: more than 10 MB
            ident="ProkerLocalGateway", expose_tracebacks=False, asyncore_use_poll=True, channel_timeout=120,
        )
        assert not isinstance(server, MultiSocketServer)  # one address, one listening socket
        self._server: BaseWSGIServer = server
        self._server.channel_class = GatewayChannel
        self.server_address: tuple[str, int] = (str(server.effective_host), int(server.effective_port))
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()

    def serve_forever(self) -> None:
        """Serve until ``shutdown()`` (another thread) or KeyboardInterrupt (this one)."""
        self._stopped.clear()
        try:
            while not self._stopping.is_set() and self._map:
                wasyncore.loop(timeout=self._server.adj.asyncore_loop_timeout, map=self._map, use_poll=True,
                               count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever()`` and wait until it has returned."""
        self._stopping.set()
        self._server.pull_trigger()
        self._stopped.wait()

    def server_close(self) -> None:
        """Stop the workers (a request still running is answered 502), the request threads, the socket."""
        self._stopping.set()
        self.gateway.close()
        self._server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(self._map)
