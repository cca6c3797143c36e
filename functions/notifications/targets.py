"""Where the consumer may send an HTTP request: webhooks are set by an organization's board, so a URL
must not make our function call into its own network (cloud metadata at 169.254.169.254, a database
on a private address, localhost).

Checked twice: when a webhook is created (its text: scheme and a literal address or local name) and
before every send (``resolve``: every address its host resolves to then). The send then connects to
the address that was checked (``Target.address``), resolved once: not to whatever the name resolves
to a moment later, or a DNS answer with a short lifetime could pass the check with a public address
and be a private one when the connection is made (DNS rebinding).

An address is public (``is_public``) only when it is global unicast and, for an IPv6 address that
carries an IPv4 one (mapped, translated, compatible, NAT64, 6to4, Teredo), when that IPv4 address is
public too: Python's ``is_global`` calls ``[64:ff9b::a9fe:a9fe]`` (NAT64 of 169.254.169.254) or
``[::127.0.0.1]`` global, and a translator or the kernel would take them there.

Discord and Slack messages go only to those services' own hosts (``check_chat_url``), whatever URL was
stored. Local development and the tests switch all of this off with ``NOTIFY_ALLOW_PRIVATE_TARGETS``
(their receivers listen on 127.0.0.1), which also allows plain http.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")
CHAT_HOSTS: dict[str, tuple[str, ...]] = {"discord": ("discord.com", "discordapp.com"), "slack": ("hooks.slack.com",)}
"""The hosts a chat message may be posted to, per service (their webhook URLs' hosts)."""

SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT: Python's is_private leaves it out
GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")  # the only IPv6 unicast routed on the Internet
# IPv6 addresses whose last 32 bits are an IPv4 address a packet to them reaches
LAST_32_BITS_ARE_IPV4 = tuple(ipaddress.IPv6Network(network) for network in (
    "::ffff:0:0/96",  # IPv4-mapped
    "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
    "::/96",  # IPv4-compatible (deprecated); :: and ::1 are 0.0.0.0 and 0.0.0.1 here, refused as such
    "64:ff9b::/96",  # NAT64, the well-known prefix
))
# NAT64 for a local network (RFC 8215): never global, and where the IPv4 address sits is that network's choice
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


class UnsafeTarget(ValueError):
    """The URL leads somewhere the consumer must not send to; the message says why."""


def _public_ipv4(address: ipaddress.IPv4Address) -> bool:
    return address.is_global and address not in SHARED and not (
        address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified
        or address.is_multicast or address.is_reserved)


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (a Teredo address: its server's and its client's)."""
    if any(address in network for network in LAST_32_BITS_ARE_IPV4):
        return [ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    return []


def is_public(address: IPAddress) -> bool:
    """May the consumer connect here: a public IPv4 address (not private, loopback, link-local,
    unspecified, multicast, reserved nor shared 100.64/10), or a global unicast IPv6 one; an IPv6 address
    carrying an IPv4 one only when every IPv4 address it carries is public."""
    if isinstance(address, ipaddress.IPv4Address):
        return _public_ipv4(address)
    if address in NAT64_LOCAL:
        return False
    carried = embedded_ipv4(address)
    if carried:
        return all(_public_ipv4(ipv4) for ipv4 in carried)
    return address in GLOBAL_UNICAST and address.is_global


def _literal_address(host: str) -> IPAddress | None:
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
    if address is not None and not is_public(address):
        raise UnsafeTarget("must not point at a private, loopback or reserved address")
    if host == LOCAL_NAMES[0] or host.endswith(LOCAL_NAMES[1:]):
        raise UnsafeTarget("must not name a local host")


def check_chat_url(channel: str, url: str, *, allow_private: bool) -> None:
    """Refuse a Discord or Slack URL (``channel``: discord, slack) on any host but that service's own
    (``CHAT_HOSTS``), or not https on its standard port."""
    check_url(url, allow_private=allow_private)
    if allow_private:
        return
    parts = urlsplit(url)
    if (parts.hostname or "").rstrip(".").lower() not in CHAT_HOSTS[channel] or parts.port not in (None, 443):
        raise UnsafeTarget(f"is not a {channel} webhook URL (https://{CHAT_HOSTS[channel][0]}/...)")


@dataclass(frozen=True)
class Target:
    """Where one request goes: the URL as stored, and the address its host resolved to and passed the
    check, the one to connect to (None only where private targets are allowed: dev and the tests)."""

    url: str
    address: IPAddress | None = None

    def request(self) -> tuple[str, str, str]:
        """The URL with the checked address in place of the name, the ``Host`` header to send, and the
        name for TLS (SNI and the certificate check)."""
        if self.address is None:
            raise UnsafeTarget("was not resolved and checked")
        parts = urlsplit(self.url)
        host = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        netloc = f"{host}:{parts.port}" if parts.port else host
        return parts._replace(netloc=netloc).geturl(), parts.netloc.rsplit("@", 1)[-1], parts.hostname or ""


def resolve(url: str, *, allow_private: bool) -> Target:
    """Check the URL, resolve its host once and check every address it has (just before sending)."""
    check_url(url, allow_private=allow_private)
    if allow_private:
        return Target(url)
    return Target(url, _public_addresses(url)[0])


def _public_addresses(url: str) -> list[IPAddress]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeTarget(f"its host does not resolve ({error.strerror or error})") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses or not all(is_public(address) for address in addresses):
        raise UnsafeTarget("its host resolves to a private, loopback or reserved address")
    return addresses
