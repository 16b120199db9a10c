"""mentionfinder.check.verdicts: the attempts of one link check → (verdict, reason); answered pages (soft 404,
parked, redirect to root, challenges) and failures confirmed across runs."""

import pytest

from mentionfinder.check.verdicts import REASONS, VERDICTS, Attempt, Policy, Streak, Verdict, classify, is_deep

U = "https://gone.test/page"
B = "https://gone.test/b"
LOOP = "too_many_redirects"


def get(status=None, **kw):
    return Attempt("GET", U, status=status, **kw)


def head(status=None, **kw):
    return Attempt("HEAD", U, status=status, **kw)


CASES = {
    # alive
    "200 ok": ([get(200)], "alive", "ok"),
    "204 ok": ([get(204)], "alive", "ok"),
    "301 then 200": (
        [get(200, redirects=(U,), redirect_statuses=(301,), final_url="https://gone.test/new")],
        "alive",
        "redirected",
    ),
    "302,307 then 200": (
        [get(200, redirects=(U, "https://gone.test/b"), redirect_statuses=(302, 307), final_url="https://gone.test/c")],
        "alive",
        "redirected",
    ),
    "HEAD 405 then GET 200": ([head(405), get(200)], "alive", "ok"),
    "HEAD 404 then GET 200": ([head(404), get(200)], "alive", "ok"),
    "HEAD timeout then GET 200": ([head(error="timeout"), get(200)], "alive", "ok"),
    # dead
    "404": ([get(404)], "dead", "http_404"),
    "410": ([get(410)], "dead", "http_410"),
    "400": ([get(400)], "dead", "http_4xx"),
    "405 on GET": ([get(405)], "dead", "http_4xx"),
    "HEAD 405 then GET 405": ([head(405), get(405)], "dead", "http_4xx"),
    "HEAD 200 then GET 404": ([head(200), get(404)], "dead", "http_404"),
    "301 then 404": (
        [get(404, redirects=(U,), redirect_statuses=(301,), final_url="https://gone.test/x")],
        "dead",
        "http_404",
    ),
    "dns": ([get(error="dns", error_detail="NXDOMAIN")], "dead", "dns_nxdomain"),
    "refused": ([get(error="refused")], "dead", "connection_refused"),
    "redirect loop": ([get(error=LOOP, redirects=(U, B, U), final_url=B)], "dead", "redirect_loop"),
    "redirect loop to self": ([get(error=LOOP, redirects=(U,), final_url=U)], "dead", "redirect_loop"),
    "redirect loop, no final_url": ([get(error=LOOP, redirects=(U, B))], "dead", "redirect_loop"),
    # blocked: access refused, not gone
    **{str(code): ([get(code)], "blocked", f"http_{code}") for code in (401, 403, 429, 999, 451)},
    "HEAD 405 then GET 403": ([head(405), get(403)], "blocked", "http_403"),
    # unverified
    **{str(code): ([get(code)], "unverified", "transient") for code in (407, 408, 425, 500, 503)},
    "HEAD 200 then GET 503": ([head(200), get(503)], "unverified", "transient"),
    "no status": ([get(None)], "unverified", "transient"),
    "1xx": ([get(100)], "unverified", "transient"),
    "3xx without follow": ([get(304)], "unverified", "transient"),
    "timeout": ([get(error="timeout", error_detail="30s")], "unverified", "transient"),
    "tls error": ([get(error="tls", error_detail="handshake")], "unverified", "transient"),
    "other error": ([get(error="other", error_detail="reset")], "unverified", "transient"),
    "too many redirects, no repeat": (
        [
            get(
                error="too_many_redirects",
                redirects=tuple(f"https://gone.test/{i}" for i in range(20)),
                final_url="https://gone.test/20",
            )
        ],
        "unverified",
        "transient",
    ),
    "empty list": ([], "unverified", "transient"),
    # skipped
    "private address": ([get(error="private_address", error_detail="10.0.0.1")], "skipped", "private_address"),
    "unsupported scheme": (
        [Attempt("GET", "ftp://files.test/x", error="unsupported_scheme")],
        "skipped",
        "unsupported_scheme",
    ),
    # the error wins over a status on the same attempt
    "error and status": ([get(200, error="dns")], "dead", "dns_nxdomain"),
}


@pytest.mark.parametrize("attempts, verdict, reason", CASES.values(), ids=CASES.keys())
def test_classify(attempts, verdict, reason):
    result = classify(attempts)
    assert isinstance(result, Verdict)
    assert (result.verdict, result.reason) == (verdict, reason)
    assert result.verdict in VERDICTS
    assert result.reason in REASONS[result.verdict]
    assert result.signal  # always says why


@pytest.mark.parametrize("status", [200, 301, 404, 403, 503])
def test_http_status_reported(status):
    assert classify([get(status)]).http_status == status


