"""The check flow: after each attempt, which request comes next, and when a network failure waits for a round."""

from __future__ import annotations

import pytest

from mentionfinder.check import flow
from mentionfinder.check.clues import page_signals
from mentionfinder.check.flow import Finish, Probe, Send
from mentionfinder.check.outage import RoundControls
from mentionfinder.check.verdicts import DEAD, HELD_NOTE, UNVERIFIED, Attempt

PAGE = "http://site.test/guides/sleep.html"
HTML = {"content-type": "text/html; charset=utf-8"}
PDF = {"content-type": "application/pdf"}


def head(status=None, error=None, headers=None):
    return Attempt(method="HEAD", url=PAGE, status=status, error=error, headers=headers or {})


def get(status=200, error=None, words=120, **clues):
    return Attempt(method="GET", url=PAGE, status=status, error=error, headers=HTML, words=words, **clues)


@pytest.mark.parametrize(
    ("url", "head_first", "step"),
    [
        ("http://site.test/guides/sleep.html", "files", Send("GET")),  # a page: its body decides
        ("http://site.test/report.PDF", "files", Send("HEAD")),  # a file: a 2xx HEAD is the whole answer
        ("http://site.test/archive.tar.gz", "files", Send("HEAD")),
        ("http://site.test/v1.2/", "files", Send("GET")),  # a dot in a folder is no file type
        ("http://site.test/guides/sleep.html", "always", Send("HEAD")),
        (
            "ftp://files.test/a.pdf",
            "files",
            Finish(Attempt(method="-", url="ftp://files.test/a.pdf", error="unsupported_scheme")),
        ),
    ],
)
def test_start(url, head_first, step):
    assert flow.start(url, head_first) == step


@pytest.mark.parametrize(
    ("attempt", "step"),
    [
        # HEAD answered: a file's 2xx/3xx is final; anything else, or an HTML answer, goes to a GET.
        (head(200, headers=PDF), Finish()),
        (head(304, headers=PDF), Finish()),
        (head(200, headers=HTML), Send("GET")),
        (head(405), Send("GET")),  # HEAD-hostile server
        (head(404), Send("GET")),  # some servers answer HEAD 404 and GET 200
        (head(403), Send("GET")),
        (head(500), Send("GET")),
        # HEAD failed: only an unresolvable name and a refused private address are final.
        (head(error="dns"), Finish()),
        (head(error="private_address"), Finish()),
        (head(error="timeout"), Send("GET")),
        (head(error="refused"), Send("GET")),
        (head(error="other"), Send("GET")),
        # GET: a deep page that its own body does not condemn is compared with the site's probe.
        (get(200), Probe("http://site.test")),
        (get(204), Probe("http://site.test")),
        (get(200, error_phrase="page not found"), Finish()),
        (get(200, parked_marker="for sale"), Finish()),
        (get(200, challenge_marker="cf-mitigated"), Finish()),
        (get(200, words=None), Finish()),  # not read as a page (not HTML): nothing to compare
        (get(404), Finish()),
        (get(301), Finish()),
        (get(500), Finish()),
        (get(None, error="dns"), Finish()),
        (get(None, error="timeout"), Finish()),
    ],
)
def test_after_an_attempt(attempt, step):
    assert flow.after(PAGE, attempt) == step


@pytest.mark.parametrize("url", ["http://site.test/", "http://site.test/index.html", "http://site.test/en/"])
def test_home_pages_are_never_probed(url):
    assert flow.after(url, Attempt(method="GET", url=url, status=200, headers=HTML, words=300)) == Finish()


def test_probe_keeps_the_port():
    assert flow.after("https://site.test:8443/a/b", get(200)) == Probe("https://site.test:8443")


@pytest.mark.parametrize(
    ("error", "answered"),
    [
        ("dns", False),
        ("refused", False),
        ("timeout", False),
        ("tls", True),
        ("other", True),
        (None, True),
        ("private_address", None),
        ("unsupported_scheme", None),
    ],
)
def test_what_an_outcome_says_about_its_host(error, answered):
    assert flow.host_answered(error) is answered


def test_probe_similarity_only_for_a_probe_answered_2xx():
    page = page_signals(b"<title>Not here</title><p>" + b"word " * 80 + b"</p>", PAGE)
    probe_ok = Attempt(method="GET", url="http://site.test/x", status=200)
    assert flow.probe_similarity(page, probe_ok, page) == pytest.approx(1.0)
    assert flow.probe_similarity(page, Attempt(method="GET", url="http://site.test/x", status=404), page) is None
    assert flow.probe_similarity(page, Attempt(method="GET", url="http://site.test/x", error="dns"), page) is None
    assert flow.probe_similarity(None, probe_ok, page) is None


REFUSED = [Attempt(method="GET", url=PAGE, error="refused")]
GONE = [Attempt(method="GET", url=PAGE, status=404)]


TIMED_OUT = [Attempt(method="GET", url=PAGE, error="timeout")]
NO_NAME = [Attempt(method="GET", url=PAGE, error="dns")]
WORKS = RoundControls((True, True, True), (True, True, True))
DOWN = RoundControls((False, False, True), (False, False, False))


@pytest.mark.parametrize(
    ("attempts", "controls", "give_up", "verdict", "reason", "pending"),
    [
        (REFUSED, None, False, UNVERIFIED, "network_outage", True),  # never believed before a round
        (REFUSED, WORKS, False, DEAD, "connection_refused", False),  # the controls answered: believed
        (NO_NAME, WORKS, False, DEAD, "dns_nxdomain", False),
        (TIMED_OUT, WORKS, False, UNVERIFIED, "transient", False),  # a timeout of theirs starts a streak
        (REFUSED, DOWN, False, UNVERIFIED, "network_outage", True),  # our network in doubt: waits again
        (REFUSED, DOWN, True, UNVERIFIED, "network_outage", False),  # the last round: unverified for good
        (GONE, None, False, DEAD, "http_404", False),  # an HTTP answer is the server speaking, outage or not
        (GONE, DOWN, True, DEAD, "http_404", False),
    ],
)
def test_network_failures_are_believed_only_when_a_round_confirms_them(
    attempts, controls, give_up, verdict, reason, pending
):
    conclusion = flow.conclude(attempts, controls=controls, give_up=give_up)
    assert (conclusion.verdict.verdict, conclusion.verdict.reason, conclusion.pending) == (verdict, reason, pending)
    assert conclusion.verdict.signal.endswith(HELD_NOTE) is pending


def test_a_confirmed_or_abandoned_failure_says_what_the_controls_did():
    confirmed = flow.conclude(REFUSED, controls=WORKS).verdict.signal
    assert confirmed.endswith("; confirmed while 3/3 control URLs answered, 3/3 names resolved afresh")
    abandoned = flow.conclude(REFUSED, controls=DOWN, give_up=True)
    assert "only 1/3 control URLs answered, 0/3 names resolved afresh: our network" in abandoned.verdict.signal
    assert abandoned.held_reason == "connection_refused"  # the evidence keeps what it would have been
    assert flow.conclude(TIMED_OUT, controls=DOWN, give_up=True).held_reason == ""
