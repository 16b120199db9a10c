"""Options and helpers the `mentionfinder` commands share: the database, the brand config, --since."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from mentionfinder.config import DEFAULT_CONFIG, DEFAULT_DB, Brand, ConfigError, load_brand
from mentionfinder.store import Store, iso_utc


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
