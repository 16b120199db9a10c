"""Crawls whose network goes away mid-crawl: no live link may come out dead, whenever the outage starts.

The fixture web gets a server of its own here, stopped at several moments of a crawl: new connections are
refused and open ones get no answer. Each crawl is compared with an undisturbed crawl of the same web.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from mentionfinder.demo.run import crawl_env
from mentionfinder.demo.sampleweb import SampleWeb
from tests.conftest import WEB, make_crawl
from tests.helpers import jsonl

# Rounds at the end a second apart (the default 10 s is for real outages), and no progress lines.
QUICK = ("MENTIONFINDER_PROGRESS_INTERVAL=0", "MENTIONFINDER_OUTAGE_WAIT=1")


@pytest.fixture(scope="module")
def own_web():
    with SampleWeb(WEB) as server:
        yield server


@pytest.fixture(scope="module")
def baseline(own_web, tmp_path_factory) -> dict[str, str]:
    crawl = make_crawl(own_web, tmp_path_factory.mktemp("undisturbed"))
    crawl.run("-s", QUICK[1])
    return dict(crawl.rows("SELECT url, verdict FROM checks"))


def crawl_with_outage(web: SampleWeb, workdir, at: float, back_after: float | None):
    """A crawl whose server goes down `at` seconds after it starts, and comes back `back_after` seconds later
    (None: only once the crawl has ended)."""
    crawl = make_crawl(web, workdir)
    process = subprocess.Popen(
        crawl.command(*QUICK), cwd=crawl.workdir, env=crawl_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        time.sleep(at)
        web.go_down()
        if back_after is not None:
            time.sleep(back_after)
            web.come_back()
        _, stderr = process.communicate(timeout=240)
    finally:
        if process.poll() is None:
            process.kill()
        if web.down:
            web.come_back()
    return crawl, process.returncode, stderr.decode("utf-8", "replace")


def dead_urls(crawl) -> set[str]:
    return (
        {url for (url,) in crawl.rows("SELECT url FROM checks WHERE verdict = 'dead'")} if crawl.db.exists() else set()
    )


def exported(crawl) -> set[str]:
    if not crawl.db.exists():
        return set()
    return {record["target_url"] for record in jsonl(crawl.db) if record["type"] == "broken_link"}


@pytest.mark.parametrize("at", [0.7, 1.5, 3.0])
def test_an_outage_that_lasts_leaves_no_live_link_dead(own_web, baseline, tmp_path, at):
    crawl, code, stderr = crawl_with_outage(own_web, tmp_path / "down", at, back_after=None)
    dead = dead_urls(crawl)
    wrongly_dead = {url for url in dead if baseline.get(url) != "dead"}
    assert not wrongly_dead, stderr[-2000:]
    # A server's own answer (404, soft 404, parked) needs no confirmation; a failure to connect or resolve
    # does, and while the outage lasts no control answers, so none of those is dead.
    last_error = "json_extract(attempts, '$[#-1].error')"
    by_network = (
        crawl.rows(f"SELECT url FROM checks WHERE verdict = 'dead' AND {last_error} IN ('dns', 'refused', 'other')")
        if crawl.db.exists()
        else []
    )
    assert by_network == [], stderr[-2000:]
    assert exported(crawl) <= {url for url, verdict in baseline.items() if verdict == "dead"}
    if code == 0 and crawl.rows("SELECT count(*) FROM checks WHERE reason = 'network_outage'")[0][0]:
        assert "network outage suspected" in stderr


@pytest.mark.parametrize("at", [0.7, 1.5, 3.0])
def test_an_outage_that_ends_within_the_crawl_leaves_nothing_false_behind(own_web, baseline, tmp_path, at):
    crawl, code, stderr = crawl_with_outage(own_web, tmp_path / "blip", at, back_after=2.0)
    assert code == 0, stderr[-2000:]
    dead = dead_urls(crawl)
    assert not {url for url in dead if baseline.get(url) != "dead"}, stderr[-2000:]
    # Once the network is back the rounds confirm what is really gone: the true dead links are still found
    # (all of those on the pages that were read).
    checked = {url for (url,) in crawl.rows("SELECT url FROM checks")}
    assert dead == {url for url, verdict in baseline.items() if verdict == "dead" and url in checked}
    assert dead, "the crawl found no dead link at all: the outage was not over in time"
