"""Host names → registrable domains (public-suffix aware, offline)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from tldextract import TLDExtract

# Bundled suffix list only: a default TLDExtract fetches the list at run time and can hang on a
# silent server; a link checker must give the same answer offline as online.
# Private suffixes (blogspot.com, github.io) are on, so two blogs on one platform are two sites.
# The reserved TLDs (RFC 2606/6761) act as suffixes so staging and test webs group like real ones.
RESERVED_SUFFIXES = ("test", "example", "invalid", "localhost")
_extract = TLDExtract(
    suffix_list_urls=(),
    cache_dir=None,
    include_psl_private_domains=True,
    extra_suffixes=RESERVED_SUFFIXES,
)


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """`a.b.example.co.uk` → `example.co.uk`; hosts without a public suffix are returned as they are."""
    host = host.strip().lower().rstrip(".")
    if not host:
        return ""
    parts = _extract(host)
    return parts.top_domain_under_public_suffix or host


def is_public_suffix(host: str) -> bool:
    """True for a host that is itself a public suffix (`co.uk`, `github.io`): no site has it as its domain."""
    parts = _extract(host.strip().lower().rstrip("."))
    return bool(parts.suffix) and not parts.domain


def url_domain(url: str) -> str:
    """The registrable domain of a URL's host ("" when the URL has none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return registrable_domain(host)
