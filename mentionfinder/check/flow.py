"""Check flow (pure): a link check's attempts so far → the next step (HEAD, GET, probe the site, or finish).

The crawl (or any engine) only sends what it is told and reports back what came of it, so every rule of
"which request next" lives here and is tested as a table of cases.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from mentionfinder.check.clues import PageSignals, similarity
from mentionfinder.check.outage import RoundControls, needs_confirmation
from mentionfinder.check.verdicts import (
    DEAD,
    ERR_DNS,
    ERR_PRIVATE,
    ERR_REFUSED,
    ERR_SCHEME,
    ERR_TIMEOUT,
    HELD_NOTE,
    UNVERIFIED,
    Attempt,
    Verdict,
    classify,
    is_deep,
)

# Files a HEAD can judge on its own (a 2xx needs no body).
FILE_EXTENSIONS = frozenset(
    "pdf zip gz tgz bz2 xz rar 7z tar doc docx xls xlsx ppt pptx odt ods odp rtf epub mobi mp3 mp4 m4a m4v mov avi "
    "wmv webm ogg oga ogv wav flac jpg jpeg png gif webp svg tif tiff bmp ico heic exe dmg msi iso apk bin".split()
)


@dataclass(frozen=True)
class Send:
    """Send one more request of the check with this method."""

    method: str  # "HEAD" or "GET"


@dataclass(frozen=True)
class Probe:
    """Compare with how the site answers a path that cannot exist (once per site: the engine caches it)."""

    site: str


@dataclass(frozen=True)
class Finish:
    """Judge the check now; `attempt` is evidence made locally (no request was sent) to add first."""

    attempt: Attempt | None = None


Step = Send | Probe | Finish


def first_method(url: str, head_first: str = "files") -> str:
    """HEAD for file-like URLs (or always, with MENTIONFINDER_HEAD_FIRST=always), else straight to GET.

    Only a page's body tells a real page from a soft 404 or a parked domain, so for pages a HEAD first
    would only double the requests; a file's 2xx HEAD is the whole answer.
    """
    if head_first == "always":
        return "HEAD"
    path = urlsplit(url).path.lower()
    extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return "HEAD" if extension in FILE_EXTENSIONS else "GET"


def start(url: str, head_first: str = "files") -> Send | Finish:
    """The first step of a check: the first request, or a verdict without any (not an HTTP URL)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Finish(Attempt(method="-", url=url, error=ERR_SCHEME))
    return Send(first_method(url, head_first))


def after(url: str, attempt: Attempt) -> Step:
    """The step after `attempt`, the latest of the check of `url` (not a probe: a probe is always followed
    by Finish)."""
    if attempt.method == "HEAD":
        if attempt.error is not None:
            # An unresolvable host will not resolve for a GET either; a refused address stays refused.
            # Any other failure may be a HEAD-hostile server: the GET decides.
            return Finish() if attempt.error in (ERR_DNS, ERR_PRIVATE) else Send("GET")
        status = attempt.status or 0
        # Not 2xx/3xx: many servers answer HEAD wrongly (405, 404, 403); the GET is what a reader gets.
        # 2xx HTML: only the body tells a real page from a soft 404 or a parked domain.
        if not 200 <= status < 400 or is_html(attempt):
            return Send("GET")
        return Finish()
    if (
        attempt.error is None
        and 200 <= (attempt.status or 0) < 300
        and is_deep(url)
        and page_read(attempt)
        and not (attempt.error_phrase or attempt.parked_marker or attempt.challenge_marker)
    ):
        # A deep link that answered with a page the body alone does not condemn: only how the site answers
        # a surely missing path tells whether this is the page or the site's stand-in for every path.
        return Probe(site_of(url))
    return Finish()


def is_html(attempt: Attempt) -> bool:
    """The answer says it is an HTML page (by its content type: a HEAD has no body to sniff)."""
    return "html" in attempt.headers.get("content-type", "").lower()


def page_read(attempt: Attempt) -> bool:
    """The attempt's body was read as a page (its visible words were counted)."""
    return attempt.words is not None


def site_of(url: str) -> str:
    """scheme://host[:port]: what a probe is made once for."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def probe_similarity(target: PageSignals | None, probe: Attempt, probe_signals: PageSignals | None) -> float | None:
    """How alike the target page and the probe's page are; only a probe answered 2xx is compared (a site
    that answers a random path with 404 has told all it can)."""
    if probe_signals is None or target is None or probe.error or not 200 <= (probe.status or 0) < 300:
        return None
    return similarity(target, probe_signals)


def host_answered(error: str | None) -> bool | None:
    """What one outcome says about its host for the outage guard: True (it answered), False (nothing came
    back at the network level) or None (says nothing: a refusal of ours, a scheme we do not check)."""
    if error in (ERR_DNS, ERR_REFUSED, ERR_TIMEOUT):
        return False
    if error in (ERR_PRIVATE, ERR_SCHEME):
        return None
    return True


@dataclass(frozen=True)
class Conclusion:
    """The verdict of a finished check. `pending`: a network-level failure not yet confirmed (the verdict is
    provisional and a confirmation round will replace it); `held_reason`: the dead reason it would get."""

    verdict: Verdict
    held_reason: str = ""
    pending: bool = False


def conclude(
    attempts: Sequence[Attempt], *, controls: RoundControls | None = None, give_up: bool = False, **evidence
) -> Conclusion:
    """The verdict of a finished check, with the confirmation rule applied (check/outage.py); `evidence` is
    what `classify` takes besides the attempts (probe, probe_similarity, streak, now, policy).

    A DNS, connection or timeout failure is believed only as confirmed by a round whose `controls`
    answered. Before that it is pending, provisionally `unverified` / `network_outage`; after a round whose
    controls did not answer it is pending again, unless `give_up` (the crawl's last round): then it stays
    `network_outage` for good.
    """
    verdict = classify(attempts, **evidence)
    last = attempts[-1]
    if not needs_confirmation(last):
        return Conclusion(verdict)
    held_reason = verdict.reason if verdict.verdict == DEAD else ""
    if controls is None:
        held = Verdict(UNVERIFIED, "network_outage", verdict.signal + HELD_NOTE, verdict.http_status)
        return Conclusion(held, held_reason=held_reason, pending=True)
    if controls.network_works(last.error):
        confirmed = f"{verdict.signal}; confirmed while {controls.summary()}"
        return Conclusion(dataclasses.replace(verdict, signal=confirmed))
    doubt = f"{verdict.signal}; only {controls.summary()}: our network, not their site"
    if not give_up:
        return Conclusion(Verdict(UNVERIFIED, "network_outage", doubt + HELD_NOTE), held_reason, pending=True)
    return Conclusion(Verdict(UNVERIFIED, "network_outage", doubt, verdict.http_status), held_reason)
