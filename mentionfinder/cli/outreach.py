"""`mentionfinder export`, `status` and `push`: opportunities out to files, states and a webhook."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from mentionfinder.cli import main
from mentionfinder.cli.options import db_option, open_store, resolve_since, since_option
from mentionfinder.output import export as export_mod
from mentionfinder.output.layouts import GROUP_FIELDS, LAYOUTS, group_by_page
from mentionfinder.output.layouts import layout as layout_rows
from mentionfinder.output.webhook import batch_body, deliver
from mentionfinder.store import STATES, TYPES, Store


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
