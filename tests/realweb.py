"""The real-pages corpus (../shared/data/real-pages) served on loopback as its README says, crawled by the real spider.

Used by tests/test_realpages.py (the targets) and bench/realpages.py (the per-class table). The pages are
third-party content: they are read from the shared folder at run time, never copied into the project.

Serving rules (the corpus README): one host name per page, picked by the Host header;
- soft404: the linked deep URL and every unknown path answer 200 with the page, `/` a normal page;
- parked: every path answers 200 with the page;
- challenge: every path answers the page with its manifest `served_status` and `served_headers`
  (`{ray}` → 16 hex digits, one per host);
- normal: the page's URL answers 200 with it; unknown paths a plain 404, or 200 with the stand-in page the
  manifest's `serving_rule` names.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from mentionfinder.demo.sampleweb import LoopbackServer, QuietHandler

ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "MENTIONFINDER_REAL_PAGES"
CLASSES = ("soft404", "parked", "challenge", "normal")
# The class's pages should come out with this verdict (dead), or never with it (challenge, normal).
WANT_DEAD = {"soft404": True, "parked": True, "challenge": False, "normal": False}
SEED_HOST = "links.realpages-hub.test"
DEEP_PATH = "/resources/2019/a-guide-worth-linking.html"  # the linked URL on every host
_STAND_IN = re.compile(r"200 with page (\S+)")
# A soft-404 host's home page when no normal page is served beside it (the extra pages of the bench).
_HOME = b"<html><head><title>Home</title></head><body><h1>Welcome</h1><p>Our guides and news.</p></body></html>"
_PLAIN_404 = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


def corpus_dir() -> Path:
    """Where the corpus lives: $MENTIONFINDER_REAL_PAGES, else ../shared/data/real-pages from the project root
    (from the main checkout's root when this is a git worktree of it)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    roots = [ROOT]
    dotgit = ROOT / ".git"
    if dotgit.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(dotgit.read_text("utf-8").removeprefix("gitdir:").strip())
        roots.append(gitdir.parent.parent.parent)
    found = [r.parent / "shared" / "data" / "real-pages" for r in roots]
    return next((f for f in found if f.is_dir()), found[0])


@dataclass(frozen=True)
class RealPage:
    id: str
    cls: str
    status: int
    headers: dict[str, str]
    stand_in: str  # normal pages: the id whose page unknown paths get ("" for a plain 404)
    description: str
    path: Path

    @property
    def host(self) -> str:
        return re.sub(r"[^a-z0-9-]+", "-", self.id.lower()).strip("-") + ".test"

    def body(self) -> bytes:
        return self.path.read_bytes()


def load(folder: Path | None = None, files: dict[str, Path] | None = None) -> list[RealPage]:
    """The manifest's pages (those whose file is present)."""
    folder = folder or corpus_dir()
    pages = []
    with open(folder / "manifest.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            path = folder / "corpus" / row["class"] / f"{row['id']}.html"
            stand_in = _STAND_IN.search(row["serving_rule"])
            pages.append(
                RealPage(
                    id=row["id"],
                    cls=row["class"],
                    status=int(row["served_status"] or 200),
                    headers=json.loads(row["served_headers"] or "{}"),
                    stand_in=stand_in.group(1) if stand_in else "",
                    description=row["description"],
                    path=path,
                )
            )
    return [p for p in pages if p.path.is_file()]


def ray(host: str) -> str:
    return hashlib.blake2b(host.encode(), digest_size=8).hexdigest()


class RealWeb(LoopbackServer):
    """The pages on 127.0.0.1 (a free port), one host each, plus the seed host whose resource page links to them."""

    def __init__(self, pages: list[RealPage]):
        self.pages = {p.host: p for p in pages}
        self.by_id = {p.id: p for p in pages}
        normals = [p for p in pages if p.cls == "normal"]
        # soft404 hosts' home pages: normal pages in turn (any normal page will do, the README says).
        self.homes = {p.host: normals[i % len(normals)] for i, p in enumerate(pages) if normals}
        handler = type("Handler", (_Handler,), {"web": self})
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def url(self, page: RealPage) -> str:
        return f"http://{page.host}:{self.port}{DEEP_PATH}"

    def seed_url(self) -> str:
        return f"http://{SEED_HOST}:{self.port}/resources/"

    def resolve_setting(self) -> str:
        return ",".join(f"{h}=127.0.0.1" for h in sorted([*self.pages, SEED_HOST]))

    def seed_page(self) -> bytes:
        items = "".join(
            f'<li><a href="{self.url(p)}">Reading list entry {i}</a></li>\n' for i, p in enumerate(self.pages.values())
        )
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Resources</title></head><body>"
            f"<main><h1>Useful resources</h1><p>Links we recommend.</p><ul>\n{items}</ul></main></body></html>"
        ).encode()

    def answer(self, host: str, path: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a request: the corpus README's serving rules."""
        html = {"Content-Type": "text/html"}
        if host == SEED_HOST:
            return (200, html, self.seed_page()) if path == "/resources/" else (404, html, _PLAIN_404)
        page = self.pages.get(host)
        if page is None:
            return 404, {"Content-Type": "text/plain"}, b"unknown host\n"
        if page.cls == "challenge":
            headers = {k: v.replace("{ray}", ray(host)) for k, v in page.headers.items()}
            return page.status, {**html, **headers}, page.body()
        if page.cls == "parked":
            return 200, html, page.body()
        if page.cls == "soft404":
            if path == "/":
                return 200, html, self.homes[host].body() if host in self.homes else _HOME
            return 200, html, page.body()
        if path == DEEP_PATH:
            return 200, html, page.body()
        if page.stand_in and page.stand_in in self.by_id:
            return 200, html, self.by_id[page.stand_in].body()
        return 404, html, _PLAIN_404


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a crawler that stops reading once it has its sample resets the connection: nothing to report


class _Handler(QuietHandler):
    web: RealWeb

    def _serve(self, head: bool) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        status, headers, body = self.web.answer(host, urlsplit(self.path).path or "/")
        self._send(status, body, headers, head)


@dataclass(frozen=True)
class Result:
    page: RealPage
    verdict: str
    reason: str
    signal: str

    @property
    def right(self) -> bool:
        return (self.verdict == "dead") == WANT_DEAD[self.page.cls]


# Fast and still polite in shape: one process, many hosts at a time, no delay (every host is ours, on loopback).
CRAWL_SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "CONCURRENT_REQUESTS=64",
    "MENTIONFINDER_CHECK_TIMEOUT=10",
    "RETRY_TIMES=0",
    "MENTIONFINDER_PROGRESS_INTERVAL=0",
    "LOG_LEVEL=WARNING",
)


def crawl(web: RealWeb, workdir: Path, timeout: float = 300) -> list[Result]:
    """`scrapy crawl resources` over the web's seed page; every linked page's verdict from the checks table."""
    workdir.mkdir(parents=True, exist_ok=True)
    pack = workdir / "realpages.toml"
    pack.write_text(
        f'name = "realpages"\ndescription = "the real-pages corpus"\nseeds = ["{web.seed_url()}"]\n'
        'footprints = ["resources"]\n',
        "utf-8",
    )
    config = workdir / "mentionfinder.toml"
    config.write_text('[brand]\nname = "Vitalis Health"\ndomains = ["vitalishealth.test"]\n', "utf-8")
    db = workdir / "realpages.db"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "resources", "-a", f"niche={pack}"]
    for setting in (f"RESOLVE={web.resolve_setting()}", f"MENTIONFINDER_DB={db}", f"MENTIONFINDER_CONFIG={config}"):
        cmd += ["-s", setting]
    for setting in CRAWL_SETTINGS:
        cmd += ["-s", setting]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="mentionfinder.settings")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(name, None)
    done = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"the crawl failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    with sqlite3.connect(db) as conn:
        rows = {url: (v, r, s) for url, v, r, s in conn.execute("SELECT url, verdict, reason, signal FROM checks")}
    results = []
    for page in web.pages.values():
        verdict, reason, signal = rows.get(web.url(page), ("missing", "", "no check was stored"))
        results.append(Result(page, verdict, reason, signal or ""))
    return results


def tally(results: list[Result]) -> dict[str, dict[str, int]]:
    """Per class: pages, and how many came out with each verdict."""
    table = {cls: {"pages": 0, "dead": 0, "blocked": 0, "unverified": 0, "alive": 0, "other": 0} for cls in CLASSES}
    for r in results:
        row = table[r.page.cls]
        row["pages"] += 1
        row[r.verdict if r.verdict in row else "other"] += 1
    return table


def recall(row: dict[str, int], cls: str) -> float:
    """The share of the class's pages judged right: dead for soft404/parked, not dead for the others."""
    if not row["pages"]:
        return 0.0
    right = row["dead"] if WANT_DEAD[cls] else row["pages"] - row["dead"]
    return right / row["pages"]
