"""Helpers the test modules share: the `mentionfinder` command run in a subprocess, its JSONL export."""

from __future__ import annotations

import json
import subprocess
import sys

from mentionfinder.demo.run import crawl_env
from tests.conftest import ROOT


def cli(*args: str, check: bool = True, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """`python -m mentionfinder.cli ARGS` as a user runs it; with check, it must succeed."""
    done = run("-m", "mentionfinder.cli", *args, env={**crawl_env(), **(env or {})}, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def jsonl(db, *args: str, env: dict | None = None) -> list[dict]:
    """The opportunities `export --format jsonl` prints for the database `db`."""
    out = cli("export", "--db", str(db), "--format", "jsonl", *args, env=env).stdout
    return [json.loads(line) for line in out.splitlines()]


def make_spider(crawl, **settings):
    """A real ResourcesSpider on the fixture crawl's pack, config and database, built as Scrapy builds it."""
    from scrapy.utils.test import get_crawler

    from mentionfinder import settings as defaults
    from spiders.resources import ResourcesSpider

    base = {name: getattr(defaults, name) for name in dir(defaults) if name.isupper()}
    crawler = get_crawler(
        ResourcesSpider,
        {**base, "MENTIONFINDER_DB": str(crawl.db), "MENTIONFINDER_CONFIG": str(crawl.config), **settings},
    )
    crawler.spider = ResourcesSpider.from_crawler(crawler, niche=str(crawl.pack))
    return crawler.spider


def cases(text: str) -> list[tuple]:
    """A parametrize table written one case a line, its fields split on " ~ ". A field that is True, False or
    None, or starts with a quote or a bracket, is read as a Python literal ("  " keeps its spaces, ("a", "b")
    is a tuple); any other is the plain string. Blank lines and lines starting with # are left out, and so
    is a trailing "  # comment"."""
    import ast

    def field(raw: str):
        raw = raw.strip()
        return ast.literal_eval(raw) if raw in ("True", "False", "None") or raw[:1] in "\"'([{" else raw

    rows = []
    for line in text.splitlines():
        line = line.split("  # ", 1)[0].strip()
        if line and not line.startswith("#"):
            rows.append(tuple(field(raw) for raw in line.split(" ~ ")))
    return rows


def run(*args: str, cwd=ROOT, env=None, timeout: float = 180) -> subprocess.CompletedProcess:
    """`python ARGS` in a subprocess, from the project folder unless told otherwise."""
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env or crawl_env()
    )


def scrapy_crawl(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return run("-m", "scrapy", "crawl", "resources", *args, cwd=cwd)


def assert_one_line_error(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
