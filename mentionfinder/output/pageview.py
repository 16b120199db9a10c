"""`mentionfinder inspect`: read one page (file or URL) and list what the crawl would see on it."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from mentionfinder import USER_AGENT
from mentionfinder.config import Brand
from mentionfinder.netguard import is_public
from mentionfinder.page.analysis import analyse

MAX_BYTES = 10 * 1024 * 1024


def fetch_page(
    target: str, base_url: str | None = None, *, allow_private: bool = False, timeout: float = 20.0
) -> tuple[bytes, str]:
    """A saved file or an http(s) URL → (HTML bytes, the URL its links are relative to)."""
    path = Path(target).expanduser()
    if path.is_file():
        return path.read_bytes()[:MAX_BYTES], base_url or path.resolve().as_uri()
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not a file, nor an http(s) URL")
    if not allow_private:
        for info in socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP):
            if not is_public(info[4][0]):
                raise ValueError(f"{parts.hostname} is a private or loopback address (use --allow-private)")
    request = urllib.request.Request(target, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read(MAX_BYTES), base_url or response.geturl()


def page_rows(html: bytes, url: str, brand: Brand | None) -> tuple[str, list[dict]]:
    """The page's title and one row per link (`kind: link`) and per brand mention (`kind: mention`)."""
    seen = analyse(
        html,
        url,
        brand_names=brand.names if brand else (),
        brand_domains=brand.domains if brand else frozenset(),
        case_sensitive=brand.case_sensitive if brand else False,
        exclude=brand.exclude if brand else (),
    )
    outbound = {id(link) for link in seen.outbound}
    rows = [
        {
            "kind": "link",
            "url": link.url,
            "anchor_text": link.anchor_text,
            "rel": " ".join(link.rel),
            "placement": link.placement,
            "outbound": id(link) in outbound,
            "image": link.image,
            "context": link.context,
        }
        for link in seen.page.links
    ]
    rows += [
        {
            "kind": "mention",
            "mention_text": m.mention_text,
            "linked": seen.links_to_brand,
            "linked_via": seen.linked_via,
            "context": m.context,
        }
        for m in seen.mentions
    ]
    return seen.page.title, rows
