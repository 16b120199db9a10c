"""`mentionfinder seed` and `ingest`: the two ends of a scale-out crawl on Redis."""

from __future__ import annotations

import click

from mentionfinder.cli import main
from mentionfinder.cli.options import brand_from, config_option, db_option
from mentionfinder.config import ConfigError


def redis_client(url: str):
    from mentionfinder.scaleout.state import RedisUnavailable, connect

    try:
        return connect(url)
    except RedisUnavailable as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--niche", "niche", required=True, help="Niche pack name or path to a .toml file.")
@click.option("--redis", "redis_url", required=True, help="redis://HOST:PORT/DB shared by the workers.")
@config_option("Brand config: its sitemaps are queued too, so workers read your own pages")
@click.option(
    "--fresh",
    is_flag=True,
    help="Start a new crawl of the niche: forget what the last one on this Redis saw, took and probed.",
)
def seed(niche, redis_url, config_path, fresh):
    """Scale-out: put a niche's seed pages on the shared Redis queue for the workers.

    The queue, its duplicate filter and the checks taken live in Redis until the niche is seeded again with
    --fresh (next month's crawl, say). Example: mentionfinder seed --niche health --redis redis://10.0.0.5:6379/0
    """
    from mentionfinder.ownsite.plan import OwnSitePlan
    from mentionfinder.scaleout import state as redisstate
    from mentionfinder.scaleout.seed import seed as seed_queue
    from spiders.resources import ResourcesSpider

    try:
        spider = ResourcesSpider(niche=niche)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    # Required, as by the crawl: without it your sitemaps are not queued and no finding gets a replacement.
    spider.brand = brand_from(config_path)
    server = redis_client(redis_url)
    if fresh:
        alive = redisstate.live_workers(server)
        if alive:
            raise click.ClickException(
                f"{len(alive)} worker(s) still crawling on this Redis ({', '.join(alive)}): "
                "wait for them to close, or stop them, before starting a fresh crawl"
            )
        forgotten = redisstate.forget_niche(server, spider.pack.name)
        click.echo(f"forgot the last crawl of niche '{spider.pack.name}' ({forgotten} keys)")
    spider.own_plan = OwnSitePlan.whole_site(limit=0)  # the seed queues the sitemaps; workers fetch pages
    new, old = seed_queue(server, spider, brand_present=True)
    hint = " by an earlier crawl of this niche: add --fresh to crawl it again" if old else ""
    click.echo(
        f"queued {new} requests for niche '{spider.pack.name}' ({old} were queued before{hint}). "
        f"Start workers: scrapy crawl resources -a niche={niche} -s MENTIONFINDER_REDIS_URL={redis_url}"
    )


@main.command()
@click.option("--redis", "redis_url", required=True, help="redis://HOST:PORT/DB shared by the workers.")
@db_option
@click.option(
    "--idle",
    type=click.FloatRange(0),
    default=30,
    show_default=True,
    help="Stop after this many seconds with no items, no live worker and an empty queue.",
)
@click.option("--batch", type=click.IntRange(1, 10000), default=500, show_default=True)
def ingest(redis_url, db_path, idle, batch):
    """Scale-out: drain the workers' items from Redis into SQLite (the one writer), then match replacements.

    Safe to stop and re-run: items are written in transactions and re-read after a crash without duplicates.
    Example: mentionfinder ingest --redis redis://10.0.0.5:6379/0 --db data/mentionfinder.db
    """
    from mentionfinder.scaleout.ingest import run_ingest

    server = redis_client(redis_url)
    click.echo(run_ingest(server, db_path, idle=idle, batch=batch), err=True)
