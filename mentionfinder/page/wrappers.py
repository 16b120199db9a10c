"""Redirect wrappers (pure): a link's URL → the URLs it carries in its query (affiliate, tracking and exit links).

`https://go.skimresources.com/?id=1&url=https%3A%2F%2Fwww.acme.test%2Fguides%2F` links to acme.test as surely
as a plain link does: a reader who clicks it lands there. No list of wrapper services is needed: whatever
the parameter is called (`url`, `u`, `to`, `q`, `dest`, `redirect`, …), a query value that is itself an
absolute web address is where the link leads. The same holds for a query that is nothing but an address
(`https://href.li/?https://www.acme.test/`), and for wrappers inside wrappers.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

MAX_NESTING = 3  # wrappers inside wrappers followed this deep
MAX_UNQUOTE = 3  # percent-encoding undone at most this many times (double-encoded values are common)
_WEB = ("http://", "https://", "//")


def embedded_urls(url: str) -> list[str]:
    """The web addresses carried in `url`'s query (and in theirs), outermost first; [] for a plain link."""
    found: list[str] = []
    pending = [(url, 0)]
    while pending:
        current, depth = pending.pop(0)
        if depth >= MAX_NESTING:
            continue
        for candidate in _query_addresses(current):
            if candidate not in found:
                found.append(candidate)
                pending.append((candidate, depth + 1))
    return found


def _query_addresses(url: str) -> list[str]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    # Some wrappers put the target after a "#" instead of in the query (single-page exit links).
    raw_parts = [p for p in (parts.query, parts.fragment) if p]
    addresses = []
    for raw in raw_parts:
        values = [raw] + [value for _, value in parse_qsl(raw, keep_blank_values=False)]
        for value in values:
            address = _as_address(value)
            if address:
                addresses.append(address)
    return addresses


def _as_address(value: str) -> str:
    """The absolute web address a query value spells, percent-encoded or plain; "" when it spells none."""
    text = value.strip()
    for _ in range(MAX_UNQUOTE + 1):
        if text.lower().startswith(_WEB):
            address = "https:" + text if text.startswith("//") else text
            try:
                host = urlsplit(address).hostname
            except ValueError:
                return ""
            return address if host and "." in host else ""
        decoded = unquote(text)
        if decoded == text:
            return ""
        text = decoded.strip()
    return ""
