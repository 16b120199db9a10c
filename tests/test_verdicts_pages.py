"""Verdicts on answered pages and across runs: soft 404, parked, redirect to root, challenges, persistence."""

from __future__ import annotations

import pytest

from mentionfinder.check.outage import OutageGuard, OutagePolicy
from mentionfinder.check.verdicts import Attempt, Policy, Streak, classify, is_deep

DEEP = "http://site.test/guides/sleep.html"
ROOT = "http://site.test/"


def get(url=DEEP, status=200, **kw) -> Attempt:
    return Attempt(method="GET", url=url, status=status, final_url=kw.pop("final_url", url), **kw)


PROBE_200 = Attempt(method="GET", url="http://site.test/3f9a-11", status=200, final_url="http://site.test/3f9a-11")
PROBE_404 = Attempt(method="GET", url="http://site.test/3f9a-11", status=404, final_url="http://site.test/3f9a-11")


@pytest.mark.parametrize(
    "attempt, probe, similarity, expected",
    [
        # The page itself says it is missing (deep link).
        (get(error_phrase="Page not found", words=300), None, None, ("dead", "soft_404")),
        # A home page is never a soft 404, whatever its title.
        (get(ROOT, error_phrase="404", words=300), PROBE_200, 1.0, ("alive", "ok")),
        # Same full page as a random missing path: the site answers every path with it.
        (get(words=300), PROBE_200, 0.97, ("dead", "soft_404")),
        # ...but a near-empty app shell tells nothing.
        (get(words=5), PROBE_200, 1.0, ("unverified", "transient")),
        # Different from the missing-path page: a real page.
        (get(words=300), PROBE_200, 0.2, ("alive", "ok")),
        # The site gives real 404s for missing paths: nothing to compare against, the page is real.
        (get(words=300), PROBE_404, None, ("alive", "ok")),
        # Parked: markers decide, deep link or not.
        (get(ROOT, parked_marker="phrase: buy this domain"), None, None, ("dead", "parked_domain")),
        # Bot challenge on a 200 or a 503: blocked, never dead, never alive.
        (get(challenge_marker="title: just a moment..."), None, None, ("blocked", "bot_challenge")),
        (get(status=503, challenge_marker="header: cf-mitigated"), None, None, ("blocked", "bot_challenge")),
        # A deep link redirected to a home page (own site or another).
        (get(redirects=(DEEP,), final_url="http://site.test/", words=300), None, None, ("dead", "redirect_to_root")),
        (
            get(redirects=(DEEP,), final_url="https://newowner.test/en/", words=300),
            None,
            None,
            ("dead", "redirect_to_root"),
        ),
        # A deep link redirected to another deep page: alive.
        (get(redirects=(DEEP,), final_url="http://site.test/sleep/", words=300), None, None, ("alive", "redirected")),
        # A home page redirected to a home page (http → https): alive.
        (get(ROOT, redirects=(ROOT,), final_url="https://site.test/", words=300), None, None, ("alive", "redirected")),
    ],
)
def test_answered_pages(attempt, probe, similarity, expected):
    verdict = classify([attempt], probe=probe, probe_similarity=similarity)
    assert (verdict.verdict, verdict.reason) == expected
    assert verdict.signal


def test_redirect_to_where_missing_paths_land_is_soft_404():
    target = get(redirects=(DEEP,), final_url="http://site.test/search?q=missing", words=300)
    probe = Attempt(
        method="GET",
        url="http://site.test/zz",
        status=200,
        redirects=("http://site.test/zz",),
        final_url="http://site.test/search?q=missing",
    )
    assert classify([target], probe=probe, probe_similarity=0.3).reason == "soft_404"


@pytest.mark.parametrize(
    "url, deep",
    [
        ("http://a.test/", False),
        ("http://a.test", False),
        ("http://a.test/index.html", False),
        ("http://a.test/en/", False),
        ("http://a.test/en-gb/", False),
        ("http://a.test/home", False),
        ("http://a.test/guides/", True),
        ("http://a.test/?page_id=4", True),
        ("http://a.test/en/guides/x", True),
    ],
)
def test_is_deep(url, deep):
    assert is_deep(url) is deep


TIMEOUT = Attempt(method="GET", url=DEEP, error="timeout", error_detail="took longer than 20 s")
SERVER_ERROR = get(status=500)
TLS = Attempt(method="GET", url=DEEP, error="tls", error_detail="handshake failure")


@pytest.mark.parametrize(
    "attempt, streak, now, expected",
    [
        (TIMEOUT, None, "2026-11-21T00:00:00Z", ("unverified", "transient")),
        # One earlier run 30 h ago, same failure: confirmed.
        (TIMEOUT, Streak("timeout", "2026-11-19T18:00:00Z", 1), "2026-11-21T00:00:00Z", ("dead", "timeout_persistent")),
        (
            SERVER_ERROR,
            Streak("server_error", "2026-11-19T18:00:00Z", 1),
            "2026-11-21T00:00:00Z",
            ("dead", "server_error_persistent"),
        ),
        (TLS, Streak("tls", "2026-11-19T18:00:00Z", 1), "2026-11-21T00:00:00Z", ("dead", "tls_error")),
        # Too soon: 2 h apart is a bad afternoon, not a dead link.
        (TIMEOUT, Streak("timeout", "2026-11-20T22:00:00Z", 3), "2026-11-21T00:00:00Z", ("unverified", "transient")),
        # A different failure before does not count for this one.
        (
            TIMEOUT,
            Streak("server_error", "2026-11-01T00:00:00Z", 5),
            "2026-11-21T00:00:00Z",
            ("unverified", "transient"),
        ),
    ],
)
def test_transient_failures_need_confirmation(attempt, streak, now, expected):
    verdict = classify([attempt], streak=streak, now=now, policy=Policy(confirm_runs=2, confirm_hours=24))
    assert (verdict.verdict, verdict.reason) == expected
    assert verdict.failure_kind in ("timeout", "server_error", "tls")


def test_outage_guard_needs_answers_before_believing_failures():
    guard = OutageGuard()
    guard.record("a.test", answered=False)
    assert not guard.healthy
    for host in ("b.test", "c.test", "d.test"):
        guard.record(host, answered=True)
    assert guard.healthy and guard.run_was_healthy


def test_outage_guard_sees_most_hosts_failing():
    guard = OutageGuard(OutagePolicy(window=10, min_ok_hosts=3, max_fail_ratio=0.8))
    for i in range(5):
        guard.record(f"ok{i}.test", answered=True)
    for i in range(20):
        guard.record(f"down{i}.test", answered=False)
    assert not guard.healthy and guard.outage_seen
    for i in range(10):
        guard.record(f"back{i}.test", answered=True)
    assert guard.healthy and not guard.run_was_healthy  # the outage is remembered for held failures


def test_many_dead_domains_on_one_old_page_are_not_an_outage():
    guard = OutageGuard()
    for i in range(10):
        guard.record(f"alive{i}.test", answered=True)
    for i in range(12):  # 12 vanished domains among the last 20 hosts: 60 %, under the 80 % bar
        guard.record(f"vanished{i}.test", answered=False)
    assert guard.healthy and guard.run_was_healthy
