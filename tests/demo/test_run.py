"""mentionfinder.demo.run: the crawl command line for a sample web, and a clear error without the web."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentionfinder.demo.run import DEMO_DIR, DemoError, crawl_command, crawl_env, run


def test_the_bundled_sample_web_is_there():
    assert (DEMO_DIR / "niche.toml").is_file() and (DEMO_DIR / "mentionfinder.toml").is_file()


def test_crawl_command_pins_the_hosts_and_names_the_files(web):
    cmd = crawl_command(web, Path("p.toml"), Path("c.toml"), Path("d.db"), "-s", "X=1")
    assert cmd[1:5] == ["-m", "scrapy", "crawl", "resources"] and cmd[-2:] == ["-s", "X=1"]
    for setting in (
        f"RESOLVE={web.resolve_setting()}",
        "MENTIONFINDER_DB=d.db",
        "MENTIONFINDER_CONFIG=c.toml",
        "niche=p.toml",
    ):
        assert setting in cmd
    assert crawl_env()["SCRAPY_SETTINGS_MODULE"] == "mentionfinder.settings"


def test_run_without_a_sample_web_says_so(tmp_path):
    with pytest.raises(DemoError, match="sample web not found"):
        run(root=tmp_path)
