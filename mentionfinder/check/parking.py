"""Parked domains: a checked page's title, text and raw HTML → what marks it as parked or for sale, if anything."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from mentionfinder.check.bodytext import THIN_WORDS
from mentionfinder.domains import registrable_domain

__all__ = ["PARKED_MAX_WORDS", "PARKING_DOMAINS", "PARKING_HOSTS", "is_parking_host", "parked_marker"]

# Parking landers render their ads with scripts: the HTML itself carries almost no text.
PARKED_MAX_WORDS = 300
# Parking services and domain marketplaces (registrable domains; any subdomain matches).
PARKING_DOMAINS = frozenset(
    {
        "sedoparking.com",
        "sedo.com",
        "bodis.com",
        "parkingcrew.net",
        "above.com",
        "dan.com",
        "afternic.com",
        "hugedomains.com",
        "undeveloped.com",
        "domainmarket.com",
        "buydomains.com",
        "parklogic.com",
        "parked.com",
        "skenzo.com",
        "voodoo.com",
        "uniregistry.com",
        "domainnamesales.com",
        "trafficparking.com",
    }
)
# Parking hosts of services whose other hosts are ordinary sites.
PARKING_HOSTS = ("parkingpage.namecheap.com",)
_PARKING_HOST_WORDS = ("sedoparking", "parkingcrew", "trafficparking")
# Pieces of a script/frame/stylesheet URL that only parking landers load.
_PARKED_URL_MARKERS = (
    "adsense/domains/caf.js",
    "img1.wsimg.com/parking-lander",
    "parking.godaddy",
    "sedoparking",
    "parkingcrew",
    "trafficparking",
)
# The page speaks of itself: "this domain is for sale".
_PARKED_PHRASES = re.compile(
    "|".join(
        (
            r"this domain (?:name )?(?:is|may be|might be) for sale",
            r"buy this domain",
            r"domain (?:name )?is parked",
            r"parked free",
            r"courtesy of godaddy",
            r"inquire about this domain",
            r"make an offer on this domain",
            r"this domain (?:name )?is available for purchase",
        )
    )
)
# A named domain for sale counts only when it is the page's own: a domain-news brief says "x.com is for sale" too.
_NAMED_DOMAIN_PHRASE = re.compile(
    r"(?:the domain (?:name )?)?\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})"
    r" (?:is|may be|might be) (?:for sale|available for purchase)"
)
# Ordinary thin pages (a search page, an ad block) have these too: they count on a thin page only, and only
# next to one another or under a title that is the bare domain name, as on a parking lander.
_PARKED_WEAK_PHRASES = re.compile(
    r"related searches|sponsored listings|domain (?:name )?for sale|"
    r"this domain (?:name )?has been registered"
)
_DOMAIN_TITLE = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+$")
# A script that sends the browser on: `location.href = "https://www.hugedomains.com/..."`.
_SCRIPT_REDIRECT = re.compile(
    r"location(?:\.href)?\s*=\s*[\"']https?://([a-z0-9.-]{1,253})|"
    r"location\.(?:replace|assign)\(\s*[\"']https?://([a-z0-9.-]{1,253})"
)
_RESOURCE_TAG = re.compile(r"<(script|iframe|frame|embed|link|img|a|meta)\b([^<>]{0,3000})", re.I)
_URL_ATTR = re.compile(r"(?:^|\s)(?:src|href|data-src)\s*=\s*[\"']?([^\"'\s]{1,2000})")
_REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?refresh")
_REFRESH_URL = re.compile(r"url\s*=\s*[\"']?([^\"'\s;]{1,2000})")
# Tags whose URL a page loads or follows by itself; a page may link to or show an image from anywhere.
_PARKED_RESOURCE_TAGS = ("script", "iframe", "frame", "embed", "meta-refresh")


def is_parking_host(host: str) -> bool:
    """True for a host (any subdomain) of a domain-parking service or a domain marketplace."""
    host = (host or "").strip().lower().rstrip(".")
    if ":" in host and not host.startswith("["):
        host = host.split(":", 1)[0]
    if not host:
        return False
    if any(word in host for word in _PARKING_HOST_WORDS):
        return True
    return _on_parking_host(host) or _registrable(host) in PARKING_DOMAINS


def _resources(raw: str) -> list[tuple[str, str]]:
    """(tag, URL) of the scripts, frames, stylesheets, images, links and meta refreshes of the raw HTML."""
    found = []
    for m in _RESOURCE_TAG.finditer(raw):
        tag, attrs = m.group(1), m.group(2)
        if tag == "meta":
            url = _REFRESH_URL.search(attrs) if _REFRESH.search(attrs) else None
            if url:
                found.append(("meta-refresh", url.group(1)))
            continue
        url = _URL_ATTR.search(attrs)
        if url:
            found.append((tag, url.group(1)))
    return found


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""


def parked_marker(title: str, visible: str, raw: str, words: int, url: str) -> str:
    """What marks the page as a parked or for-sale domain ("" when nothing does)."""
    if words >= PARKED_MAX_WORDS:
        return ""
    own_host = _host(url)
    if own_host and is_parking_host(own_host):
        # The marketplace's own site (a link to sedo.com is a link to Sedo): the caller judges a redirect there.
        return ""
    for tag, src in _resources(raw):
        if tag not in _PARKED_RESOURCE_TAGS and not (tag == "link" and words < THIN_WORDS):
            continue
        host = _host(src if "//" in src else "")
        if host and is_parking_host(host):
            return f"{tag}: {_service(host)}"
        for marker in _PARKED_URL_MARKERS:
            if marker in src:
                return f"{tag}: {marker}"
    for text in (title, visible):
        m = _PARKED_PHRASES.search(text)
        if m:
            return f"phrase: {m.group(0)}"
        for m in _NAMED_DOMAIN_PHRASE.finditer(text):
            if not own_host or _same_domain(m.group(1), own_host):
                return f"phrase: {m.group(0)}"
    if words < THIN_WORDS:
        weak = {m.group(0) for m in _PARKED_WEAK_PHRASES.finditer(f"{title} | {visible}")}
        if weak and (len(weak) > 1 or _DOMAIN_TITLE.match(title) or not title):
            return f"phrase: {sorted(weak)[0]}"
        for m in _SCRIPT_REDIRECT.finditer(raw[:200_000]):
            host = m.group(1) or m.group(2)
            if is_parking_host(host):
                return f"script redirect: {_service(host)}"
    return ""


def _same_domain(a: str, b: str) -> bool:
    try:
        return registrable_domain(a) == registrable_domain(b)
    except Exception:
        return False


def _service(host: str) -> str:
    return host if _on_parking_host(host) else (_registrable(host) or host)


def _on_parking_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in PARKING_HOSTS)


def _registrable(host: str) -> str:
    """The host's registrable domain; "" when it cannot be told."""
    try:
        return registrable_domain(host)
    except Exception:
        return ""
