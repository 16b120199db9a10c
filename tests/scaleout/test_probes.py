"""mentionfinder.scaleout.probes.SharedProbes: a site's missing-path probe shared between workers in Redis."""

from __future__ import annotations

import redis


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
