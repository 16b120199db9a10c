"""`mentionfinder match`, `mentions`, `explain`, `inspect` and `demo`: look at and rework what was found."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mentionfinder.cli import main
from mentionfinder.cli.options import brand_from, config_option, db_option, open_store
from mentionfinder.config import DEFAULT_CONFIG
from mentionfinder.demo import run as demo_mod
from mentionfinder.output import export as export_mod
from mentionfinder.output.pageview import fetch_page, page_rows
from mentionfinder.output.tables import explain_text, table
from mentionfinder.ownsite.replacements import match_all
from mentionfinder.page.recompute import recompute_mentions


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
