"""The `mentionfinder` command: a click group; its commands live in the modules of this package."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentionfinder")
def main():
    """Find dead outbound links and unlinked brand mentions on a niche's resource pages.

    Crawl with `scrapy crawl resources -a niche=health`, then export the opportunities.
    """


# Registered on `main` when imported (after it exists): the commands, by what they serve.
from mentionfinder.cli import findings, outreach, scaleout  # noqa: E402, F401
