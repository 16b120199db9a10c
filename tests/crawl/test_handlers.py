"""The download handler against real loopback sockets: pins, the private-address guard, and which connect
failures count as "refused" (dead) — a TLS failure or an unreachable host must not."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from mentionfinder.crawl.checkrequests import ERR_PRIVATE, ERR_REFUSED, ERR_TLS, error_kind
from mentionfinder.crawl.handlers import GuardedAiohttpHandler, GuardedResolver
from mentionfinder.crawl.resolver import PrivateAddressLookup
from tests.dnsserver import DNSServer


def resolve(resolver: GuardedResolver, host: str):
    async def go():
        try:
            return await resolver.resolve(host, 80)
        finally:
            await resolver.close()

    return asyncio.run(go())


def test_pins_answer_without_a_lookup():
    [result] = resolve(GuardedResolver({"site.test": "127.0.0.1"}, allow_private=True), "SITE.test.")
    assert (result["host"], result["port"], result["family"]) == ("127.0.0.1", 80, socket.AF_INET)


def test_pinned_ipv6_address_has_the_ipv6_family():
    [result] = resolve(GuardedResolver({"six.test": "::1"}, allow_private=True), "six.test")
    assert (result["host"], result["family"]) == ("::1", socket.AF_INET6)


def test_invalid_names_fail_at_once():
    with pytest.raises(OSError, match="reserved name"):
        resolve(GuardedResolver({}, allow_private=True), "gone.invalid")


def test_dns_servers_are_asked_directly_and_their_answers_guarded():
    with DNSServer({"site.test": "127.0.0.1"}) as server:
        [result] = resolve(GuardedResolver({}, allow_private=True, servers=[server.address]), "site.test")
        assert result["host"] == "127.0.0.1"
        with pytest.raises(PrivateAddressLookup):
            resolve(GuardedResolver({}, allow_private=False, servers=[server.address]), "site.test")
        with pytest.raises(OSError, match="NXDOMAIN"):
            resolve(GuardedResolver({}, allow_private=True, servers=[server.address]), "gone.test")


def test_a_name_resolving_to_loopback_is_refused():
    # "localhost" comes from the hosts file: a real lookup that never leaves the machine.
    with pytest.raises(PrivateAddressLookup, match="non-public address (127.0.0.1|::1)"):
        resolve(GuardedResolver({}, allow_private=False), "localhost")


def test_a_name_resolving_to_loopback_is_allowed_when_private_is_allowed():
    results = resolve(GuardedResolver({}, allow_private=True), "localhost")
    assert {r["host"] for r in results} & {"127.0.0.1", "::1"}


def download(url: str, **settings):
    crawler = get_crawler(settings_dict={"MENTIONFINDER_ALLOW_PRIVATE": True, **settings})

    async def go():
        handler = GuardedAiohttpHandler(crawler)
        try:
            return await handler.download_request(Request(url, meta={"download_timeout": 5}))
        finally:
            await handler.close()

    return asyncio.run(go())


@pytest.fixture
def plain_http_port():
    """A loopback server that answers every connection with plain HTTP, whatever the client sends."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    stop = False

    def serve():
        while not stop:
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1]
    stop = True
    thread.join(2)
    sock.close()


def test_plain_http_answers(plain_http_port):
    response = download(f"http://127.0.0.1:{plain_http_port}/")
    assert (response.status, response.body) == (200, b"ok")


def test_a_tls_handshake_failure_is_a_tls_error_not_a_refusal(plain_http_port):
    with pytest.raises(Exception) as failure:
        download(f"https://127.0.0.1:{plain_http_port}/")
    assert error_kind(failure.value)[0] == ERR_TLS


def test_a_closed_port_is_refused():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now: the kernel refuses at once
    with pytest.raises(Exception) as failure:
        download(f"http://127.0.0.1:{port}/")
    assert error_kind(failure.value)[0] == ERR_REFUSED


def test_pins_reach_the_connection(plain_http_port):
    response = download(f"http://pinned.test:{plain_http_port}/", RESOLVE="pinned.test=127.0.0.1")
    assert response.status == 200


def test_a_name_refused_by_the_guard_is_a_refusal_not_a_vanished_host(plain_http_port):
    # The guard refuses before connecting: nothing reaches the server, and the check is skipped, not dead.
    with pytest.raises(Exception) as failure:
        download(f"http://localhost:{plain_http_port}/", MENTIONFINDER_ALLOW_PRIVATE=False)
    kind, detail = error_kind(failure.value)
    assert kind == ERR_PRIVATE
    assert "non-public address" in detail