def test_error_has_no_http_status():
    assert classify([get(error="dns")]).http_status is None


def test_signal_names_redirect_target():
    result = classify([get(200, redirects=(U,), redirect_statuses=(301,), final_url="https://gone.test/new")])
    assert "https://gone.test/new" in result.signal


def test_reasons_table_covers_every_verdict():
    assert set(REASONS) == set(VERDICTS)
    assert all(REASONS[v] for v in VERDICTS)


DEEP = "http://site.test/guides/sleep.html"
ROOT = "http://site.test/"


def page(url=DEEP, status=200, **kw) -> Attempt:
    return Attempt(method="GET", url=url, status=status, final_url=kw.pop("final_url", url), **kw)


PROBE_200 = Attempt(method="GET", url="http://site.test/3f9a-11", status=200, final_url="http://site.test/3f9a-11")
PROBE_404 = Attempt(method="GET", url="http://site.test/3f9a-11", status=404, final_url="http://site.test/3f9a-11")


@pytest.mark.parametrize(
    "attempt, probe, similarity, expected",
    [
        # The page itself says it is missing (deep link).
        (page(error_phrase="Page not found", words=300), None, None, ("dead", "soft_404")),
        # A home page is never a soft 404, whatever its title.
        (page(ROOT, error_phrase="404", words=300), PROBE_200, 1.0, ("alive", "ok")),
        # Same full page as a random missing path: the site answers every path with it.
        (page(words=300), PROBE_200, 0.97, ("dead", "soft_404")),
        # ...but a near-empty app shell tells nothing: no words, or a script's mount point...
        (page(words=5), PROBE_200, 1.0, ("unverified", "transient")),
        (page(words=30, app_shell=True), PROBE_200, 1.0, ("unverified", "transient")),
        # ...while a thin static page of its own words, the same for a random path, is the site's stand-in.
        (page(words=30), PROBE_200, 1.0, ("dead", "soft_404")),
        (page(words=30), PROBE_200, 0.3, ("alive", "ok")),
        # Different from the missing-path page: a real page.
        (page(words=300), PROBE_200, 0.2, ("alive", "ok")),
        # The site gives real 404s for missing paths: nothing to compare against, the page is real.
        (page(words=300), PROBE_404, None, ("alive", "ok")),
        # Parked: markers decide, deep link or not.
        (page(ROOT, parked_marker="phrase: buy this domain"), None, None, ("dead", "parked_domain")),
        # Bot challenge on a 200 or a 503: blocked, never dead, never alive.
        (page(challenge_marker="title: just a moment..."), None, None, ("blocked", "bot_challenge")),
        (page(status=503, challenge_marker="header: cf-mitigated"), None, None, ("blocked", "bot_challenge")),
        # A deep link redirected to a home page (own site or another).
        (page(redirects=(DEEP,), final_url="http://site.test/", words=300), None, None, ("dead", "redirect_to_root")),
        (
            page(redirects=(DEEP,), final_url="https://newowner.test/en/", words=300),
            None,
            None,
            ("dead", "redirect_to_root"),
        ),
        # A deep link redirected to another deep page: alive.
        (page(redirects=(DEEP,), final_url="http://site.test/sleep/", words=300), None, None, ("alive", "redirected")),
        # A home page redirected to a home page (http → https): alive.
        (page(ROOT, redirects=(ROOT,), final_url="https://site.test/", words=300), None, None, ("alive", "redirected")),
    ],
)
def test_answered_pages(attempt, probe, similarity, expected):
    verdict = classify([attempt], probe=probe, probe_similarity=similarity)
    assert (verdict.verdict, verdict.reason) == expected
    assert verdict.signal


def test_redirect_to_where_missing_paths_land_is_soft_404():
    target = page(redirects=(DEEP,), final_url="http://site.test/search?q=missing", words=300)
    probe = Attempt(
        method="GET",
        url="http://site.test/zz",
        status=200,
        redirects=("http://site.test/zz",),
        final_url="http://site.test/search?q=missing",
    )
    assert classify([target], probe=probe, probe_similarity=0.3).reason == "soft_404"


HOME_PAGES = (
    "http://a.test/ http://a.test http://a.test/index.html http://a.test/en/ http://a.test/en-gb/ http://a.test/home"
)
DEEP_PAGES = "http://a.test/guides/ http://a.test/?page_id=4 http://a.test/en/guides/x"


@pytest.mark.parametrize(
    "url, deep", [(u, False) for u in HOME_PAGES.split()] + [(u, True) for u in DEEP_PAGES.split()]
)
def test_is_deep(url, deep):
    assert is_deep(url) is deep


TIMEOUT = Attempt(method="GET", url=DEEP, error="timeout", error_detail="took longer than 20 s")
SERVER_ERROR = page(status=500)
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
