"""Fixtures: the fixture web on 127.0.0.1 (host names pinned with RESOLVE) and crawls run as `scrapy crawl`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentionfinder.demo.run import crawl_command, crawl_env
from mentionfinder.demo.sampleweb import SampleWeb

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
WEB = TESTS / "web"

# Tests never use a proxy: every request goes to the fixture web on loopback.
for _name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_name, None)

BRAND_TOML = """\
[brand]
name = "Vitalis Health"
aliases = ["VitalisHealth"]
domains = ["vitalishealth.test"]
sitemaps = ["http://vitalishealth.test:{{PORT}}/robots.txt"]
"""

SEEDS = (
    "http://links.fixture-clinic.co.uk:{{PORT}}/resources/",
    "http://blog.test:{{PORT}}/post/",
    "http://home.test:{{PORT}}/",
)


@pytest.fixture(scope="session")
def web():
    with SampleWeb(WEB) as server:
        yield server


@dataclass
class Crawl:
    web: SampleWeb
    workdir: Path
    pack: Path
    config: Path
    db: Path

    def command(self, *settings: str, extra: tuple[str, ...] = ()) -> list[str]:
        """The `scrapy crawl resources` command line of this crawl; each of `settings` is one `-s NAME=VALUE`."""
        pairs = [arg for setting in ("MENTIONFINDER_CHECK_TIMEOUT=2", *settings) for arg in ("-s", setting)]
        return crawl_command(self.web, self.pack, self.config, self.db, *pairs, *extra)

    def run(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `scrapy crawl resources` on the fixture web in a subprocess (a real crawl, real SQLite)."""
        cmd = self.command("MENTIONFINDER_PROGRESS_INTERVAL=0", extra=extra)
        done = subprocess.run(cmd, cwd=self.workdir, env=crawl_env(), capture_output=True, text=True, timeout=240)
        if check:
            assert done.returncode == 0, done.stderr[-3000:]
        return done

    def rows(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, args).fetchall()


def make_crawl(web: SampleWeb, workdir: Path, seeds=SEEDS, footprints=("resources", "useful links", "links")) -> Crawl:
    workdir.mkdir(parents=True, exist_ok=True)
    pack = workdir / "fixture.toml"
    seed_lines = "".join(f'  "{web.fill(s)}",\n' for s in seeds)
    pack.write_text(
        f'name = "fixture"\ndescription = "fixture web"\nseeds = [\n{seed_lines}]\n'
        f"footprints = {list(footprints)!r}\n".replace("'", '"'),
        "utf-8",
    )
    config = workdir / "mentionfinder.toml"
    config.write_text(web.fill(BRAND_TOML), "utf-8")
    return Crawl(web=web, workdir=workdir, pack=pack, config=config, db=workdir / "crawl.db")


@pytest.fixture(scope="session")
def outreach(web, tmp_path_factory) -> Crawl:
    """One crawl of the fixture web the outreach tests read (layouts, replacements, webhook), in this order."""
    crawl = make_crawl(web, tmp_path_factory.mktemp("outreach"))
    crawl.run()
    return crawl


@pytest.fixture
def crawl(web, tmp_path) -> Crawl:
    return make_crawl(web, tmp_path / "crawl")


@pytest.fixture
def shared(redis_url, web, tmp_path):
    """A crawl of the fixture web whose workers share an emptied Redis: (crawl, redis URL)."""
    import redis

    redis.Redis.from_url(redis_url).flushall()
    crawl = make_crawl(web, tmp_path / "shared")
    return crawl, redis_url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server on a free loopback port, without persistence; stopped by its PID."""
    import shutil
    import socket
    import time

    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed: `apt-get install -y redis-server` (.ci/run does this)"
    workdir = tmp_path_factory.mktemp("redis")
    for _ in range(5):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        raise RuntimeError("could not start redis-server on a loopback port")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def project(web, tmp_path) -> Crawl:
    """A fixture-web crawl set up (pack, brand config) but not run: for commands that need one."""
    return make_crawl(web, tmp_path / "cli")
