"""Where the consumer may send an HTTP request: webhooks are set by an organization's board, so a URL
must not make our function call into its own network (cloud metadata at 169.254.169.254, a database
on a private address, localhost).

Checked twice: when a webhook is created (its text: scheme and a literal address or local name) and
before every send (the addresses its host resolves to then). Local development and the tests switch
both off with ``NOTIFY_ALLOW_PRIVATE_TARGETS`` (their receivers listen on 127.0.0.1), which also
allows plain http.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


class UnsafeTarget(ValueError):
    """The URL leads somewhere the consumer must not send to; the message says why."""


def _literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse what the URL's text alone shows is unsafe; ``UnsafeTarget`` says why."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeTarget("must be an http(s) URL with a host")
    if allow_private:
        return
    if parts.scheme != "https":
        raise UnsafeTarget("must use https")
    if parts.username or parts.password:
        raise UnsafeTarget("must not carry a user name or password")
    host = parts.hostname.rstrip(".").lower()
    address = _literal_address(host)
    if address is not None and not address.is_global:
        raise UnsafeTarget("must not point at a private, loopback or reserved address")
    if host == LOCAL_NAMES[0] or host.endswith(LOCAL_NAMES[1:]):
        raise UnsafeTarget("must not name a local host")


def check_resolved(url: str, *, allow_private: bool) -> None:
    """Refuse a URL whose host resolves to an address that is not public (just before sending)."""
    check_url(url, allow_private=allow_private)
    if allow_private:
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeTarget(f"its host does not resolve ({error.strerror or error})") from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise UnsafeTarget("its host resolves to a private, loopback or reserved address")
