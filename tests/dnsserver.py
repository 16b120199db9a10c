"""A real DNS server on loopback for tests: answers A records of the names it knows, and can be told to
start failing the way resolvers fail (NXDOMAIN for everything, SERVFAIL, or silence)."""

from __future__ import annotations

import socket
import threading

from twisted.names import dns

MODES = ("ok", "nxdomain", "servfail", "silent")


class DNSServer:
    """`names`: {name: address}; `mode` may change at any time; `questions` counts what was asked."""

    def __init__(self, names: dict[str, str]):
        self.names = {name.lower(): address for name, address in names.items()}
        self.mode = "ok"
        self.questions = 0
        self.failing: tuple[int, str] | None = None  # (after this many questions, start failing this way)
        self.broke = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.address = self.sock.getsockname()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="dnsserver", daemon=True)

    @property
    def setting(self) -> str:
        """The MENTIONFINDER_DNS_SERVERS value that points a crawl at this server."""
        return f"{self.address[0]}:{self.address[1]}"

    def __enter__(self) -> DNSServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()

    def fail_after(self, questions: int, mode: str) -> None:
        """Answer the next `questions` questions, then fail in `mode` (a resolver giving up under load)."""
        self.broke.clear()
        self.failing = (self.questions + questions, mode)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            self.questions += 1
            if self.failing and self.questions > self.failing[0]:
                self.mode, self.failing = self.failing[1], None
                self.broke.set()
            reply = self.answer(data)
            if reply is not None:
                self.sock.sendto(reply, peer)

    def answer(self, data: bytes) -> bytes | None:
        query = dns.Message()
        query.fromStr(data)
        mode = self.mode
        if mode == "silent":
            return None
        reply = dns.Message(id=query.id, answer=1, recDes=query.recDes, recAv=1)
        reply.queries = query.queries
        question = query.queries[0]
        name = question.name.name.decode().lower().rstrip(".")
        if mode == "servfail":
            reply.rCode = dns.ESERVER
        elif mode == "nxdomain" or name not in self.names:
            reply.rCode = dns.ENAME
        elif question.type == dns.A:
            reply.answers = [dns.RRHeader(question.name.name, dns.A, dns.IN, 60, dns.Record_A(self.names[name], 60))]
        return reply.toStr()
