"""Scale-out on a real Redis: two workers share the frontier and the check cache, ingest is the one writer."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
import redis

from mentionfinder.demo.run import crawl_command, crawl_env
from mentionfinder.store import Store, integrity_ok
from tests.conftest import make_crawl
from tests.test_crawl import EXPECTED_BROKEN, EXPECTED_UNLINKED, HOME, fill

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


@pytest.fixture
def shared(redis_url, web, tmp_path):
    redis.Redis.from_url(redis_url).flushall()
    crawl = make_crawl(web, tmp_path / "shared")
    return crawl, redis_url


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", *args], capture_output=True, text=True, timeout=180, env=crawl_env()
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


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
        assert "We are not affiliated with Vitalis Healthcare or Vitalis Healthworks." in store.page_text(
            web.fill(HOME)
        )
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


def test_requests_are_serialized_as_scrapy_serializes_them(web, tmp_path):
    """The queue names spider callbacks itself (Scrapy's lookup scans the whole spider per request)."""
    from scrapy import Request
    from scrapy_redis import picklecompat
    from scrapy_redis.queue import Base

    from mentionfinder.scaleout.scheduler import LeasedPriorityQueue
    from spiders.resources import ResourcesSpider

    spider = ResourcesSpider.__new__(ResourcesSpider)
    queue = LeasedPriorityQueue.__new__(LeasedPriorityQueue)
    queue.spider, queue.serializer = spider, picklecompat
    cases = [
        Request(
            "http://blog.test/post/?a=1",
            callback=spider.parse_page,
            errback=spider.page_failed,
            meta={"depth": 2, "mf_seed": "http://blog.test/"},
            priority=-3,
            dont_filter=True,
        ),
        Request("http://blog.test/", callback=spider.contact_done),
        Request("http://blog.test/plain"),
    ]
    for request in cases:
        assert picklecompat.loads(queue._encode_request(request)) == picklecompat.loads(
            Base._encode_request(queue, request)
        )
        back = queue._decode_request(queue._encode_request(request))
        assert (back.url, back.callback, back.errback, back.meta, back.priority) == (
            request.url,
            request.callback,
            request.errback,
            request.meta,
            request.priority,
        )
    # A callback that is not one of the spider's methods is refused as Scrapy refuses it.
    with pytest.raises(ValueError):
        queue._encode_request(Request("http://blog.test/", callback=lambda response: None))


def test_a_probe_leaves_the_shared_queue_before_the_checks_that_wait_for_it(redis_url):
    """Within one priority Redis orders requests by their bytes, so a probe queued behind thousands of checks
    came out at random: every check of the site finishing meanwhile sent its own (3,280 probes for ~500 sites)."""
    from mentionfinder.crawl import checkrequests as checks
    from mentionfinder.scaleout.scheduler import LeasedPriorityQueue
    from spiders.resources import ResourcesSpider

    server = redis.Redis.from_url(redis_url)
    server.flushall()
    spider = ResourcesSpider.__new__(ResourcesSpider)
    queue = LeasedPriorityQueue(server, spider, "mentionfinder:test:requests")
    queue.inflight_key = "mentionfinder:inflight:test"
    for n in range(40):
        queue.push(
            checks.check_request(f"http://site.test/deep/{n}", "GET", [], spider.check_done, spider.check_failed, 5)
        )
    queue.push(
        checks.probe_request(
            "http://site.test", spider.probe_done, spider.probe_failed, 5, waiting=("http://site.test/deep/0", [], None)
        )
    )
    first = queue.pop()
    assert first.meta.get(checks.PROBE_KEY) == "http://site.test"
    assert first.callback == spider.probe_done


def test_a_site_one_worker_probed_is_not_probed_again_by_another(redis_url):
    from mentionfinder.check.clues import page_signals
    from mentionfinder.check.verdicts import Attempt
    from mentionfinder.scaleout.probes import SharedProbes

    redis.Redis.from_url(redis_url).flushall()
    first, second = (SharedProbes(redis.Redis.from_url(redis_url), "fixture") for _ in range(2))
    assert second.get("http://soft.test") is None
    probe = Attempt(method="GET", url="http://soft.test/3f2a-91", status=200, title="Welcome", words=40)
    signals = page_signals(b"<html><title>Welcome</title><p>Nothing here, see our home page</p></html>")
    first["http://soft.test"] = (probe, signals)
    attempt, shared = second.get("http://soft.test")
    assert attempt == probe and shared.tokens == signals.tokens and shared.shingles == signals.shingles
    assert SharedProbes(redis.Redis.from_url(redis_url), "other-niche").get("http://soft.test") is None


def test_a_niche_is_crawled_again_only_when_seeded_fresh(shared):
    crawl, url = shared
    args = ("seed", "--niche", str(crawl.pack), "--redis", url, "--config", str(crawl.config))
    assert "queued 4 requests" in cli(*args).stdout
    again = cli(*args).stdout
    assert "(3 were queued before by an earlier crawl" in again and "add --fresh" in again  # its state is kept
    server = redis.Redis.from_url(url)
    server.sadd("mentionfinder:workers", "busy-1")
    server.set("mentionfinder:worker:busy-1", 1, ex=30)
    refused = cli(*args, "--fresh", check=False)
    assert refused.returncode != 0 and "busy-1" in refused.stderr and "Traceback" not in refused.stderr
    assert server.zcard("mentionfinder:fixture:requests") == 4  # nothing is dropped under a live worker
    server.delete("mentionfinder:worker:busy-1")
    fresh = cli(*args, "--fresh").stdout
    assert "forgot the last crawl" in fresh and "queued 4 requests" in fresh
