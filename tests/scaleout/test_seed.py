"""mentionfinder.scaleout.seed (`mentionfinder seed`): a niche queued once, again only when seeded fresh."""

from __future__ import annotations

import redis

from tests.helpers import cli


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
