"""One page, fully judged: HTML → outbound and internal links, brand mentions, resource-page status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mentionfinder.domains import url_domain
from mentionfinder.page.extract import Link, Page, parse_page
from mentionfinder.page.footprints import is_resource_page
from mentionfinder.page.mentions import Mention, linked_via, page_mentions


@dataclass(frozen=True)
class PageAnalysis:
    page: Page
    domain: str
    is_resource: bool
    outbound: tuple[Link, ...]
    internal: tuple[Link, ...]
    mentions: tuple[Mention, ...]
    linked_via: str  # how the page links to the brand: "direct", "wrapper" or "" (not at all)
    brand_own_page: bool

    @property
    def links_to_brand(self) -> bool:
        return bool(self.linked_via)

    @property
    def unlinked_mention(self) -> bool:
        """Names the brand, links to none of its domains, and is not the brand's own page."""
        return bool(self.mentions) and not self.links_to_brand and not self.brand_own_page


def analyse(
    html: str | bytes,
    url: str,
    *,
    brand_names: Sequence[str] = (),
    brand_domains: frozenset[str] = frozenset(),
    footprints: Sequence[str] = (),
    case_sensitive: bool = False,
    exclude: Sequence[str] = (),
) -> PageAnalysis:
    """Everything the crawl decides about one page, without fetching anything."""
    page = parse_page(html, url)
    # A saved file (file:// URL) has no site of its own: its <base href>, if any, says where it came from.
    domain = url_domain(page.url) or url_domain(page.base_url)
    outbound, internal = [], []
    for link in page.links:
        # Internal means the page's own registrable domain, any subdomain (a.example.co.uk ~ b.example.co.uk).
        (internal if url_domain(link.url) == domain else outbound).append(link)
    mentions = page_mentions(
        domain, page.text_blocks, brand_names, brand_domains, case_sensitive=case_sensitive, exclude=exclude
    )
    return PageAnalysis(
        page=page,
        domain=domain,
        is_resource=is_resource_page(page.url, page.title, page.h1, footprints),
        outbound=tuple(outbound),
        internal=tuple(internal),
        mentions=mentions,
        linked_via=linked_via((link.url for link in page.links), brand_domains),
        brand_own_page=domain in brand_domains,
    )
