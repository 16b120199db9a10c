"""Host placeholders: a thin page's title, headings and text → what marks it as a page standing where no site is.

A web server's default page ("It works!", "Welcome to nginx!", IIS's start page, a distribution's test
page), a hosting platform's answer for a domain it has no site for ("unknown domain", "Domain Not Claimed",
"There isn't a GitHub Pages site here", "no such app"), a suspended hosting account or domain, a domain
held in reserve: the domain answers, but nothing the link pointed at is behind it. Judged like a parked
domain. The sentences these pages say of themselves count on a page under PLACEHOLDER_MAX_WORDS, a bare
heading or title ("It works!", "Account Suspended") only on a thin one (bodytext.THIN_WORDS): a real site's
article about nginx's default page quotes it at length.
"""

from __future__ import annotations

import re

from mentionfinder.check.bodytext import THIN_WORDS
from mentionfinder.page.htmltext import collapse

__all__ = ["PLACEHOLDER_MAX_WORDS", "placeholder_marker"]

# Distribution test pages explain themselves at length (Red Hat's: ~240 words); an article is longer.
PLACEHOLDER_MAX_WORDS = 300
SEGMENT_MAX_WORDS = 8  # a title part, heading or block at most this long may be nothing but the statement
_SEP = re.compile(r"\s*\|\s*|\s+[-–—·•:]\s+|:\s+")
_EDGE = " \t\"'“”«».!¡…,;*#~-–—:()[]"
# Whole segments: the title part, heading or short block is nothing but this.
_WHOLE = re.compile(
    "|".join(
        (
            r"it works|apache2? (?:\w+ )?default page(?: it works)?|(?:\w+ )?default (?:web ?site |web |welcome |"
            r"index |home )?page|web server'?s default page|welcome to (?:nginx|openresty|tengine|lighttpd|caddy|"
            r"xampp)(?: on [\w ]{1,30})?|iis windows(?: server)?|iis ?\d+(?:\.\d+)?|internet information services|"
            r"congratulations! your (?:web ?)?(?:server|site) is (?:working|ready)|caddy works",
            r"(?:error:? )?unknown domain(?: \S+)?|domain (?:is )?not (?:claimed|configured|connected|set up|found)|"
            r"(?:web ?)?site not configured|no such app|no such bucket|deployment not found|"
            r"(?:store|shop) (?:is )?(?:currently )?unavailable",
            r"(?:hosting |web ?site |user )?account (?:has been |is )?(?:suspended|disabled|deactivated)|"
            r"(?:web ?)?site (?:has been |is )?(?:suspended|disabled|deactivated)|domain (?:has been |is )?suspended|"
            r"domain (?:name )?(?:is )?reserved|reserved domain",
            r"(?:registrant )?whois (?:contact )?(?:information )?verification|domain (?:name )?verification required",
            # the same, in other languages
            r"cuenta suspendida|compte suspendu|konto gesperrt|account (?:gesperrt|sospeso|opgeschort)|"
            r"conta suspensa|konto zawieszone|аккаунт (?:заблокирован|приостановлен)|hesap askıya alındı|"
            r"dominio reservado|domaine réservé|domain reserviert|dominio riservato|"
            r"página (?:por defecto|predeterminada)|page par défaut|standardseite|pagina predefinita",
        )
    )
)
# Whole titles only a default page has: they count whatever the page's length (Debian's Apache page explains
# itself in ~500 words). Whole: "Welcome to nginx: a beginner's guide" is an article.
_DEFAULT_TITLE = re.compile(
    r"apache2? (?:\w+ )?default page(?:: it works)?|test page for the [\w-]+(?: http)? server(?: on [\w ]{1,40})?|"
    r"welcome to (?:nginx|openresty|tengine|lighttpd|xampp)(?: on [\w ]{1,40})?|iis windows server"
)
# Sentences these pages say of themselves, anywhere in the thin text (lower case).
_STATEMENTS = re.compile(
    "|".join(
        (
            # default pages of web servers and distributions
            r"if you (?:can )?(?:see|read) this page,? (?:it means that )?the (?:[\w-]+ ){0,4}(?:web|http) "
            r"(?:server|platform)",
            r"this page is used to test the (?:proper|correct) operation of",
            r"\btest page for the [\w-]+(?: http)? server\b",
            r"default (?:welcome )?page used to test the correct operation",
            r"if you're seeing this(?: page)?[^.]{0,40}?,? (?:it means )?you've (?:successfully )?"
            r"(?:installed|set ?up)",
            r"the install worked successfully|you have not configured any urls",
            r"this is (?:a|the) (?:default|placeholder) (?:web )?page (?:installed|of|for)",
            r"the web server software is running but no content has been added",
            r"future home of something quite cool",
            # hosting platforms with no site for the domain
            r"please check that this domain has been added to a service",
            r"custom domain has not been configured",
            r"there (?:isn't|is not|is no) (?:a |an )?[\w.-]+(?: [\w.-]+)? (?:site|app) (?:here|at this address)",
            r"no (?:web ?)?site (?:is )?configured (?:at|for) this (?:address|domain)",
            r"this domain (?:name )?(?:is not|has not been|isn't) (?:yet )?(?:configured|connected|linked|set up)",
            r"your (?:[\w-]+ ){0,3}(?:function app|app service app|web app|app|application) is up and running",
            r"this (?:shop|store) is (?:currently )?unavailable",
            r"the authors? (?:have|has) deleted this (?:site|blog)",
            # suspended accounts and domains, reserved domains
            r"this (?:hosting )?account has been (?:suspended|disabled|deactivated)",
            r"this (?:web ?site|site|domain(?: name)?) has been (?:suspended|disabled|deactivated)",
            r"this domain (?:name )?(?:is|has been) reserved",
            r"esta cuenta ha sido suspendida|ce compte a été suspendu|dieses konto wurde gesperrt|"
            r"questo account è stato sospeso|dit account is opgeschort|esta conta foi suspensa|"
            r"konto zostało zawieszone",
        )
    )
)


def placeholder_marker(title: str, headings: tuple[str, ...], blocks: tuple[str, ...], visible: str, words: int) -> str:
    """What marks the page as a host placeholder ("" when nothing does); `visible` normalized (lower case)."""
    m = _DEFAULT_TITLE.fullmatch(collapse(title).lower().strip(_EDGE))
    if m:
        return f"placeholder: {m.group(0)}"
    if words >= PLACEHOLDER_MAX_WORDS:
        return ""
    if words < THIN_WORDS:
        # A title is parts ("Squarespace - Domain Not Claimed"); a heading or block counts only whole: a
        # sentence quoting "Welcome to nginx!" after a colon is about the page, not the page.
        for segment in [*_segments(title, split=True), *(s for t in (*headings, *blocks[:40]) for s in _segments(t))]:
            if _WHOLE.fullmatch(segment):
                return f"placeholder: {segment}"
    for text in (collapse(title).lower(), visible):
        m = _STATEMENTS.search(text)
        if m:
            return f"placeholder: {m.group(0)}"
    return ""


def _segments(text: str, split: bool = False) -> list[str]:
    text = collapse(text).lower()
    if not text or len(text.split()) > 3 * SEGMENT_MAX_WORDS:
        return []
    parts = [text, *_SEP.split(text)] if split else [text]
    return [p.strip(_EDGE) for p in parts if p.strip(_EDGE) and len(p.split()) <= SEGMENT_MAX_WORDS]
