"""The commands as a user runs them: one-line errors for mistakes, `inspect`, `demo`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mentionfinder.demo.run import crawl_env
from tests.conftest import ROOT, WEB, make_crawl


def run(*args: str, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=180, cwd=cwd, env=env or crawl_env()
    )


def scrapy_crawl(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return run("-m", "scrapy", "crawl", "resources", *args, cwd=cwd)


def assert_one_line_error(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def project(web, tmp_path):
    return make_crawl(web, tmp_path / "cli")


@pytest.mark.parametrize(
    "args, words",
    [
        (["-a", "niche=no-such-niche"], ["unknown niche 'no-such-niche'", "health", "gardening"]),
        (["-a", "niche=helth"], ["did you mean 'health'"]),
        (["-a", "niche=missing/pack.toml"], ["niche file not found", "missing/pack.toml"]),
        ([], ["no niche given", "-a niche="]),
        (["-a", "niche=health", "-a", "max_pages=many"], ["max_pages", "whole number"]),
        (["-a", "niche=health", "-a", "max_depth=-1"], ["max_depth"]),
    ],
)
def test_crawl_argument_mistakes_are_one_line(args, words, tmp_path):
    assert_one_line_error(scrapy_crawl(*args, "-s", f"MENTIONFINDER_CONFIG={WEB.parent / 'nothing.toml'}"), *words)


def test_missing_brand_config_is_one_line(tmp_path):
    done = scrapy_crawl("-a", "niche=health", "-s", f"MENTIONFINDER_CONFIG={tmp_path / 'mentionfinder.toml'}")
    assert_one_line_error(done, "brand config not found", "mentionfinder.toml", "mentionfinder.example.toml")


def test_invalid_brand_config_names_file_and_key(tmp_path):
    config = tmp_path / "brand.toml"
    config.write_text('[brand]\nname = "X"\ndomian = ["x.com"]\n', "utf-8")
    done = scrapy_crawl("-a", "niche=health", "-s", f"MENTIONFINDER_CONFIG={config}")
    assert_one_line_error(done, str(config), "brand.domian", "did you mean 'domains'")


def test_bad_resolve_setting_is_one_line(project):
    done = scrapy_crawl(
        "-a", f"niche={project.pack}", "-s", f"MENTIONFINDER_CONFIG={project.config}", "-s", "RESOLVE=site.test"
    )
    assert_one_line_error(done, "RESOLVE", "host=address")


def test_unusable_database_path_is_one_line(project, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    done = scrapy_crawl(
        "-a",
        f"niche={project.pack}",
        "-s",
        f"MENTIONFINDER_CONFIG={project.config}",
        "-s",
        f"MENTIONFINDER_DB={blocker / 'crawl.db'}",
    )
    assert_one_line_error(done, "cannot open the database", "MENTIONFINDER_DB")


def seed(project, cwd, *args: str, env_config: str | None = None) -> subprocess.CompletedProcess:
    """`mentionfinder seed` against a loopback port where nothing listens: it gets as far as Redis at most."""
    env = {k: v for k, v in crawl_env().items() if k != "MENTIONFINDER_CONFIG"}
    if env_config is not None:
        env["MENTIONFINDER_CONFIG"] = env_config
    nowhere = f"redis://127.0.0.1:{project.web.closed_port}/0"
    return run(
        "-m", "mentionfinder.cli", "seed", "--niche", str(project.pack), "--redis", nowhere, *args, cwd=cwd, env=env
    )


def test_seed_without_brand_config_fails_before_redis(project, tmp_path):
    # Run where there is no mentionfinder.toml: without one, no finding would get a replacement.
    done = seed(project, tmp_path)
    assert_one_line_error(done, "brand config not found", "mentionfinder.toml", "--config", "MENTIONFINDER_CONFIG")
    assert "Redis" not in done.stderr


def test_seed_reads_the_config_named_by_the_environment(project, tmp_path):
    assert_one_line_error(seed(project, tmp_path, env_config=str(project.config)), "cannot reach Redis")
    missing = str(tmp_path / "brand.toml")
    assert_one_line_error(seed(project, tmp_path, env_config=missing), f"brand config not found: {missing}")
    # --config wins over the environment.
    done = seed(project, tmp_path, "--config", str(project.config), env_config=missing)
    assert_one_line_error(done, "cannot reach Redis")


def test_export_without_database_says_what_to_do(tmp_path):
    done = run("-m", "mentionfinder.cli", "export", "--db", str(tmp_path / "none.db"))
    assert_one_line_error(done, "no database", "scrapy crawl resources")


PAGE = """<html><head><title>Useful links</title><base href="https://links.site.test/list/"></head><body>
<nav><a href="/">Home</a></nav>
<main><p>We like <a href="https://other.test/a" rel="nofollow">Vitalis Health</a> a lot.</p>
<p><img src="x.png"><a href="https://pics.test/"><img src="p.png" alt="Pictures"></a></p>
<script>var s = "Vitalis Health";</script></main>
<footer><a href="sub/page.html">Sub page</a></footer></body></html>"""


def test_inspect_file_lists_links_and_mentions(project, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    done = run("-m", "mentionfinder.cli", "inspect", str(page), "--format", "jsonl", "--config", str(project.config))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    links = [(r["url"], r["anchor_text"], r["rel"], r["placement"], r["outbound"]) for r in rows if r["kind"] == "link"]
    assert links == [
        ("https://links.site.test/", "Home", "", "navigation", False),
        ("https://other.test/a", "Vitalis Health", "nofollow", "content", True),
        ("https://pics.test/", "Pictures", "", "content", True),
        ("https://links.site.test/list/sub/page.html", "Sub page", "", "footer", False),
    ]
    mentions = [(r["mention_text"], r["linked"]) for r in rows if r["kind"] == "mention"]
    assert mentions == [("Vitalis Health", False)]


def test_inspect_url_on_the_fixture_web(web, project):
    done = run(
        "-m",
        "mentionfinder.cli",
        "inspect",
        web.url("127.0.0.1", "/"),
        "--allow-private",
        "--config",
        str(project.config),
    )
    assert done.returncode == 0, done.stderr
    assert "www.vitalishealth.test/guides/" in done.stdout and "outbound" in done.stdout
    assert "VitalisHealth" in done.stdout and "yes" in done.stdout  # the mention, linked


def test_inspect_refuses_loopback_without_permission(web, project):
    before = len(web.requests)
    done = run("-m", "mentionfinder.cli", "inspect", web.url("127.0.0.1", "/"), "--config", str(project.config))
    assert_one_line_error(done, "private or loopback", "--allow-private")
    assert len(web.requests) == before


def test_demo_runs_offline_and_prints_the_opportunities(tmp_path):
    db = tmp_path / "demo.db"
    done = run("-m", "mentionfinder.cli", "demo", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "7 opportunities" in done.stdout
    for expected in (
        "healthy-eating-on-a-budget",
        "old-nutrition-society.invalid",
        "connection_refused",
        "http_410",
        "unlinked_mention",
    ):
        assert expected in done.stdout
    assert "events.html" not in done.stdout
    assert db.is_file()
