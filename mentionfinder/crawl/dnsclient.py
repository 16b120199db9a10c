"""A small stub DNS client for MENTIONFINDER_DNS_SERVERS: A and AAAA questions over UDP, asked directly.

For when the system's resolver is the weak link (home routers and small forwarders drop questions at crawl
concurrency): the crawl asks the servers you name instead. No cache of its own, so a confirmation round's
fresh lookup is fresh. Messages are read and written with twisted.names (Twisted is Scrapy's own).
"""

from __future__ import annotations

import asyncio
import secrets
import socket

from twisted.names import dns

TRIES = 2  # per server: UDP loses questions


class LookupFailed(OSError):
    """The name has no address: `missing` when a server said so (NXDOMAIN, or no A/AAAA record), else no
    server gave an answer (SERVFAIL, REFUSED, silence)."""

    def __init__(self, message: str, missing: bool):
        super().__init__(message)
        self.missing = missing


class _Answer(asyncio.DatagramProtocol):
    def __init__(self, query_id: int):
        self.query_id = query_id
        self.future: asyncio.Future = asyncio.get_running_loop().create_future()

    def datagram_received(self, data, addr):
        message = dns.Message()
        try:
            message.fromStr(data)
        except Exception:
            return
        if message.id == self.query_id and not self.future.done():
            self.future.set_result(message)

    def error_received(self, exc):
        if not self.future.done():
            self.future.set_exception(exc)


async def _ask(server: tuple[str, int], name: str, kind: int, timeout: float) -> dns.Message:
    query_id = secrets.randbelow(65536)
    message = dns.Message(id=query_id, recDes=1)
    message.queries = [dns.Query(name.encode("idna"), kind, dns.IN)]
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(lambda: _Answer(query_id), remote_addr=server)
    try:
        transport.sendto(message.toStr())
        return await asyncio.wait_for(protocol.future, timeout)
    finally:
        transport.close()


def _addresses(message: dns.Message, kind: int) -> list[str]:
    found = []
    for record in message.answers:
        if record.type == kind == dns.A:
            found.append(record.payload.dottedQuad())
        elif record.type == kind == dns.AAAA:
            found.append(socket.inet_ntop(socket.AF_INET6, record.payload.address))
    return found


async def lookup(name: str, servers: list[tuple[str, int]], timeout: float = 5.0) -> list[str]:
    """The addresses of `name` (A first, AAAA when it has none) from the first server that answers."""
    trouble = []
    for server in servers:
        for _ in range(TRIES):
            try:
                answer = await _ask(server, name, dns.A, timeout / TRIES)
            except (TimeoutError, OSError) as exc:
                trouble.append(f"{server[0]}: {type(exc).__name__}")
                continue
            if answer.rCode == dns.ENAME:
                raise LookupFailed(f"{name}: no such domain (NXDOMAIN from {server[0]})", missing=True)
            if answer.rCode != dns.OK:
                trouble.append(f"{server[0]}: rcode {answer.rCode}")
                break  # the server answered, badly: asking it again now gets the same
            addresses = _addresses(answer, dns.A)
            if not addresses:
                try:
                    addresses = _addresses(await _ask(server, name, dns.AAAA, timeout / TRIES), dns.AAAA)
                except (TimeoutError, OSError):
                    addresses = []
            if addresses:
                return addresses
            raise LookupFailed(f"{name}: no address record (from {server[0]})", missing=True)
    raise LookupFailed(f"{name}: no DNS server answered ({'; '.join(trouble) or 'none configured'})", missing=False)
