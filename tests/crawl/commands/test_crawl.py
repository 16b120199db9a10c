"""mentionfinder.crawl.commands.crawl: the `scrapy crawl` command mentionfinder installs — one-line errors for
every mistake in its arguments, config and settings, before Scrapy starts; a tuned garbage collector."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import WEB
from tests.helpers import assert_one_line_error, scrapy_crawl


@pytest.mark.parametrize("gen0, expected", [(50_000, "50000 True"), (0, "700 False")])
def test_crawl_process_garbage_collector_tuning(gen0, expected):
    # In a fresh interpreter: the setting changes the process it runs in.
    code = (
        "import gc; from mentionfinder.crawl.commands.crawl import tune_gc; "
        f"tune_gc({gen0}); print(gc.get_threshold()[0], gc.get_freeze_count() > 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == expected, done.stderr


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


def test_bad_dns_servers_setting_is_one_line(project):
    done = scrapy_crawl(
        "-a",
        f"niche={project.pack}",
        "-s",
        f"MENTIONFINDER_CONFIG={project.config}",
        "-s",
        "MENTIONFINDER_DNS_SERVERS=dns.google",
    )
    assert_one_line_error(done, "MENTIONFINDER_DNS_SERVERS", "e.g. 9.9.9.9")


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
