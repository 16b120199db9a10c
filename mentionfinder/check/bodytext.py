"""Checked-page text: a body sample → its decoded text, folded the one way every page clue compares it."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

from mentionfinder.page.htmltext import collapse

__all__ = ["APOSTROPHES", "MAX_BODY", "SHELL_WORDS", "THIN_WORDS", "decode", "normalize"]

MAX_BODY = 1_000_000  # bytes (or characters) of a body looked at: every marker sits near the top
# Fewer visible words than this: a bot wall, a parking lander or an app shell, not an article.
# Markers that a normal page can carry too (a reCAPTCHA on a contact form, Cloudflare's bot-detection
# script, a blog post quoting "buy this domain") only count on a page this thin.
THIN_WORDS = 150
# Fewer visible words: an empty page or a script's mount point, whatever else it has. Nothing it says tells
# a real page from a missing one.
SHELL_WORDS = 10
# Typographic apostrophes and no-break spaces, as the phrases are written: "can't", "we're".
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "\u00a0": " "})


def decode(body: bytes | str, content_type: str | None) -> str:
    """The body as text: BOM, then the Content-Type charset, then <meta charset>, then UTF-8."""
    if isinstance(body, str):
        return body[:MAX_BODY]
    if not isinstance(body, (bytes, bytearray)):
        return ""
    sample = bytes(body[:MAX_BODY])
    try:
        encoding, text = html_to_unicode(content_type, sample)
    except Exception:
        return sample.decode("utf-8", "replace")
    if encoding.replace("-", "").startswith(("utf16", "utf32")) and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A <meta> claiming UTF-16 in a byte-oriented page is wrong by definition (browsers ignore it too).
        return sample.decode("utf-8", "replace")
    return text


def normalize(text: str) -> str:
    """Apostrophes and spaces folded, white space collapsed, lower-cased: the form the clues are compared in."""
    return collapse(text.translate(APOSTROPHES)).lower()
