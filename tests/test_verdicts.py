"""mentionfinder.check.verdicts.classify: the attempts of one link check → (verdict, reason)."""

import pytest

from mentionfinder.check.verdicts import REASONS, VERDICTS, Attempt, Verdict, classify

U = "https://gone.test/page"


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
    "redirect loop": (
        [get(error="too_many_redirects", redirects=(U, "https://gone.test/b", U), final_url="https://gone.test/b")],
        "dead",
        "redirect_loop",
    ),
    "redirect loop to self": ([get(error="too_many_redirects", redirects=(U,), final_url=U)], "dead", "redirect_loop"),
    "redirect loop, no final_url": (
        [get(error="too_many_redirects", redirects=(U, "https://gone.test/b"))],
        "dead",
        "redirect_loop",
    ),
    # blocked: access refused, not gone
    "401": ([get(401)], "blocked", "http_401"),
    "403": ([get(403)], "blocked", "http_403"),
    "429": ([get(429)], "blocked", "http_429"),
    "999": ([get(999)], "blocked", "http_999"),
    "451": ([get(451)], "blocked", "http_451"),
    "HEAD 405 then GET 403": ([head(405), get(403)], "blocked", "http_403"),
    # unverified
    "407": ([get(407)], "unverified", "transient"),
    "408": ([get(408)], "unverified", "transient"),
    "425": ([get(425)], "unverified", "transient"),
    "500": ([get(500)], "unverified", "transient"),
    "503": ([get(503)], "unverified", "transient"),
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
