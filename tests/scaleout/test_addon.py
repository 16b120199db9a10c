"""mentionfinder.scaleout.addon.ScaleOutAddon: a Redis URL switches the scheduler and the pipelines."""

from __future__ import annotations

from scrapy.settings import Settings

from mentionfinder import settings as project
from mentionfinder.scaleout.addon import ScaleOutAddon


def settings(**extra) -> Settings:
    values = Settings()
    values.setmodule(project, priority="project")
    values.setdict(extra, priority="cmdline")
    ScaleOutAddon().update_settings(values)
    return values


def test_without_redis_nothing_changes():
    single = settings()
    assert "mentionfinder.crawl.pipelines.StorePipeline" in single.getdict("ITEM_PIPELINES")
    assert "scaleout" not in str(single.get("SCHEDULER"))


def test_a_redis_url_makes_a_worker():
    worker = settings(MENTIONFINDER_REDIS_URL="redis://127.0.0.1:6379/0")
    pipelines = worker.getdict("ITEM_PIPELINES")
    assert "mentionfinder.crawl.pipelines.StorePipeline" not in pipelines
    assert pipelines["mentionfinder.scaleout.pipelines.RedisItemsPipeline"] == 300
    assert worker.get("SCHEDULER") == "mentionfinder.scaleout.scheduler.LeasedScheduler"
    assert (worker.get("REDIS_URL"), worker.getint("CONCURRENT_ITEMS"), worker.getbool("SCHEDULER_PERSIST")) == (
        "redis://127.0.0.1:6379/0",
        1,
        True,
    )
