"""Items the spider hands to the pipeline: one per crawled page, one per finished link check."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    """A crawled page: where the crawl found it, what it is, and the links, mentions and addresses on it."""

    url: str
    niche: str
    domain: str
    seed: str
    depth: int
    status: int | None = None
    error: str = ""
    title: str = ""
    h1: str = ""
    is_resource: bool = False
    yields_findings: bool = False
    links_to_brand: bool = False
    linked_via: str = ""  # "direct" or "wrapper" when the page links to the brand
    links_seen: int = 0
    text_blocks: list[str] = field(default_factory=list)
    # Outbound link occurrences: dicts with target_url, anchor_text, rel, placement, context, image.
    links: list[dict] = field(default_factory=list)
    # Brand mentions: dicts with mention_text, context.
    mentions: list[dict] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)  # contact addresses found on the page itself


@dataclass
class CheckItem:
    """A finished link check: what was decided about the URL, then the evidence it was decided on."""

    url: str
    verdict: str
    reason: str
    signal: str
    failure_kind: str = ""  # a transient failure ("timeout", "server_error", "tls"): continues a streak
    held_reason: str = ""  # dead reason held back until the network is shown to work
    http_status: int | None = None
    final_url: str = ""
    redirect_chain: list[str] = field(default_factory=list)
    error: str = ""
    attempts: list[dict] = field(default_factory=list)
    probe: dict | None = None  # the random-path probe of the same site, when one was needed


@dataclass
class ContactItem:
    """A site's contact page (fetched once per site during the crawl) and the addresses on it."""

    domain: str
    url: str
    emails: list[str] = field(default_factory=list)


@dataclass
class OwnPageItem:
    """One of the user's own pages: listed in a sitemap, and once fetched, what it is about."""

    url: str
    sitemap: str = ""
    lastmod: str = ""
    fetched: bool = False
    status: int | None = None
    title: str = ""
    h1: str = ""
    description: str = ""
