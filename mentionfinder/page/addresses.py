"""E-mail addresses in text: a stretch of visible text → the addresses it spells (obfuscations read, junk left out).

Pure: no Scrapy, no Twisted, no I/O. Precision comes first: the user will write to what this returns,
so anything that merely looks like an address (a retina image name, a placeholder, a bounce token,
"look at this dot com") is left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mentionfinder.domains import is_public_suffix, registrable_domain

__all__ = [
    "scan_addresses",
    "FILE_NAME_ENDINGS",
    "PLACEHOLDER_LABELS",
    "SYSTEM_LOCAL_PREFIXES",
    "MAX_EMAIL_LEN",
]

MAX_EMAIL_LEN = 254  # RFC 5321 path limit
MAX_LOCAL_LEN = 64
MAX_DOMAIN_LEN = 253

# "image@2x.png": a "top-level domain" that is one of these file-name endings makes a file name, never an
# address (even the few that are real top-level domains: .zip, .mov).
FILE_NAME_ENDINGS = frozenset(
    "png jpg jpeg gif svg webp css js avif bmp ico tif tiff heic mp4 webm mp3 woff woff2 ttf otf eot json "
    "xml pdf zip mov map php html htm txt".split()
)
# The name label of a registrable domain (example.com, example.co.uk → "example") that marks a placeholder
# or a monitoring endpoint (Sentry DSNs: <hex key>@o123.ingest.sentry.io, …@sentry-next.wixpress.com).
PLACEHOLDER_LABELS = frozenset(
    "example domain yourdomain yoursite yourwebsite yourcompany yourbusiness mydomain mysite mywebsite "
    "mycompany email test website company sample address sentry wixpress".split()
)
# Local parts a template puts in a form's placeholder, not a person's inbox.
PLACEHOLDER_LOCALS = frozenset(
    "yourname your.name your_name your-name youremail your.email your_email your-email yourmail you "
    "name username firstname lastname firstname.lastname first.last firstlast someone somebody "
    "john.doe jane.doe johndoe janedoe john.smith".split()
)
# Compared after dropping . _ + - and lower-casing: no.reply, no-reply, do_not_reply, mailer-daemon…
SYSTEM_LOCAL_PREFIXES = (
    "noreply",
    "donotreply",
    "dontreply",
    "nereply",
    "nepasrepondre",
    "mailerdaemon",
    "postmaster",
    "hostmaster",
    "bounce",
    "unsubscribe",
)
_HEX_RUN = re.compile(r"[0-9a-f]{16,}")

# "=" is read as part of the local part only to reject it: VERP/SRS bounce addresses ("bounces+x=y@…",
# "SRS0=…@…") and URL parameters ("?email=jane@…") are never where an outreach mail should go.
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-=")
# The separator between local part and domain: "@", "[at]", "(at)", "{at}", "<at>", "[@]"; or the bare
# word "at" between white space (accepted only with more evidence, see _accept_word_form).
_AT = re.compile(r"@|[\[\(\{<]\s{0,3}(?:at|@)\s{0,3}[\]\)\}>]|(?<!\S)at(?!\S)", re.IGNORECASE)
_LABEL = re.compile(r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?")
_DOT = re.compile(
    r"(?P<plain>\.)"
    r"|(?P<bracket>\s{0,3}[\[\(\{<]\s{0,3}(?:dot|\.)\s{0,3}[\]\)\}>]\s{0,3})"
    r"|\s{1,3}(?P<word>dot)\s{1,3}",
    re.IGNORECASE,
)
# A word that says "what follows is an address", for the bare "name at site dot org" form.
_CUE = re.compile(
    r"e-?mail|\bmail\b|contact|\breach\b|\bwrite\b|\bsend\b|\baddress|\binbox\b|courriel|correo|"
    r"kontakt|\bpitch",
    re.IGNORECASE,
)
CUE_WINDOW = 80
# Words that precede a bare "at" in ordinary prose: "look at this dot com", "email us at site dot com".
_PROSE_LOCALS = frozenset(
    "i me my we us our you your he him his she her they them their it its this that these those here there "
    "is are was were be been being am look looking looked stare staring arrive arrived arriving stay staying "
    "stayed meet meeting find found visit visiting located based live lives living work working home online "
    "available open last least first best once all one anyone someone everyone nobody or and but then now "
    "see seen check go get got call email mail contact reach write message text ping hit shoot started "
    "start born sold buy bought sell priced".split()
)


def scan_addresses(text: str, *, cue: bool, budget: list[int]) -> list[tuple[int, str]]:
    """Addresses in one stretch of text: (offset of the local part, address)."""
    out: list[tuple[int, str]] = []
    for m in _AT.finditer(text):
        if budget[0] <= 0:
            break
        budget[0] -= 1
        sep = m.group()
        kind = "plain" if sep == "@" else ("word" if sep[0] not in "[({<" else "bracket")
        # Local part: the run of address characters right before the separator.
        end = m.start()
        if kind != "plain":
            stripped = text[max(0, end - 3) : end]
            end -= len(stripped) - len(stripped.rstrip())
            if kind == "word" and end == m.start():
                continue
        start = end
        while start > 0 and text[start - 1] in _LOCAL_CHARS and end - start <= MAX_LOCAL_LEN:
            start -= 1
        if end - start > MAX_LOCAL_LEN:
            continue
        while start < end and not text[start].isalnum():
            start += 1
        if start == end:
            continue
        before = text[start - 1] if start > 0 else " "
        if before.isalnum() or before in "_/@\\'’":
            continue  # "émile@…" seen as "mile@…", a URL's "//user@host", "a@b@c", "I'm at …"
        local = text[start:end]
        # Domain: labels joined by ".", "[dot]", "(dot)" or " dot ".
        pos = m.end()
        if kind != "plain":
            ahead = text[pos : pos + 3]
            pos += len(ahead) - len(ahead.lstrip())
            if kind == "word" and pos == m.end():
                continue
        parsed = _domain_at(text, pos)
        if parsed is None:
            continue
        labels, dots, stop = parsed
        nxt = text[stop : stop + 2]
        if nxt[:1] in ("@", "/", "_") or (nxt[:1] == ":" and nxt[1:2].isalnum()):
            continue  # "user@host/path", "git@host:repo", "a@b.org@c"
        if kind == "word" and not _accept_word_form(text, start, local, sep, dots, cue):
            continue
        address = _clean(local, labels, dots)
        if address:
            out.append((start, address))
    return out


def _domain_at(text: str, pos: int) -> tuple[list[str], list[str], int] | None:
    m = _LABEL.match(text, pos, pos + 64)
    if not m:
        return None
    labels = [m.group()]
    dots: list[str] = []
    end = m.end()
    while len(labels) < 10:
        d = _DOT.match(text, end)
        if not d:
            break
        label = _LABEL.match(text, d.end(), d.end() + 64)
        if not label:
            break
        labels.append(label.group())
        dots.append("plain" if d.group("plain") else ("bracket" if d.group("bracket") else d.group("word")))
        end = label.end()
    if not dots:
        return None
    return labels, dots, end


def _accept_word_form(text: str, start: int, local: str, at: str, dots: list[str], cue: bool) -> bool:
    """ "jane at site dot org" is an address only with more evidence than the words themselves."""
    if "plain" in dots:
        return False  # "visit us at site.org" is prose
    if len(local) < 2 or local.lower() in _PROSE_LOCALS or not any(c.isalpha() for c in local):
        return False
    if "bracket" in dots or cue:
        return True
    words = [d for d in dots if d != "bracket"]
    # "jane AT site DOT org": capitals set the separators apart from the words around them.
    if at == "AT" and all(d == "DOT" for d in words) and not local.isupper():
        return True
    return bool(_CUE.search(text, max(0, start - CUE_WINDOW), start))


def _clean(local: str, labels: list[str], dots: list[str]) -> str:
    """A candidate → "local@domain" (domain lower-cased), or "" when it is invalid or junk."""
    labels = [label.lower() for label in labels]
    tld = labels[-1]
    if tld in FILE_NAME_ENDINGS:
        return ""
    if not _is_tld(tld) and len(labels) > 2 and dots[-1] == "plain":
        # "jane@site.org.Then we…": a missing space after the sentence's full stop.
        labels = labels[:-1]
        tld = labels[-1]
        if tld in FILE_NAME_ENDINGS:
            return ""
    if not _is_tld(tld):
        return ""
    domain = ".".join(labels)
    address = f"{local}@{domain}"
    if len(address) > MAX_EMAIL_LEN or len(local) > MAX_LOCAL_LEN or len(domain) > MAX_DOMAIN_LEN:
        return ""
    if local.startswith(".") or local.endswith(".") or ".." in local or "=" in local:
        return ""
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        return ""
    return address if not _is_junk(local, domain) else ""


@lru_cache(maxsize=4096)
def _is_tld(label: str) -> bool:
    if len(label) < 2 or not (label.isalpha() or label.startswith("xn--")):
        return False
    return is_public_suffix(label)


def _is_junk(local: str, domain: str) -> bool:
    lowered = local.lower()
    squashed = re.sub(r"[._+\-]", "", lowered)
    if squashed.startswith(SYSTEM_LOCAL_PREFIXES):
        return True
    if _HEX_RUN.search(lowered.replace("-", "")):
        return True  # tracking tokens, Sentry keys, UUIDs
    if lowered in PLACEHOLDER_LOCALS:
        return True
    name = registrable_domain(domain).split(".")[0]
    return name in PLACEHOLDER_LABELS or name.startswith("sentry") or "sentry" in domain.split(".")
