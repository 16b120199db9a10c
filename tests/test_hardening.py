"""Hostile input and unattended runs: private addresses, limits, broken pages, pause/resume, no open ports."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from mentionfinder.demo.run import crawl_command, crawl_env
from mentionfinder.demo.sampleweb import SampleWeb
from mentionfinder.store import integrity_ok
from tests.conftest import make_crawl

GUARD = ("http://guard.test:{{PORT}}/",)


def test_private_addresses_are_never_requested(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "guard", seeds=GUARD)
    before = len(web.requests)
    crawl.run()
    checks = dict(crawl.rows("SELECT url, verdict || '/' || reason FROM checks"))
    for url in (
        "http://localhost:{{PORT}}/admin",
        "http://127.0.0.2:{{PORT}}/x",
        "http://[::1]:{{PORT}}/y",
        "http://127.0.0.1:{{PORT}}/",
    ):
        assert checks[web.fill(url)] == "skipped/private_address", url
    assert checks[web.fill("http://alive.test:{{PORT}}/")] == "alive/ok"  # pinned by RESOLVE: allowed
    hosts = {host for _, host, _ in web.requests[before:]}
    assert {"guard.test", "alive.test"} <= hosts
    # Nothing reached the server under a private name or address.
    assert not hosts & {"localhost", "127.0.0.1", "127.0.0.2", "::1", "[::1]"}


def test_allow_private_lets_loopback_through(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "allowed", seeds=GUARD)
    crawl.run("-s", "MENTIONFINDER_ALLOW_PRIVATE=True")
    checks = dict(crawl.rows("SELECT url, verdict || '/' || reason FROM checks"))
    assert checks[web.fill("http://127.0.0.1:{{PORT}}/")] == "alive/ok"
    assert not [v for v in checks.values() if v == "skipped/private_address"]


def test_a_seed_on_a_private_address_is_not_crawled(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "privseed", seeds=("http://127.0.0.2:{{PORT}}/links/",))
    before = len(web.requests)
    done = crawl.run(check=False)
    (error,) = [e for (e,) in crawl.rows("SELECT error FROM pages")]
    assert error.startswith("private_address")
    assert done.returncode == 1 and "no seed page could be fetched (1 tried: private_address 1)" in done.stderr
    assert not [r for r in web.requests[before:] if r[1] not in ("vitalishealth.test",)]  # only the own site


def hostile_web(root: Path) -> Path:
    """Pages that break naive parsers: deep nesting, a huge attribute, bytes that are not UTF-8, not HTML."""
    host = root / "hostile.test"
    (host / "links").mkdir(parents=True)
    nested = "<div>" * 1500 + '<a href="http://alive.test:{{PORT}}/">deep link</a>' + "</div>" * 1500
    huge = '<a href="http://alive.test:{{PORT}}/" title="' + "x" * 300_000 + '">huge title attribute</a>'
    broken = "Vitalis Health caf\xe9 ".encode("latin-1") + b"\xff\xfe\x00 <p>more text</p>"
    (host / "links" / "index.html").write_bytes(
        b"<html><head><title>Useful links</title></head><body><p>"
        + broken
        + b"</p>"
        + nested.encode()
        + huge.encode()
        + b'<a href="/links/report.pdf">report</a></body></html>'
    )
    (host / "links" / "report.pdf").write_bytes(b"%PDF-1.4 not html")
    (root / "alive.test").mkdir()
    (root / "alive.test" / "index.html").write_text("<html><title>ok</title><p>fine</p></html>")
    return root


def test_hostile_pages_are_survived(tmp_path):
    with SampleWeb(hostile_web(tmp_path / "web")) as web:
        crawl = make_crawl(
            web,
            tmp_path / "hostile",
            seeds=("http://hostile.test:{{PORT}}/links/", "http://hostile.test:{{PORT}}/links/report.pdf"),
        )
        crawl.run()
        pages = dict(crawl.rows("SELECT url, coalesce(error, '') FROM pages"))
        assert pages[web.fill("http://hostile.test:{{PORT}}/links/")] == ""
        assert pages[web.fill("http://hostile.test:{{PORT}}/links/report.pdf")].startswith("not HTML")
        assert crawl.rows("SELECT count(*) FROM mentions") == [(1,)]
        assert crawl.rows("SELECT verdict FROM checks") == [("alive",)]
        # A page over DOWNLOAD_MAXSIZE is recorded as not fetched; the crawl still ends normally, and as its
        # only seed could not be read, it says so and exits non-zero.
        capped = make_crawl(web, tmp_path / "capped", seeds=("http://hostile.test:{{PORT}}/links/",))
        done = capped.run("-s", "DOWNLOAD_MAXSIZE=10000", check=False)
        assert capped.rows("SELECT count(*) FROM pages WHERE error != ''") == [(1,)]
        assert capped.rows("SELECT status FROM runs") == [("finished",)]
        assert done.returncode == 1 and "no seed page could be fetched (1 tried" in done.stderr


def listening_sockets(pid: int) -> set[str]:
    """Inodes of the process's sockets that are in LISTEN state (TCP over IPv4 and IPv6)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                listening.add(fields[1])
    return listening


def test_a_crawl_opens_no_listening_socket(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "doors")
    cmd = crawl_command(
        web, crawl.pack, crawl.config, crawl.db, "-s", "MENTIONFINDER_CHECK_TIMEOUT=2", "-s", "LOG_LEVEL=WARNING"
    )
    proc = subprocess.Popen(
        cmd, cwd=crawl.workdir, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    seen, samples = set(), 0
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                seen |= listening_sockets(proc.pid)
                samples += 1
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.05)
    finally:
        proc.wait(timeout=60)
    assert samples > 5, "the crawl ended before it could be observed"
    assert seen == set()  # no telnet console, no remote-control server, nothing


def test_jobdir_pause_and_resume_fetches_nothing_twice(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "jobdir")
    jobdir = tmp_path / "job"
    cmd = crawl.command(f"JOBDIR={jobdir}", "LOG_LEVEL=INFO", "CONCURRENT_REQUESTS=2", "DOWNLOAD_DELAY=0.05")
    before = len(web.requests)
    proc = subprocess.Popen(
        cmd, cwd=crawl.workdir, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while len(web.requests) - before < 15 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)  # one Ctrl-C: Scrapy pauses cleanly and keeps its state in JOBDIR
    finally:
        assert proc.wait(timeout=60) == 0
    assert crawl.rows("SELECT status FROM runs") == [("stopped: shutdown",)]
    first_part = len(web.requests) - before
    crawl.run("-s", f"JOBDIR={jobdir}")  # resume
    assert integrity_ok(crawl.db)
    checked = [url for (url,) in crawl.rows("SELECT url FROM checks")]
    assert len(checked) == len(set(checked)) >= 30
    # Pages fetched before the pause are not fetched again after it.
    pages = [
        (h, p)
        for m, h, p in web.requests[before:]
        if (h, p) in {("blog.test", "/post/"), ("home.test", "/")} and m == "GET"
    ]
    assert len(pages) == 2, pages
    assert first_part > 0
