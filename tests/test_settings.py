"""mentionfinder.settings: every component it names can be loaded, and the guards are on by default."""

from __future__ import annotations

import pytest
from scrapy.utils.misc import load_object

from mentionfinder import settings


def named_components() -> list[str]:
    names = [settings.TWISTED_DNS_RESOLVER, *settings.DOWNLOAD_HANDLERS.values(), *settings.ADDONS]
    for table in (
        settings.DOWNLOADER_MIDDLEWARES,
        settings.SPIDER_MIDDLEWARES,
        settings.ITEM_PIPELINES,
        settings.EXTENSIONS,
    ):
        names += [name for name, order in table.items() if order is not None and name.startswith("mentionfinder.")]
    return names


@pytest.mark.parametrize("path", named_components())
def test_every_component_named_loads(path):
    assert callable(load_object(path))


def test_the_guards_are_on_by_default():
    assert settings.ROBOTSTXT_OBEY and not settings.MENTIONFINDER_ALLOW_PRIVATE and settings.RESOLVE == ""
    assert settings.MENTIONFINDER_REDIS_URL == ""  # scale-out is opt-in
    assert settings.DOWNLOAD_HANDLERS == dict.fromkeys(
        ("http", "https"), "mentionfinder.crawl.handlers.GuardedAiohttpHandler"
    )
    assert settings.DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is None
    assert settings.USER_AGENT.startswith("mentionfinder/")


def test_a_check_reads_less_than_a_page_may_hold():
    assert 0 < settings.MENTIONFINDER_CHECK_MAX_BYTES < settings.DOWNLOAD_MAXSIZE
    assert settings.MENTIONFINDER_CHECK_TIMEOUT <= settings.DOWNLOAD_TIMEOUT
    assert settings.MENTIONFINDER_HEAD_FIRST in ("files", "always")
