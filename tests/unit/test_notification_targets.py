"""Where the notifications consumer may send (functions/notifications/targets.py), as an attacker who sets
a webhook URL, or a DNS name, would try it: every address form that reaches a private, loopback,
link-local, unspecified, multicast, reserved or shared IPv4 address is refused, written in the URL or
answered by DNS; public addresses pass; the send connects to the very address that was checked; chat
messages go to Discord's and Slack's own hosts only."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

import pytest

from functions.notifications.targets import UnsafeTarget, check_chat_url, check_url, is_public, resolve

REFUSED = [
    # IPv4
    ("127.0.0.1", "loopback"), ("10.0.0.1", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local: cloud metadata"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "shared (CGN)"),
    ("100.127.255.254", "shared (CGN)"), ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "broadcast"), ("192.0.2.1", "documentation"),
    ("198.18.0.1", "benchmarking"),
    # IPv6 of its own
    ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fc00::1", "unique local"),
    ("fd00::1", "unique local"), ("fec0::1", "site-local (deprecated)"), ("ff02::1", "multicast"),
    ("ff0e::1", "multicast, global scope"), ("2001:db8::1", "documentation"), ("100::1", "discard-only"),
    # IPv4-mapped ::ffff:a.b.c.d
    ("::ffff:127.0.0.1", "mapped loopback"), ("::ffff:169.254.169.254", "mapped metadata"),
    ("::ffff:10.0.0.1", "mapped private"), ("::ffff:224.0.0.1", "mapped multicast"),
    # IPv4-translated ::ffff:0:a.b.c.d
    ("::ffff:0:7f00:1", "translated loopback"), ("::ffff:0:a9fe:a9fe", "translated metadata"),
    ("::ffff:0:c0a8:101", "translated private"), ("::ffff:0:6440:1", "translated shared"),
    # IPv4-compatible ::a.b.c.d
    ("::127.0.0.1", "compatible loopback"), ("::a9fe:a9fe", "compatible metadata"), ("::a00:1", "compatible private"),
    # NAT64, the well-known prefix 64:ff9b::/96 and local use 64:ff9b:1::/48
    ("64:ff9b::a9fe:a9fe", "NAT64 metadata"), ("64:ff9b::7f00:1", "NAT64 loopback"),
    ("64:ff9b::a00:1", "NAT64 private"), ("64:ff9b::6440:1", "NAT64 shared"), ("64:ff9b::e000:1", "NAT64 multicast"),
    ("64:ff9b:1::a9fe:a9fe", "local-use NAT64 metadata"), ("64:ff9b:1:a9fe:a9:fe00::", "local-use NAT64, /48 form"),
    ("64:ff9b:1::808:808", "local-use NAT64: never global"),
    # 6to4 2002::/16, the IPv4 address in bits 16-47
    ("2002:7f00:1::", "6to4 loopback"), ("2002:a9fe:a9fe::1", "6to4 metadata"), ("2002:a00:1::1", "6to4 private"),
    ("2002:6440:1::1", "6to4 shared"),
    # Teredo 2001::/32, the client's IPv4 address inverted in the last 32 bits
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo client loopback"),
    ("2001:0:4136:e378:8000:63bf:5601:5601", "Teredo client metadata"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "Teredo client private"),
]
PUBLIC = [
    "8.8.8.8", "1.1.1.1", "93.184.216.34", "162.159.135.232", "2606:4700:4700::1111", "2001:4860:4860::8888",
    "2a00:1450:4001:80b::200e", "2620:fe::fe",
    "64:ff9b::808:808",  # NAT64 of a public address: where an IPv6-only network reaches 8.8.8.8
    "::ffff:8.8.8.8", "2002:808:808::1",
]


def literal(address: str) -> str:
    return f"[{address}]" if ":" in address else address


@pytest.mark.parametrize(("address", "kind"), REFUSED, ids=[f"{a} {k}" for a, k in REFUSED])
def test_an_address_that_reaches_our_own_network_is_refused(address, kind, monkeypatch):
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(UnsafeTarget, match="private, loopback or reserved"):  # written in the URL
        check_url(f"https://{literal(address)}/hook", allow_private=False)
    answer(monkeypatch, address)
    with pytest.raises(UnsafeTarget, match="resolves"):  # or answered by DNS for an innocent name
        resolve("https://hooks.example.org/hook", allow_private=False)
    answer(monkeypatch, "93.184.216.34", address)
    with pytest.raises(UnsafeTarget, match="resolves"):  # among public answers: every answer is checked
        resolve("https://hooks.example.org/hook", allow_private=False)


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_address_passes(address, monkeypatch):
    assert is_public(ipaddress.ip_address(address))
    check_url(f"https://{literal(address)}/hook", allow_private=False)
    answer(monkeypatch, address)
    target = resolve("https://hooks.example.org/hook", allow_private=False)
    assert target.address == ipaddress.ip_address(address)


def answer(monkeypatch, *addresses: str) -> None:
    """DNS answers these addresses for any name."""
    def getaddrinfo(*args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, 443, 0, 0) if ":" in a else (a, 443)) for a in addresses]
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://hooks.example.org/x", True), ("https://8.8.8.8/x", True), ("http://hooks.example.org/x", False),
    ("https://127.0.0.1/x", False), ("https://192.168.1.10/x", False), ("https://[fd00::1]/x", False),
    ("https://localhost:8443/x", False), ("https://db.internal/x", False), ("ftp://hooks.example.org", False),
    ("https://:443/x", False), ("https://user:pass@hooks.example.org/x", False)])
def test_which_urls_a_webhook_may_have(url, allowed):
    if allowed:
        check_url(url, allow_private=False)
    else:
        with pytest.raises(UnsafeTarget):
            check_url(url, allow_private=False)
    if url.startswith("http"):
        check_url(url.replace("https://:443", "https://h"), allow_private=True)


def test_a_name_that_does_not_resolve_is_refused_and_private_targets_are_allowed_where_switched_on(monkeypatch):
    def fails(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fails)
    with pytest.raises(UnsafeTarget, match="does not resolve"):
        resolve("https://hooks.example.org/x", allow_private=False)
    assert resolve("http://127.0.0.1:9/x", allow_private=True).address is None  # dev and tests: not resolved


@pytest.mark.parametrize(("channel", "url", "allowed"), [
    ("discord", "https://discord.com/api/webhooks/1/abc", True),
    ("discord", "https://discordapp.com/api/webhooks/1/abc", True),
    ("discord", "https://DISCORD.com./api/webhooks/1/abc", True),
    ("slack", "https://hooks.slack.com/services/T0/B0/abc", True),
    ("slack", "https://hooks.slack.com:443/services/T0/B0/abc", True),
    ("discord", "https://hooks.slack.com/services/T0/B0/abc", False),  # the other service's host
    ("slack", "https://discord.com/api/webhooks/1/abc", False),
    ("discord", "https://discord.com.evil.example/api/webhooks/1/abc", False),
    ("discord", "https://evil.example/api/webhooks/1/abc", False),
    ("discord", "https://canary.discord.com/api/webhooks/1/abc", False),
    ("slack", "https://slack.com/services/T0/B0/abc", False),
    ("discord", "http://discord.com/api/webhooks/1/abc", False),  # not https
    ("discord", "https://discord.com:8443/api/webhooks/1/abc", False),
    ("slack", "https://x@hooks.slack.com/services/T0/B0/abc", False),
    ("discord", "https://[64:ff9b::a9fe:a9fe]/api/webhooks/1/abc", False),
])
def test_chat_messages_go_to_the_services_own_hosts_only(channel, url, allowed):
    if allowed:
        check_chat_url(channel, url, allow_private=False)
    else:
        with pytest.raises(UnsafeTarget):
            check_chat_url(channel, url, allow_private=False)
    check_chat_url(channel, url.replace("https://x@", "https://"), allow_private=True)  # dev: local receivers


@dataclass
class RecordingClient:
    calls: list[dict[str, Any]] = field(default_factory=list)

    def post(self, url: str, **kwargs: Any) -> Any:
        self.calls.append({"url": url, **kwargs})
        return type("Answer", (), {"status_code": 204})()


def test_a_send_resolves_once_and_connects_to_the_address_that_was_checked(monkeypatch):
    # DNS rebinding: the name answers a public address when checked, then a private one
    from functions.notifications.channels import Budget, LiveOutside, post_with_retries

    answers = iter([[("93.184.216.34", 443)], [("127.0.0.1", 443)], [("127.0.0.1", 443)]])
    asked: list[str] = []

    def getaddrinfo(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", sockaddr) for sockaddr in next(answers)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    outside = LiveOutside()
    outside._http = client = RecordingClient()
    assert post_with_retries(outside, "https://hooks.example.org:8443/in?x=1", b"{}", {"X-Proker-Event": "t"},
                             budget=Budget(10), sleep=lambda s: None)
    assert asked == ["hooks.example.org"]  # resolved once: nothing can change between the check and the connection
    [call] = client.calls
    assert call["url"] == "https://93.184.216.34:8443/in?x=1"  # the checked address
    assert call["headers"]["Host"] == "hooks.example.org:8443" and call["headers"]["X-Proker-Event"] == "t"
    assert call["extensions"] == {"sni_hostname": "hooks.example.org"}  # TLS still checks the name
    attempts: list[Any] = []
    assert not post_with_retries(outside, "https://hooks.example.org/in", b"{}", {}, budget=Budget(10),
                                 on_attempt=attempts.append, sleep=lambda s: None)
    assert len(client.calls) == 1  # now it answers 127.0.0.1: nothing is sent, and not tried again
    assert [a.error for a in attempts] == [
        "refused: the URL its host resolves to a private, loopback or reserved address"]


def test_the_live_sender_never_connects_to_an_address_it_did_not_check(monkeypatch):
    from functions.notifications.channels import LiveOutside
    from functions.notifications.targets import Target

    outside = LiveOutside()
    outside._http = client = RecordingClient()
    with pytest.raises(UnsafeTarget, match="not resolved"):
        outside.post(Target("https://hooks.example.org/in"), b"{}", {}, 5)
    assert client.calls == []
