"""Where the consumer may send an HTTP request: webhooks are set by an organization's board, so a URL
must not make our function call into its own network (cloud metadata at 169.254.169.254, a database
on a private address, localhost).

Checked twice: when a webhook is created (its text: scheme and a literal address or local name) and
before every send (the addresses its host resolves to then). The send then connects to the address
that was checked (``pinned``), not to whatever the name resolves to a moment later: otherwise a DNS
answer with a short lifetime could pass the check with a public address and be a private one when
the connection is made (DNS rebinding). Local development and the tests switch
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
    if not allow_private:
        _public_addresses(url)


def _public_addresses(url: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeTarget(f"its host does not resolve ({error.strerror or error})") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses or not all(address.is_global for address in addresses):
        raise UnsafeTarget("its host resolves to a private, loopback or reserved address")
    return addresses


def pinned(url: str) -> tuple[str, str, str]:
    """Resolve the URL's host once, check every address is public, and answer the URL with the first
    address in place of the name, the ``Host`` header to send and the name for TLS (SNI and the
    certificate check): connecting there cannot be redirected by a second DNS answer."""
    check_url(url, allow_private=False)
    parts = urlsplit(url)
    address = _public_addresses(url)[0]
    host = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{host}:{parts.port}" if parts.port else host
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=netloc).geturl(), host_header, parts.hostname or ""
