"""Scale-out on a real Redis: two workers share the frontier and the check cache, ingest is the one writer."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter

import redis

from mentionfinder.demo.run import crawl_command, crawl_env
from mentionfinder.store import Store, integrity_ok
from tests.conftest import make_crawl
from tests.helpers import cli
from tests.spiders.test_resources import EXPECTED_BROKEN, EXPECTED_UNLINKED, HOME, fill

WORKER = (
    "-s",
    "MENTIONFINDER_CHECK_TIMEOUT=2",
    "-s",
    "MENTIONFINDER_IDLE_SECONDS=2",
    "-s",
    "MENTIONFINDER_WORKER_TTL=3",
    "-s",
    "LOG_LEVEL=WARNING",
)


def worker(crawl, url: str) -> subprocess.Popen:
    cmd = crawl_command(crawl.web, crawl.pack, crawl.config, crawl.db, *WORKER, "-s", f"MENTIONFINDER_REDIS_URL={url}")
    return subprocess.Popen(
        cmd, cwd=crawl.workdir, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def findings(crawl) -> tuple[set, set]:
    records = [
        json.loads(line) for line in cli("export", "--db", str(crawl.db), "--format", "jsonl").stdout.splitlines()
    ]
    return (
        {(r["page_url"], r["target_url"], r["reason"]) for r in records if r["type"] == "broken_link"},
        {r["page_url"] for r in records if r["type"] == "unlinked_mention"},
    )


def opportunities(crawl) -> list[tuple]:
    """Every finding with its replacement, in a stable order: what two runs must agree on."""
    fields = (
        "type",
        "page_url",
        "target_url",
        "reason",
        "mention_text",
        "replacement_url",
        "replacement_title",
        "match_score",
        "contact_emails",
    )
    records = [
        json.loads(line) for line in cli("export", "--db", str(crawl.db), "--format", "jsonl").stdout.splitlines()
    ]
    return sorted(tuple(r[f] for f in fields) for r in records)


def test_two_workers_and_ingest_equal_a_single_process_run(shared, web, tmp_path):
    crawl, url = shared
    single = make_crawl(web, tmp_path / "single")
    single.run()
    assert (
        "queued 4 requests"
        in cli("seed", "--niche", str(crawl.pack), "--redis", url, "--config", str(crawl.config)).stdout
    )
    before = len(web.requests)
    workers = [worker(crawl, url), worker(crawl, url)]
    for proc in workers:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
    requests = web.requests[before:]
    assert not crawl.db.exists()  # workers never touch SQLite: ingest is the one writer
    cli("ingest", "--redis", url, "--db", str(crawl.db), "--idle", "0")
    broken, unlinked = findings(crawl)
    assert broken == fill(web, EXPECTED_BROKEN)
    assert unlinked == fill(web, EXPECTED_UNLINKED)
    # The same findings as one process, each with the same replacement (the workers fetched the own pages'
    # titles that matching reads) and contact.
    expected = opportunities(single)
    assert sum(1 for row in expected if row[5]) >= 2  # the comparison covers real replacements
    assert opportunities(crawl) == expected
    # Every URL checked once across both workers, every page fetched once.
    heads = Counter((h, p) for m, h, p in requests if m == "GET")
    assert heads[("gone.test", "/old")] == 1 and heads[("alive.test", "/blog-missing")] == 1
    pages = Counter((h, p) for m, h, p in requests if (h, p) in {("blog.test", "/post/"), ("home.test", "/")})
    assert set(pages.values()) == {1}
    assert crawl.rows("SELECT count(*) - count(DISTINCT url) FROM checks") == [(0,)]
    assert crawl.rows("SELECT count(*) FROM links WHERE coalesce(target_domain, '') = ''") == [(0,)]
    assert integrity_ok(crawl.db)
    # Page text travels compressed from the workers and is kept as a single process keeps it.
    store = Store(crawl.db)
    try:
        [text] = [p["text_blocks"] for batch in store.mention_pages() for p in batch if p["url"] == web.fill(HOME)]
        assert "We are not affiliated with Vitalis Healthcare or Vitalis Healthworks." in text
    finally:
        store.close()
    # Ingest is idempotent: items read again (as after a crash) change nothing.
    rows = crawl.rows("SELECT count(*) FROM links")
    cli("ingest", "--redis", url, "--db", str(crawl.db), "--idle", "0")
    assert crawl.rows("SELECT count(*) FROM links") == rows


def test_a_killed_worker_loses_nothing(shared, web):
    crawl, url = shared
    cli("seed", "--niche", str(crawl.pack), "--redis", url, "--config", str(crawl.config))
    before = len(web.requests)
    first = worker(crawl, url)
    deadline = time.monotonic() + 60
    while len(web.requests) - before < 25 and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)  # no goodbye: its leases stay until its heartbeat expires
    first.communicate(timeout=30)
    second = worker(crawl, url)
    _, err = second.communicate(timeout=180)
    assert second.returncode == 0, err[-2000:]
    cli("ingest", "--redis", url, "--db", str(crawl.db), "--idle", "0")
    broken, unlinked = findings(crawl)
    assert broken == fill(web, EXPECTED_BROKEN), (
        err[-4000:],
        crawl.rows("SELECT url, error FROM pages"),
        crawl.rows("SELECT url, verdict, reason FROM checks WHERE url LIKE '%deep%'"),
    )
    assert unlinked == fill(web, EXPECTED_UNLINKED)


def test_ingest_rewrites_items_a_crashed_ingest_left_behind(shared):
    crawl, url = shared
    server = redis.Redis.from_url(url)
    page = {
        "kind": "PageItem",
        "data": {
            "url": "http://left.test/links/",
            "niche": "fixture",
            "domain": "left.test",
            "seed": "http://left.test/links/",
            "depth": 0,
            "status": 200,
            "yields_findings": True,
            "links": [],
            "mentions": [],
        },
    }
    server.rpush("mentionfinder:items:processing", json.dumps(page))  # taken, never written: the ingest died
    server.rpush("mentionfinder:items", json.dumps(page))  # and the same item again, as a worker retried it
    cli("ingest", "--redis", url, "--db", str(crawl.db), "--idle", "0")
    assert crawl.rows("SELECT count(*) FROM pages WHERE url = 'http://left.test/links/'") == [(1,)]
    assert server.llen("mentionfinder:items:processing") == 0


def test_unreachable_redis_is_one_line(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "noredis")
    nowhere = f"redis://127.0.0.1:{web.closed_port}/0"  # a loopback port where nothing listens
    done = subprocess.run(
        crawl_command(web, crawl.pack, crawl.config, crawl.db, "-s", f"MENTIONFINDER_REDIS_URL={nowhere}"),
        cwd=crawl.workdir,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert [line for line in done.stderr.splitlines() if line.strip()] == [done.stderr.strip()]
    assert "cannot reach Redis" in done.stderr
    for args in (
        ("seed", "--niche", str(crawl.pack), "--config", str(crawl.config)),
        ("ingest", "--db", str(crawl.db)),
    ):
        failed = cli(*args, "--redis", nowhere, check=False)
        assert failed.returncode != 0 and "cannot reach Redis" in failed.stderr and "Traceback" not in failed.stderr
