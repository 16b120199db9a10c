"""A small multi-host web served from a folder on loopback: the demo's sample web and the tests' fixture web.

Layout: `ROOT/<host name>/<path>` files (a folder path serves its index.html); `ROOT/<host>/_routes.json`
maps a path (or "*" for every path without a file) to a rule {status, location, head_status, body, file,
headers, delay}, or to {"sequence": [rule, rule, ...]}: one rule per request in turn, the last repeating
(a server that fails, then recovers). `{{PORT}}` in text files and locations becomes the server's port,
`{{CLOSED_PORT}}` a port where connections are refused. `x.gz` with no such file serves `x` gzipped.

Templates, as real sites are built: .html files may use three server-side-include directives, resolved when
the file is served (before `{{PORT}}` is filled in), in order from the top:
- `<!--#include virtual="/PATH" -->` is replaced by the file ROOT/PATH (PATH from the web root, e.g.
  `/_parts/head.html` or `/<host>/_header.html`), its last newline dropped and its own directives resolved;
- `<!--#set var="NAME" value="TEXT" -->` (with its newline) sets NAME for the rest of the page;
- `<!--#echo var="NAME" -->` is replaced by NAME's value.
A path that leaves the web root or names no file, an unset NAME, or includes nested deeper than
MAX_INCLUDE_DEPTH make the page answer 500. Files whose names start with `_` (a host's parts) are never
served themselves, and folders of the root whose names do (`_parts/`, shared by all hosts) are not hosts.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import unquote, urlsplit

TEXT_SUFFIXES = {".html", ".htm", ".txt", ".xml", ".json", ".css", ".js", ""}
TEMPLATE_SUFFIXES = {".html", ".htm"}
DIRECTIVE = re.compile(
    rb'<!--#set var="([^"]*)" value="([^"]*)" -->\n?|<!--#echo var="([^"]*)" -->|<!--#include virtual="([^"]*)" -->'
)
MAX_INCLUDE_DEPTH = 4


class TemplateError(ValueError):
    """A directive that cannot be resolved: the page answers 500, naming it."""


def render(root: Path, body: bytes, variables: dict[bytes, bytes] | None = None, depth: int = 0) -> bytes:
    """`body` with its include, set and echo directives resolved against the web root `root`."""
    variables = {} if variables is None else variables

    def resolve(match: re.Match) -> bytes:
        name, value, echo, virtual = match.groups()
        if name is not None:
            variables[name] = value
            return b""
        if echo is not None:
            if echo not in variables:
                raise TemplateError(f"echo of a variable never set: {echo.decode('utf-8', 'replace')}")
            return variables[echo]
        return render(root, _part(root, virtual.decode("utf-8", "replace"), depth), variables, depth + 1)

    return DIRECTIVE.sub(resolve, body)


def _part(root: Path, path: str, depth: int) -> bytes:
    if depth >= MAX_INCLUDE_DEPTH:
        raise TemplateError(f"includes nested more than {MAX_INCLUDE_DEPTH} deep at {path}")
    base = root.resolve()
    target = (base / path.lstrip("/")).resolve()
    if base not in target.parents or not target.is_file():
        raise TemplateError(f"include names no file inside the web root: {path}")
    data = target.read_bytes()
    return data[:-1] if data.endswith(b"\n") else data


class LoopbackServer:
    """A `self.server` served from a daemon thread: start/stop, or a `with` block (the tests' other webs too)."""

    server: ThreadingHTTPServer
    _thread: threading.Thread | None = None

    def start(self) -> Self:
        self._thread = threading.Thread(target=self.server.serve_forever, name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class QuietHandler(BaseHTTPRequestHandler):
    """GET and HEAD go to `_serve(head)`; no access log: tests and the demo read results, not logs."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def log_message(self, *args):
        pass

    def _serve(self, head: bool) -> None:
        raise NotImplementedError

    def _send(self, status: int, body: bytes, headers: dict, head: bool) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (a capped GET): nothing to do


class SampleWeb(LoopbackServer):
    """Serve ROOT on 127.0.0.1 (port 0: the system picks a free one, read back from the socket)."""

    def __init__(self, root: str | Path, host: str = "127.0.0.1"):
        self.root = Path(root).resolve()
        self.hosts = sorted(p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("_"))
        self._handler = type("Handler", (_Handler,), {"web": self})
        self.server = ThreadingHTTPServer((host, 0), self._handler)
        self.server.daemon_threads = True
        self.address, self.port = self.server.server_address[:2]
        self.down = False
        # Bound but never listening: every connection to it is refused, and no one else can take it.
        self._closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._closed.bind((host, 0))
        self.closed_port = self._closed.getsockname()[1]
        self._thread: threading.Thread | None = None
        self.requests: list[tuple[str, str, str]] = []  # (method, host, path) in arrival order
        self._served: dict[tuple[str, str], int] = {}  # requests per (host, path), for sequences
        self._lock = threading.Lock()

    def resolve_setting(self) -> str:
        """The RESOLVE value that pins every host of the web (and the refused one) to this server."""
        names = set(self.hosts) | {"refused-clinic.test", "refused.test"}
        return ",".join(f"{name}={self.address}" for name in sorted(names))

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def fill(self, text: str) -> str:
        return text.replace("{{PORT}}", str(self.port)).replace("{{CLOSED_PORT}}", str(self.closed_port))

    def stop(self) -> None:
        if not self.down:
            super().stop()
        self._closed.close()

    def go_down(self) -> None:
        """An outage, as a crawler sees one: new connections are refused (nothing listens) and requests on
        connections already open get no answer (the connection drops)."""
        self.down = True
        super().stop()

    def come_back(self) -> None:
        """The outage ends: the same address and port answer again."""
        self.server = ThreadingHTTPServer((self.address, self.port), self._handler)
        self.server.daemon_threads = True
        self.down = False
        self.start()

    def routes(self, host: str) -> dict:
        path = self.root / host / "_routes.json"
        return json.loads(path.read_text("utf-8")) if path.is_file() else {}

    def rule_for(self, host: str, path: str) -> dict:
        routes = self.routes(host)
        rule = routes.get(path)
        if rule is None and "*" in routes and self.file_for(host, path) is None:
            rule = routes["*"]
        rule = rule or {}
        if "sequence" in rule:
            with self._lock:
                turn = self._served.get((host, path), 0)
                self._served[(host, path)] = turn + 1
            steps = rule["sequence"]
            rule = steps[min(turn, len(steps) - 1)]
        return rule

    def file_for(self, host: str, path: str) -> Path | None:
        base = (self.root / host).resolve()
        target = (base / unquote(path).lstrip("/")).resolve()
        if base not in target.parents and target != base:
            return None  # no escaping the host's folder
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() and not target.name.startswith("_") else None


class _Handler(QuietHandler):
    web: SampleWeb
    server_version = "sampleweb"

    def _serve(self, head: bool) -> None:
        if self.web.down:
            self.close_connection = True  # no answer: the client sees the connection drop
            return
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        path = urlsplit(self.path).path or "/"
        self.web.requests.append((self.command, host, path))
        if host not in self.web.hosts:
            return self._send(404, b"unknown host\n", {"Content-Type": "text/plain"}, head)
        rule = self.web.rule_for(host, path)
        if rule.get("delay"):
            time.sleep(float(rule["delay"]))
        if head and "head_status" in rule:
            return self._send(int(rule["head_status"]), b"", {"Content-Type": "text/plain"}, head)
        headers = dict(rule.get("headers", {}))
        if "location" in rule:
            headers["Location"] = self.web.fill(rule["location"])
        if "status" in rule:
            body = self.web.fill(rule.get("body", "")).encode("utf-8")
            headers.setdefault("Content-Type", "text/html; charset=utf-8")
            return self._send(int(rule["status"]), body, headers, head)
        file = self.web.file_for(host, rule.get("file", path))
        if file is None and path.endswith(".gz") and self.web.file_for(host, path[:-3]) is not None:
            # `x.xml.gz` is served as `x.xml`, filled in and gzipped: a compressed sitemap with {{PORT}} URLs.
            plain = self.web.fill(self.web.file_for(host, path[:-3]).read_text("utf-8")).encode("utf-8")
            return self._send(200, gzip.compress(plain), {"Content-Type": "application/x-gzip"}, head)
        if file is None:
            return self._send(
                404,
                b"<html><title>Not found</title><h1>404 Not Found</h1></html>",
                {"Content-Type": "text/html; charset=utf-8"},
                head,
            )
        body = file.read_bytes()
        if file.suffix in TEMPLATE_SUFFIXES:
            try:
                body = render(self.web.root, body)
            except TemplateError as error:
                return self._send(500, f"{error}\n".encode(), {"Content-Type": "text/plain"}, head)
        if file.suffix in TEXT_SUFFIXES:
            # On bytes: a test page may hold bytes that are not valid in its declared encoding.
            body = body.replace(b"{{PORT}}", str(self.web.port).encode()).replace(
                b"{{CLOSED_PORT}}", str(self.web.closed_port).encode()
            )
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
            kind += "; charset=utf-8"
        headers.setdefault("Content-Type", kind)
        self._send(200, body, headers, head)
