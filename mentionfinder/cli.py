"""The `mentionfinder` command: export opportunities, inspect one page, run the offline demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mentionfinder import demo as demo_mod
from mentionfinder import export as export_mod
from mentionfinder.config import DEFAULT_CONFIG, ConfigError, load_brand
from mentionfinder.pageview import fetch_page, page_rows
from mentionfinder.report import explain_text, table
from mentionfinder.store import TYPES, Store

DEFAULT_DB = "data/mentionfinder.db"


def db_option(func):
    return click.option(
        "--db", "db_path", envvar="MENTIONFINDER_DB", default=DEFAULT_DB, show_default=True,
        type=click.Path(dir_okay=False), help="SQLite database (env MENTIONFINDER_DB).")(func)


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


@main.command()
@db_option
@click.option("--niche", help="Only this niche pack's findings.")
@click.option("--type", "kind", type=click.Choice(TYPES), help="Only this kind of finding.")
@click.option("--format", "fmt", type=click.Choice(export_mod.FORMATS), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option("--include-blocked", is_flag=True, help="Also list links behind bot walls and rate limits (403, 429, …).")
@click.option("--evidence", is_flag=True, help="Add an `evidence` field: the deciding signal and every request made.")
def export(db_path, niche, kind, fmt, output, include_blocked, evidence):
    """Write the opportunity list: one record per finding.

    Example: mentionfinder export --niche health --format csv -o opportunities.csv
    """
    store = open_store(db_path)
    try:
        records = (export_mod.record(r, evidence) for r in store.opportunities(niche, kind, include_blocked))
        if output:
            partial = Path(f"{output}.partial")
            # Write beside the target and rename: a failed export never leaves half a file behind.
            with partial.open("w", encoding="utf-8", newline="") as fh:
                count = export_mod.write(records, fmt, fh, evidence)
            partial.replace(output)
            click.echo(f"wrote {count} opportunities to {output}", err=True)
        else:
            export_mod.write(records, fmt, sys.stdout, evidence)
    finally:
        store.close()


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
@click.option("--config", "config_path", envvar="MENTIONFINDER_CONFIG", default=DEFAULT_CONFIG, show_default=True,
              help="Brand config whose names are looked for (env MENTIONFINDER_CONFIG).")
@click.option("--allow-private", is_flag=True, help="Allow fetching a private or loopback address.")
def inspect(file_or_url, base_url, fmt, config_path, allow_private):
    """Show what the tool sees on one page: every link (anchor, rel, placement) and brand mention.

    Example: mentionfinder inspect https://example.org/resources/ --format jsonl
    """
    brand = None
    if Path(config_path).is_file() or config_path != DEFAULT_CONFIG:
        try:
            brand = load_brand(config_path)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
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
    click.echo(table([(r["url"], r["anchor_text"], r["rel"], r["placement"], "outbound" if r["outbound"] else "internal")
                      for r in links], ("url", "anchor_text", "rel", "placement", "kind"), max_width=70))
    click.echo(f"\n{len(links)} links, {sum(r['outbound'] for r in links)} outbound\n")
    if brand is not None:
        click.echo(table([(r["mention_text"], "yes" if r["linked"] else "no", r["context"]) for r in mentions],
                         ("mention_text", "linked", "context"), max_width=90) if mentions
                   else f"no mention of {', '.join(brand.names)}")


@main.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Keep the demo's database here (default: a temporary file).")
def demo(db_path):
    """Serve the bundled sample web on 127.0.0.1, crawl it and print the opportunities (no internet needed).

    Example: mentionfinder demo
    """
    try:
        rows = [export_mod.record(r) for r in demo_mod.run(db_path)]
    except demo_mod.DemoError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\nOpportunities found in the sample web:\n")
    click.echo(table([(r["type"], r["page_url"], r["target_url"] or r["mention_text"], r["reason"] or "unlinked")
                      for r in rows], ("type", "page_url", "target_url / mention", "reason"), max_width=64))
    keep = f"mentionfinder export --db {db_path} --format csv" if db_path else "mentionfinder demo --db demo.db"
    click.echo(f"\n{len(rows)} opportunities. Next: {keep}")


if __name__ == "__main__":  # pragma: no cover
    main()
