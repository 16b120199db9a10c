"""Page signals: a checked page's body sample → the clues a verdict needs (error phrases, parking, bot challenges).

The clues themselves are read in notfound (soft 404s), errorpages (stock server and framework error pages),
parking (parked and for-sale domains), placeholders (default-server and host placeholder pages) and
challenges (bot walls); this module reads the body once for them all and compares pages (shingles,
similarity). A thin page is read a second time, for its headings and text blocks: it is judged by what
it says before anyone compares it with another page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from mentionfinder.check.bodytext import APOSTROPHES, SHELL_WORDS, THIN_WORDS, decode, normalize
from mentionfinder.check.challenges import challenge_marker, header_challenge
from mentionfinder.check.errorpages import error_page_statement
from mentionfinder.check.notfound import error_phrase
from mentionfinder.check.parking import parked_marker
from mentionfinder.check.placeholders import placeholder_marker
from mentionfinder.page.extract import Page, parse_page
from mentionfinder.page.htmltext import collapse, parse_html, text_blocks

MAX_SHINGLE_WORDS = 2000  # words of visible text hashed into shingles
SHINGLE = 4  # words per shingle
# What a page that renders itself in the browser ships instead of its content.
_SHELL_MARKERS = re.compile(
    r"<(?:div|main|section|body)\b[^<>]{0,300}?\bid\s*=\s*[\"']?(?:root|app|__next|___gatsby|__nuxt|q-app|svelte|"
    r"application|react-root|ember-app|main-app|app-root)[\"'\s>]|<app-root\b|\bng-version=|\bdata-reactroot\b|"
    r"\b(?:enable|turn on|activate) javascript\b|\bjavascript (?:is )?(?:required|disabled)\b|"
    r"\b(?:requires|needs) javascript\b|\bloading(?:…|\.\.\.)"
)


@dataclass(frozen=True)
class PageSignals:
    """What a checked page's body says about it; markers are short descriptions, "" when absent."""

    title: str = ""
    h1: str = ""  # first h1, collapsed
    words: int = 0  # words of visible text
    error_phrase: str = ""  # the "not found" statement of the title or h1
    parked_marker: str = ""  # what marks a parked / for-sale domain
    challenge_marker: str = ""  # what marks a bot challenge / captcha page
    app_shell: bool = False  # a near-empty page that a script fills in: nothing in it tells real from missing
    tokens: tuple[str, ...] = field(default=(), repr=False, compare=False)  # first 2000 words, lower-cased

    @cached_property
    def shingles(self) -> frozenset[int]:
        """Hashes of the word 4-grams: computed when a comparison needs them, which is rare (a site whose
        random paths answer 200), so most checks never pay for hashing."""
        return _shingles(list(self.tokens))


def page_signals(body: bytes | str, url: str = "", headers: dict[str, str] | None = None) -> PageSignals:
    """A page body (and its headers) → its signals; any input, however broken, gives an answer."""
    headers = {str(k).lower(): str(v).strip().lower() for k, v in (headers or {}).items()}
    header_marker = header_challenge(headers)
    text = decode(body, headers.get("content-type"))
    page = _parse(text, url)
    raw = text.translate(APOSTROPHES).lower()
    visible = normalize(" ".join(page.text_blocks))
    tokens = re.findall(r"\w+", visible)
    words = len(visible.split())
    title = page.title
    h1 = page.h1[0] if page.h1 else ""
    headings, blocks = _structure(text) if words < THIN_WORDS else ((), ())
    error = error_phrase(title) or error_phrase(h1)
    if not error and words < THIN_WORDS:
        error = error_page_statement(headings, blocks, visible)
    return PageSignals(
        title=title,
        h1=h1,
        words=words,
        tokens=tuple(tokens[:MAX_SHINGLE_WORDS]),
        error_phrase=error,
        parked_marker=parked_marker(normalize(title), visible, raw, words, url)
        or placeholder_marker(title, headings, blocks, visible, words),
        challenge_marker=header_marker or challenge_marker(normalize(title), visible, raw, words),
        app_shell=words < SHELL_WORDS or (words < THIN_WORDS and _SHELL_MARKERS.search(raw) is not None),
    )


def _structure(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A thin page's headings (h1–h3, in order) and visible text blocks; the flat pass keeps neither."""
    try:
        root = parse_html(text)
    except Exception:
        root = None
    if root is None:
        return (), ()
    headings = []
    for el in root.iter("h1", "h2", "h3"):
        heading = collapse(" ".join(text_blocks(el, 1000)[0]))
        if heading:
            headings.append(heading)
        if len(headings) >= 12:
            break
    return tuple(headings), tuple(text_blocks(root, 20_000)[0])


def similarity(a: PageSignals, b: PageSignals) -> float:
    """Jaccard similarity of two pages' shingles; text-less pages are alike only by an equal, non-empty title."""
    if not a.shingles or not b.shingles:
        if a.shingles or b.shingles:
            return 0.0
        return 1.0 if a.title and a.title == b.title else 0.0
    return len(a.shingles & b.shingles) / len(a.shingles | b.shingles)


def _parse(body: bytes | str, url: str) -> Page:
    try:
        # Links are not needed, nor block boundaries: the fast flat-text pass is enough here.
        return parse_page(body, url, max_links=0, blocks=False)
    except Exception:
        return Page(url=url, base_url=url)


def _shingles(tokens: list[str]) -> frozenset[int]:
    if not tokens:
        return frozenset()
    if len(tokens) < SHINGLE:
        grams = [" ".join(tokens)]
    else:
        grams = [" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]
    # A stable hash (not hash()): shingles mean the same in every process.
    return frozenset(
        int.from_bytes(hashlib.blake2b(g.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
        for g in grams
    )
