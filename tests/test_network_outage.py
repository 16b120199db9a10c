"""Crawls whose network goes away mid-crawl: no live link may come out dead, whenever the outage starts.

The fixture web gets a server of its own here, stopped while crawls run: new connections are refused and
open ones get no answer. Three crawls run at once, started so that the one outage comes 0.7 s, 1.5 s and
3 s into each. Name resolution fails the same way through real DNS servers on loopback. Each crawl is
compared with an undisturbed crawl of the same web.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentionfinder.demo.run import crawl_env
from mentionfinder.demo.sampleweb import SampleWeb
from tests.conftest import WEB, Crawl, make_crawl
from tests.dnsserver import DNSServer
from tests.helpers import jsonl

# Rounds at the end a second apart (the default 10 s is for real outages), and no progress lines.
QUICK = ("MENTIONFINDER_PROGRESS_INTERVAL=0", "MENTIONFINDER_OUTAGE_WAIT=1")
MOMENTS = (0.7, 1.5, 3.0)  # seconds into a crawl at which the outage begins
NETWORK_ERRORS = "('dns', 'refused', 'timeout', 'other')"


@dataclass
class Disturbed:
    crawl: Crawl
    returncode: int
    stderr: str

    def dead(self) -> set[str]:
        return set(self.urls("verdict = 'dead'"))

    def urls(self, where: str) -> list[str]:
        if not self.crawl.db.exists():
            return []
        return [url for (url,) in self.crawl.rows(f"SELECT url FROM checks WHERE {where}")]

    def pages(self) -> list[str]:
        if not self.crawl.db.exists():
            return []
        return [url for (url,) in self.crawl.rows("SELECT url FROM pages WHERE error IS NULL OR error = ''")]

    def exported(self) -> set[str]:
        if not self.crawl.db.exists():
            return set()
        return {r["target_url"] for r in jsonl(self.crawl.db) if r["type"] == "broken_link"}


@pytest.fixture(scope="module")
def own_web():
    with SampleWeb(WEB) as server:
        yield server


@pytest.fixture(scope="module")
def baseline(own_web, tmp_path_factory) -> dict[str, str]:
    crawl = make_crawl(own_web, tmp_path_factory.mktemp("undisturbed"))
    crawl.run("-s", QUICK[1])
    return dict(crawl.rows("SELECT url, verdict FROM checks"))


def crawls_around(web: SampleWeb, workdir: Path, fault, settings=(), moments=MOMENTS) -> list[Disturbed]:
    """One crawl per moment, started so that `fault()` (which breaks something and may mend it again)
    begins that many seconds into it; all run to their end."""
    runs = []
    for at in sorted(moments, reverse=True):
        crawl = make_crawl(web, workdir / f"at-{at}")
        log = (crawl.workdir / "stderr.txt").open("w")
        command = crawl.command(*QUICK, *settings)
        runs.append((at, crawl, log, subprocess.Popen(command, cwd=crawl.workdir, env=crawl_env(), stderr=log)))
        if at != min(moments):
            time.sleep(at - max(m for m in moments if m < at))
    time.sleep(min(moments))
    try:
        fault()
        for _, _, _, process in runs:
            process.wait(timeout=240)
    finally:
        for _, _, log, process in runs:
            if process.poll() is None:
                process.kill()
            log.close()
    done = [
        Disturbed(crawl, process.returncode, (crawl.workdir / "stderr.txt").read_text())
        for _, crawl, _, process in runs
    ]
    return done[::-1]


def no_live_link_dead(run: Disturbed, baseline: dict[str, str]) -> None:
    # A robots.txt that the outage kept us from reading is no licence: blog.test forbids /private/.
    assert not [url for url in run.pages() if "/private/" in url]
    wrongly_dead = {url for url in run.dead() if baseline.get(url) != "dead"}
    assert not wrongly_dead, run.stderr[-2000:]
    assert run.exported() <= {url for url, verdict in baseline.items() if verdict == "dead"}


def test_an_outage_that_lasts_leaves_no_live_link_dead(own_web, baseline, tmp_path):
    try:
        runs = crawls_around(own_web, tmp_path, own_web.go_down)
    finally:
        if own_web.down:
            own_web.come_back()
    for run in runs:
        no_live_link_dead(run, baseline)
        # A server's own answer (404, soft 404, parked) needs no confirmation; a failure to connect does,
        # and while the outage lasts no control answers, so none of those is dead.
        assert run.urls(f"verdict = 'dead' AND json_extract(attempts, '$[#-1].error') IN {NETWORK_ERRORS}") == []
        if run.urls("reason = 'network_outage'"):
            assert "network outage suspected" in run.stderr
    assert any(run.urls("reason = 'network_outage'") for run in runs)


def test_an_outage_that_ends_within_the_crawl_leaves_nothing_false_behind(own_web, baseline, tmp_path):
    def blip():
        own_web.go_down()
        time.sleep(2.0)
        own_web.come_back()

    # The rounds at the end span 2 x 2.5 s: longer than the blip even when a crawl reaches its end while the
    # server is still down (the default span is 20 s, for real outages).
    for run in crawls_around(own_web, tmp_path, blip, settings=("MENTIONFINDER_OUTAGE_WAIT=2.5",)):
        assert run.returncode == 0, run.stderr[-2000:]
        no_live_link_dead(run, baseline)
        # Once the network is back the rounds confirm what is really gone: the true dead links are still
        # found (all of those on the pages that were read).
        checked = set(run.urls("1"))
        assert run.dead() == {url for url, verdict in baseline.items() if verdict == "dead" and url in checked}
        assert run.dead(), "the crawl found no dead link at all: the outage was not over in time"


# --- name resolution that starts failing: the crawl asks a real DNS server on loopback, not RESOLVE pins ---


def dns_names(web: SampleWeb) -> dict[str, str]:
    return {name: web.address for name in web.resolve_setting().replace("=", ",").split(",")[::2]}


def dns_settings(dns: DNSServer) -> tuple[str, ...]:
    # The names answer 127.0.0.1 from DNS now, so loopback has to be allowed (pins bypass that guard).
    return ("RESOLVE=", f"MENTIONFINDER_DNS_SERVERS={dns.setting}", "MENTIONFINDER_ALLOW_PRIVATE=1", "DNS_TIMEOUT=2")


@pytest.fixture(scope="module")
def dns_baseline(own_web, tmp_path_factory) -> dict[str, str]:
    crawl = make_crawl(own_web, tmp_path_factory.mktemp("dns-undisturbed"))
    with DNSServer(dns_names(own_web)) as dns:
        crawl.run(*(arg for setting in (QUICK[1], *dns_settings(dns)) for arg in ("-s", setting)))
    verdicts = dict(crawl.rows("SELECT url, verdict FROM checks"))
    assert "dead" in verdicts.values() and "alive" in verdicts.values()
    return verdicts


def crawl_while_dns_fails(web: SampleWeb, workdir: Path, mode: str, back_after: float | None) -> Disturbed:
    """A crawl whose resolver answers its first few questions (the seeds' hosts and the own site), then
    fails in `mode`, and answers again `back_after` seconds later (None: not before the crawl ends)."""
    crawl = make_crawl(web, workdir)
    with DNSServer(dns_names(web)) as dns, (crawl.workdir / "stderr.txt").open("w") as log:
        dns.fail_after(4, mode)
        process = subprocess.Popen(
            crawl.command(*QUICK, *dns_settings(dns)), cwd=crawl.workdir, env=crawl_env(), stderr=log
        )
        try:
            if back_after is not None:
                assert dns.broke.wait(60), "the crawl asked the DNS server fewer than 5 questions"
                time.sleep(back_after)
                dns.mode = "ok"
            process.wait(timeout=240)
        finally:
            if process.poll() is None:
                process.kill()
    return Disturbed(crawl, process.returncode, (crawl.workdir / "stderr.txt").read_text())


@pytest.mark.parametrize("mode", ["nxdomain", "servfail", "silent"])
def test_a_resolver_that_starts_failing_leaves_no_live_link_dead(own_web, dns_baseline, tmp_path, mode):
    run = crawl_while_dns_fails(own_web, tmp_path, mode, back_after=None)
    no_live_link_dead(run, dns_baseline)
    # Names that did not resolve once the failure began are not dead: the controls' names did not resolve
    # afresh either (their open connections still answered, which proves nothing about DNS).
    failed = "json_extract(attempts, '$[#-1].error') IN ('dns', 'timeout') AND url NOT LIKE '%.invalid%'"
    assert len(run.urls(failed)) >= 3, run.stderr[-2000:]
    assert run.urls(failed) == run.urls(f"{failed} AND reason = 'network_outage'"), run.stderr[-2000:]


def test_a_resolver_that_recovers_within_the_crawl_leaves_nothing_false(own_web, dns_baseline, tmp_path):
    run = crawl_while_dns_fails(own_web, tmp_path, "nxdomain", back_after=2.0)
    no_live_link_dead(run, dns_baseline)
    checked = set(run.urls("1"))
    assert run.dead() == {url for url, verdict in dns_baseline.items() if verdict == "dead" and url in checked}


# --- scale-out: workers confirm their own failures, with their own network --------------------------------


def test_scale_out_workers_under_an_outage_leave_no_live_link_dead(own_web, baseline, redis_url, tmp_path):
    import redis

    from tests.helpers import cli
    from tests.test_scaleout import WORKER

    redis.Redis.from_url(redis_url).flushall()
    crawl = make_crawl(own_web, tmp_path / "workers")
    cli("seed", "--niche", str(crawl.pack), "--redis", redis_url, "--config", str(crawl.config))
    command = crawl.command(*QUICK, f"MENTIONFINDER_REDIS_URL={redis_url}", extra=WORKER)
    logs = [(crawl.workdir / f"worker{i}.txt").open("w") for i in range(2)]
    workers = [subprocess.Popen(command, cwd=crawl.workdir, env=crawl_env(), stderr=log) for log in logs]
    try:
        time.sleep(1.5)
        own_web.go_down()
        for process in workers:
            process.wait(timeout=240)
    finally:
        if own_web.down:
            own_web.come_back()
        for process, log in zip(workers, logs, strict=True):
            if process.poll() is None:
                process.kill()
            log.close()
    cli("ingest", "--redis", redis_url, "--db", str(crawl.db), "--idle", "0")
    run = Disturbed(crawl, 0, "".join((crawl.workdir / f"worker{i}.txt").read_text() for i in range(2)))
    no_live_link_dead(run, baseline)
    assert run.urls(f"verdict = 'dead' AND json_extract(attempts, '$[#-1].error') IN {NETWORK_ERRORS}") == []
    assert run.urls("reason = 'network_outage'"), run.stderr[-2000:]
