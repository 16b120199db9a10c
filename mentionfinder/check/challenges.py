"""Bot challenges: a checked page's headers, title, text and raw HTML → what marks it as a challenge or captcha wall."""

from __future__ import annotations

import re

from mentionfinder.check.bodytext import THIN_WORDS
from mentionfinder.page.htmltext import collapse

__all__ = ["challenge_marker", "header_challenge"]

# Titles only a challenge or block page has.
_CHALLENGE_TITLE = re.compile(
    r"^(?:just a moment(?:\.\.\.|…)?$|attention required! \| cloudflare|"
    r"access denied \| .* used cloudflare|pardon our interruption|ddos-guard\b|"
    r"sucuri website firewall)"
)
_CHALLENGE_THIN_TITLE = re.compile(
    r"^(?:are you a robot|robot check|security check|human verification|"
    r"verify(?:ing)? you are (?:a )?human|one moment, please)"
)
# In the raw HTML of challenge pages only.
_CHALLENGE_STRONG_HTML = ("_cf_chl_opt", "cf-browser-verification", "/.well-known/sgcaptcha")
# Texts of challenge pages (visible text or raw HTML: Cloudflare's lives in <noscript>).
_CHALLENGE_TEXTS = (
    "checking your browser before accessing",
    "ddos protection by",
    "enable javascript and cookies to continue",
    "incapsula incident id",
    "request unsuccessful. incapsula",
    "verify you are human",
    "verifying you are human",
    "verify you are a human",
    "i'm not a robot",
    "are you a robot",
    "needs to review the security of your connection",
    "performance & security by cloudflare",
    "press & hold to confirm you are",
    "access to this page has been denied",
    "please complete the security check",
)
# Scripts and widgets that normal pages carry as well (Cloudflare's bot detection, a contact-form reCAPTCHA,
# DataDome's tag): a challenge only when the page is thin.
_CHALLENGE_HTML = (
    "/cdn-cgi/challenge-platform",
    "challenges.cloudflare.com",
    "_incapsula_resource",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "recaptcha/api.js",
    "px-captcha",
    "perimeterx",
    "captcha-delivery.com",
    "datadome",
    "awswaf.com",
)
_CAPTCHA_ELEMENT = re.compile(
    r"<(?:form|div|section|iframe)\b[^<>]{0,1000}?(?:^|\s)(?:id|class)\s*=\s*[\"']?"
    r"[^\"'<>]{0,300}?captcha"
)
_CHALLENGE_HEADERS = {"cf-mitigated": ("challenge",), "x-amzn-waf-action": ("challenge", "captcha")}


def header_challenge(headers: dict[str, str]) -> str:
    """The challenge the response headers declare ("" when none); header names lower-cased."""
    for name, values in _CHALLENGE_HEADERS.items():
        if headers.get(name, "") in values:
            return f"header: {name}"
    return ""


def challenge_marker(title: str, visible: str, raw: str, words: int) -> str:
    """What marks the page as a bot challenge or captcha wall ("" when nothing does)."""
    m = _CHALLENGE_TITLE.search(title)
    if m:
        return f"title: {m.group(0)}"
    for marker in _CHALLENGE_STRONG_HTML:
        if marker in raw:
            return f"html: {marker}"
    if words >= THIN_WORDS:
        # A full page that carries a captcha widget or a bot-detection script is still the page.
        return ""
    m = _CHALLENGE_THIN_TITLE.search(title)
    if m:
        return f"title: {m.group(0)}"
    flat = collapse(raw)
    for phrase in _CHALLENGE_TEXTS:
        if phrase in visible or phrase in flat:
            return f"text: {phrase}"
    for marker in _CHALLENGE_HTML:
        if marker in raw:
            return f"html: {marker}"
    if _CAPTCHA_ELEMENT.search(raw):
        return "html: captcha element"
    return ""
