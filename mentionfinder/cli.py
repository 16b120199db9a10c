"""The `mentionfinder` command: export opportunities, inspect one page, run the offline demo."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

from mentionfinder.config import DEFAULT_CONFIG, DEFAULT_DB, Brand, ConfigError, load_brand
from mentionfinder.demo import run as demo_mod
from mentionfinder.output import export as export_mod
from mentionfinder.output.layouts import GROUP_FIELDS, LAYOUTS, group_by_page
from mentionfinder.output.layouts import layout as layout_rows
from mentionfinder.output.pageview import fetch_page, page_rows
from mentionfinder.output.tables import explain_text, table
from mentionfinder.output.webhook import batch_body, deliver
from mentionfinder.ownsite.replacements import match_all
from mentionfinder.page.recompute import recompute_mentions
from mentionfinder.store import STATES, TYPES, Store, iso_utc


def db_option(func):
    return click.option(
        "--db",
        "db_path",
        envvar="MENTIONFINDER_DB",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="SQLite database (env MENTIONFINDER_DB).",
    )(func)


# What a config error of these commands tells the user to pass (the crawl's own says -s MENTIONFINDER_CONFIG).
CONFIG_HINT = "--config PATH (or env MENTIONFINDER_CONFIG)"


def config_option(what: str):
    # The environment variable the crawl reads (settings.MENTIONFINDER_CONFIG), so one export serves both;
    # --config on the command line wins over it.
    return click.option(
        "--config",
        "config_path",
        envvar="MENTIONFINDER_CONFIG",
        default=DEFAULT_CONFIG,
        show_default=True,
        help=f"{what} (env MENTIONFINDER_CONFIG).",
    )


def brand_from(config_path: str) -> Brand:
    try:
        return load_brand(config_path, point_with=CONFIG_HINT)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def open_store(db_path: str) -> Store:
    try:
        return Store.open_existing(db_path)
    except FileNotFoundError:
        raise click.ClickException(
            f"no database at {db_path} — run a crawl first (scrapy crawl resources -a niche=health) or pass --db PATH"
        ) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentionfinder")
def main():
    """Find dead outbound links and unlinked brand mentions on a niche's resource pages.

    Crawl with `scrapy crawl resources -a niche=health`, then export the opportunities.
    """


def since_option(func):
    return click.option(
        "--since",
        metavar="DATE|last",
        help="Only findings first seen on or after DATE (YYYY-MM-DD or ISO time), or since the last export.",
    )(func)


def resolve_since(store: Store, since: str | None) -> str | None:
    if not since:
        return None
    if since == "last":
        return store.last_export_at() or None
    try:
        when = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"'{since}' is not a date: use YYYY-MM-DD, an ISO time, or 'last'", param_hint="--since"
        ) from None
    return iso_utc(when if when.tzinfo else when.replace(tzinfo=UTC))


def selected_records(
    store: Store, niche, kind, include_blocked=False, since=None, min_score=None, evidence=False
) -> list[dict]:
    records = [
        export_mod.record(r, evidence)
        for r in store.opportunities(niche, kind, include_blocked, since=resolve_since(store, since))
    ]
    if min_score is not None:
        records = [r for r in records if r["match_score"] != "" and float(r["match_score"]) >= min_score]
    return records


@main.command()
@db_option
@click.option("--niche", help="Only this niche pack's findings.")
@click.option("--type", "kind", type=click.Choice(TYPES), help="Only this kind of finding.")
@click.option("--format", "fmt", type=click.Choice(export_mod.FORMATS), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="generic",
    show_default=True,
    help="Columns of an outreach tool's import (buzzstream, pitchbox, hunter).",
)
@click.option("--group", type=click.Choice(["page"]), help="One row per prospect page with all its findings.")
@since_option
@click.option(
    "--min-score", type=click.FloatRange(0, 100), help="Only findings whose replacement scores at least this."
)
@click.option("--include-blocked", is_flag=True, help="Also list links behind bot walls and rate limits (403, 429, …).")
@click.option("--evidence", is_flag=True, help="Add an `evidence` field: the deciding signal and every request made.")
def export(db_path, niche, kind, fmt, output, layout, group, since, min_score, include_blocked, evidence):
    """Write the opportunity list: one record per finding (ignored ones never).

    Example: mentionfinder export --niche health --format csv -o opportunities.csv
    """
    store = open_store(db_path)
    try:
        records = selected_records(store, niche, kind, include_blocked, since, min_score, evidence)
        if group == "page":
            fields, rows = GROUP_FIELDS, group_by_page(records)
        elif layout != "generic":
            fields, rows = layout_rows(records, layout)
        else:
            fields, rows = (*export_mod.FIELDS, *(("evidence",) if evidence else ())), records
        if output:
            partial = Path(f"{output}.partial")
            # Write beside the target and rename: a failed export never leaves half a file behind.
            with partial.open("w", encoding="utf-8", newline="") as fh:
                count = export_mod.write(rows, fmt, fh, fields)
            partial.replace(output)
            # On stderr, so a script's stdout stays clean; rows and opportunities differ in some layouts
            # (one row per contact, per page).
            wrote = (
                f"{count} rows ({len(records)} opportunities)" if count != len(records) else f"{count} opportunities"
            )
            click.echo(f"wrote {wrote} to {output}", err=True)
        else:
            export_mod.write(rows, fmt, sys.stdout, fields)
        store.set_status([r["opportunity_id"] for r in records], "exported", automatic=True)
        store.record_export(len(records), " ".join(sys.argv[1:]))
    finally:
        store.close()


@main.command()
@db_option
@click.argument("opportunity_id")
@click.argument("state", type=click.Choice(STATES))
def status(db_path, opportunity_id, state):
    """Set an opportunity's state: new, exported, pushed, contacted, won or ignored.

    Ignored ones are never exported or pushed again. Example: mentionfinder status 35406662833f1644 contacted
    """
    store = open_store(db_path)
    try:
        if not store.known_opportunity(opportunity_id):
            raise click.ClickException(
                f"no opportunity {opportunity_id} in {db_path} — copy an opportunity_id from an export"
            )
        store.set_status([opportunity_id], state)
    finally:
        store.close()
    click.echo(f"{opportunity_id}: {state}")


@main.command()
@db_option
@click.option("--url", required=True, help="The webhook endpoint (http or https).")
@click.option(
    "--secret-env",
    metavar="VAR",
    help="Sign each body with HMAC-SHA256 using the secret in this environment variable (X-Mentionfinder-Signature).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@click.option("--niche", help="Only this niche pack's findings.")
@click.option("--type", "kind", type=click.Choice(TYPES), help="Only this kind of finding.")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=4,
    show_default=True,
    help="Retries per batch on 5xx, timeouts and dropped connections (0.5 s, 1 s, 2 s, … apart).",
)
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=10.0, show_default=True)
def push(db_path, url, secret_env, dry_run, niche, kind, batch_size, retries, timeout):
    """POST opportunities to a webhook as JSON batches; each is delivered once, re-runs send only the rest.

    Example: MF_SECRET=… mentionfinder push --url https://hooks.example.org/mf --secret-env MF_SECRET
    """
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise click.BadParameter(f"'{url}' is not an http(s) URL", param_hint="--url")
    secret = None
    if secret_env:
        secret = os.environ.get(secret_env)
        if not secret:
            raise click.ClickException(
                f"environment variable {secret_env} is not set or empty — export it first "
                "(the secret is read from the environment only)"
            )
    store = open_store(db_path)
    try:
        done = store.delivered(url)
        records = [r for r in selected_records(store, niche, kind) if r["opportunity_id"] not in done]
        batches = [records[i : i + batch_size] for i in range(0, len(records), batch_size)]
        if dry_run:
            click.echo(
                f"would send {len(records)} opportunities in {len(batches)} batch(es) to {url}"
                f"{' (signed)' if secret else ''}; {len(done)} already delivered"
            )
            if batches:
                click.echo(batch_body(batches[0][:2]).decode("utf-8"))
            return
        sent, failed, error = 0, 0, ""
        for batch in batches:
            ids = [r["opportunity_id"] for r in batch]
            result = deliver(url, batch, secret, retries=retries, timeout=timeout)
            store.record_delivery(ids, url, result.ok, result.error)
            if result.ok:
                store.set_status(ids, "pushed", automatic=True)
                sent += len(ids)
            else:
                failed, error = failed + len(ids), result.error
    finally:
        store.close()
    click.echo(f"delivered {sent} opportunities to {url} ({len(done)} delivered before)", err=True)
    if failed:
        raise click.ClickException(
            f"{failed} opportunities not delivered (last error: {error}) — run push again "
            "to retry them; delivered ones are never sent again"
        )


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


@main.command()
@db_option
def match(db_path):
    """Pick the best replacement page of your own site for every finding again, without re-crawling.

    Uses the own pages the last crawl read from your sitemaps. Example: mentionfinder match
    """
    store = open_store(db_path)
    try:
        summary = match_all(store)
    finally:
        store.close()
    click.echo(summary)


@main.command()
@db_option
@click.option(
    "--recompute",
    is_flag=True,
    help="Find the mentions again in the stored page text with the current brand config, then match again.",
)
@config_option("Brand config whose names and domains are looked for (with --recompute)")
def mentions(db_path, recompute, config_path):
    """List the stored brand mentions; with --recompute, find them again first, without re-crawling.

    Every crawled page keeps its visible text, so a new alias or domain in the brand config applies to pages
    crawled before. Example: mentionfinder mentions --recompute
    """
    brand = brand_from(config_path) if recompute else None
    store = open_store(db_path)
    try:
        if brand is not None:
            pages, before, after = recompute_mentions(store, brand)
            click.echo(f"read {pages} pages: {before} → {after} mentions; {match_all(store)}")
            return
        rows = store.stored_mentions()
    finally:
        store.close()
    if not rows:
        click.echo(f"no brand mentions stored in {db_path}")
        return
    click.echo(
        table(
            [(r["page_url"], r["mention_text"], "yes" if r["linked"] else "no", r["context"]) for r in rows],
            ("page_url", "mention_text", "linked", "context"),
            max_width=70,
        )
    )
    pages = len({r["page_url"] for r in rows})
    click.echo(f"\n{len(rows)} mentions on {pages} pages. After a new alias: mentionfinder mentions --recompute")


@main.command()
@db_option
@click.argument("url")
def explain(db_path, url):
    """Show why a link got its verdict: every request, status and redirect, the probe, the deciding signal.

    Example: mentionfinder explain https://old-site.example/guide
    """
    store = open_store(db_path)
    try:
        check = store.check(url) or store.check(url.rstrip("/")) or store.check(url + "/")
    finally:
        store.close()
    if check is None:
        raise click.ClickException(f"{url} was not checked in {db_path} — copy the target_url from an export")
    click.echo(explain_text(check))


@main.command()
@click.argument("file_or_url")
@click.option("--base-url", help="URL the file was saved from (resolves its relative links).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@config_option("Brand config whose names are looked for")
@click.option("--allow-private", is_flag=True, help="Allow fetching a private or loopback address.")
def inspect(file_or_url, base_url, fmt, config_path, allow_private):
    """Show what the tool sees on one page: every link (anchor, rel, placement) and brand mention.

    Example: mentionfinder inspect https://example.org/resources/ --format jsonl
    """
    brand = None
    if Path(config_path).is_file() or config_path != DEFAULT_CONFIG:
        brand = brand_from(config_path)
    else:
        click.echo(f"note: no brand config ({DEFAULT_CONFIG}): brand mentions are not looked for", err=True)
    try:
        html, url = fetch_page(file_or_url, base_url, allow_private=allow_private)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read {file_or_url}: {exc}") from None
    title, rows = page_rows(html, url, brand)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    links = [r for r in rows if r["kind"] == "link"]
    mentions = [r for r in rows if r["kind"] == "mention"]
    click.echo(f"page: {url}\ntitle: {title}\n")
    click.echo(
        table(
            [
                (r["url"], r["anchor_text"], r["rel"], r["placement"], "outbound" if r["outbound"] else "internal")
                for r in links
            ],
            ("url", "anchor_text", "rel", "placement", "kind"),
            max_width=70,
        )
    )
    click.echo(f"\n{len(links)} links, {sum(r['outbound'] for r in links)} outbound\n")
    if brand is not None:
        click.echo(
            table(
                [(r["mention_text"], "yes" if r["linked"] else "no", r["context"]) for r in mentions],
                ("mention_text", "linked", "context"),
                max_width=90,
            )
            if mentions
            else f"no mention of {', '.join(brand.names)}"
        )


@main.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="Keep the demo's database here (default: a temporary file).",
)
def demo(db_path):
    """Serve the bundled sample web on 127.0.0.1, crawl it and print the opportunities (no internet needed).

    Example: mentionfinder demo
    """
    try:
        rows = [export_mod.record(r) for r in demo_mod.run(db_path)]
    except demo_mod.DemoError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\nOpportunities found in the sample web:\n")
    click.echo(
        table(
            [
                (
                    r["type"],
                    r["page_url"],
                    r["target_url"] or r["mention_text"],
                    r["reason"] or "unlinked",
                    r["replacement_url"],
                    r["contact_emails"],
                )
                for r in rows
            ],
            ("type", "page_url", "target_url / mention", "reason", "replacement", "contact"),
            max_width=64,
        )
    )
    keep = f"mentionfinder export --db {db_path} --format csv" if db_path else "mentionfinder demo --db demo.db"
    click.echo(f"\n{len(rows)} opportunities. Next: {keep}")


if __name__ == "__main__":  # pragma: no cover
    main()
