"""Link checks across runs and under a failing network: outage guard, persistence, freshness, evidence."""

from __future__ import annotations

import json

from tests.conftest import make_crawl
from tests.helpers import cli

OFFLINE_PAGE = ("http://offline-page.test:{{PORT}}/",)


def test_failures_confirmed_while_the_page_host_answers_are_dead(web, tmp_path):
    # Every outbound host is pinned to a loopback address where nothing listens, while the resource page's
    # own host keeps answering: a page whose every link is gone. Only one host ever answers, and that is
    # enough: it is the control URL of the confirmation round, and the failures repeat with it answering.
    crawl = make_crawl(web, tmp_path / "all-gone", seeds=OFFLINE_PAGE)
    down = ",".join(f"down{i}.test=127.0.0.3" for i in range(1, 8))
    crawl.run("-s", f"RESOLVE={web.resolve_setting()},{down}")
    verdicts = crawl.rows("SELECT verdict, reason, count(*) FROM checks GROUP BY verdict, reason ORDER BY reason")
    assert verdicts == [("dead", "connection_refused", 7), ("dead", "dns_nxdomain", 1)]
    signals = {signal for (signal,) in crawl.rows("SELECT signal FROM checks")}
    assert all("confirmed while 1/1 control URLs answered" in signal for signal in signals), signals
    attempts = crawl.rows("SELECT attempts FROM checks WHERE url LIKE 'http://down1.test%'")[0][0]
    assert [a["error"] for a in json.loads(attempts)] == ["refused", "refused"]  # the check, then the retry


def test_transient_failures_become_dead_only_when_confirmed_across_runs(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "persist")
    flaky, slow = web.url("flaky.test"), web.url("slow.test")
    crawl.run("-s", "MENTIONFINDER_CONFIRM_HOURS=0")
    first = dict(crawl.rows("SELECT url, verdict || '/' || reason FROM checks WHERE url IN (?, ?)", flaky, slow))
    assert first == {flaky: "unverified/transient", slow: "unverified/transient"}
    # Second run, but the streak is younger than the default 24 h: still not dead.
    crawl.run()
    assert dict(crawl.rows("SELECT url, verdict FROM checks WHERE url IN (?, ?)", flaky, slow)) == {
        flaky: "unverified",
        slow: "unverified",
    }
    # Third run with the confirmation window lifted: persistent, hence dead, with the history as evidence.
    crawl.run("-s", "MENTIONFINDER_CONFIRM_HOURS=0")
    third = dict(crawl.rows("SELECT url, verdict || '/' || reason FROM checks WHERE url IN (?, ?)", flaky, slow))
    assert third == {flaky: "dead/server_error_persistent", slow: "dead/timeout_persistent"}
    assert crawl.rows("SELECT fail_runs FROM checks WHERE url = ?", flaky) == [(3,)]


def test_fresh_checks_are_reused_but_dead_ones_are_reconfirmed(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "fresh")
    crawl.run()
    before = dict(crawl.rows("SELECT url, last_checked || verdict FROM checks"))
    requests_before = len(web.requests)
    crawl.run("-s", "MENTIONFINDER_CHECK_MAX_AGE=24")
    seen = {(host, path) for _, host, path in web.requests[requests_before:]}
    assert ("realpages.test", "/guides/sleep.html") not in seen  # alive, fresh: reused
    assert ("gone.test", "/old") in seen  # dead: always re-confirmed
    after = dict(crawl.rows("SELECT url, last_checked || verdict FROM checks"))
    assert (
        after[web.url("realpages.test", "/guides/sleep.html")]
        == before[web.url("realpages.test", "/guides/sleep.html")]
    )


def test_explain_and_export_evidence_show_why(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "explain")
    crawl.run()
    soft = web.url("soft404.test", "/old-article")
    text = cli("explain", "--db", str(crawl.db), soft).stdout
    assert "verdict:  dead (soft_404)" in text
    assert "1. GET" in text
    assert "Oops! That page can't be found." in text or "Page not found" in text
    assert "linked from 1 page(s)" in text
    records = [
        json.loads(line)
        for line in cli("export", "--db", str(crawl.db), "--format", "jsonl", "--evidence").stdout.splitlines()
    ]
    rootless = next(r for r in records if r["reason"] == "redirect_to_root")
    evidence = json.loads(rootless["evidence"])
    assert "home page" in evidence["signal"]
    assert evidence["attempts"][-1]["redirects"][0].endswith("/support-groups.html")
    home = next(r for r in records if r["reason"] == "soft_404" and "homeanswer" in r["target_url"])
    assert "probe" in json.loads(home["evidence"])


def test_a_crawl_that_reads_no_page_fails_in_one_line(web, tmp_path):
    # Both seeds' hosts are pinned to a loopback address where nothing listens: no page can be read.
    crawl = make_crawl(web, tmp_path / "noseed", seeds=("http://down1.test:{{PORT}}/links/", "http://down2.test/"))
    done = crawl.run("-s", f"RESOLVE={web.resolve_setting()},down1.test=127.0.0.3,down2.test=127.0.0.3", check=False)
    assert done.returncode == 1
    [line] = [line for line in done.stderr.splitlines() if "no seed page could be fetched" in line]
    assert line.startswith("error: no seed page could be fetched (2 tried: refused 2)")
    assert "verdict" not in done.stderr  # no summary table of zeros
