"""Network-failure confirmation (pure): is a failed connection their site's fault or our network's?

A vanished host and a broken network look the same from one request. What tells them apart is whether
the network works *at the moment the failure is confirmed*: so a DNS, connection or timeout failure is
never a verdict by itself. It waits (pending) until a confirmation round retries it together with a few
control URLs that answered earlier in the crawl, on other hosts. The round's controls decide:

- they answer (and, for a name that did not resolve, their names resolve afresh): the network works, so a
  failure that repeats is the site's (dead, or a timeout that starts a streak across runs);
- they do not: our network is in doubt, the failure goes back to wait for a later round; at the end of the
  crawl it gets a few rounds, spaced out, and then it is `unverified` / `network_outage`.

A retry that gets an answer simply goes on through the check flow as if the first failure never happened.
This holds whatever the crawl's size: three hosts need only one control that answered, thirty thousand need
no share of failing hosts to be guessed, and an outage that starts and ends within the crawl leaves nothing
behind, because nothing is judged while it lasts.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from mentionfinder.check.verdicts import ERR_DNS, ERR_OTHER, ERR_REFUSED, ERR_TIMEOUT, Attempt

# Failures that say "the network between us" as much as "their server" (ERR_OTHER: a dropped connection,
# an unreachable network, a reset).
CONFIRMED_ERRORS = (ERR_DNS, ERR_REFUSED, ERR_TIMEOUT, ERR_OTHER)


@dataclass(frozen=True)
class ConfirmPolicy:
    controls: int = 3  # control URLs per round, each on a host of its own
    chunk: int = 32  # failures per round: a round is judged by the controls sent with it
    every: float = 60.0  # seconds a failure waits at most before a round is made during the crawl
    rounds: int = 3  # rounds at the end of the crawl while the controls do not answer
    wait: float = 10.0  # seconds between those rounds: an outage has time to end


@dataclass(frozen=True)
class HeldPage:
    """A page to crawl (not a link to check) whose fetch failed at the network level: where it was in the
    crawl, and how it failed."""

    depth: int
    seed: str
    error: str  # the error kind (verdicts.ERR_*)
    detail: str


@dataclass
class PendingFailure:
    """A check (or a page: `page`) whose last attempt failed at the network level, waiting for a round."""

    url: str
    attempts: list[Attempt]
    since: float  # time.time() when it failed, or came back from a round whose controls did not answer
    final_rounds: int = 0  # rounds at the end of the crawl in which the controls did not answer
    rounds: int = 0  # rounds of any kind it has been through
    page: HeldPage | None = None


def page_step(controls: RoundControls | None, error: str, last_round: bool) -> str:
    """What a round does with a held page: "confirmed" (fetch it again; the controls answered, so a repeat
    failure is the site's), "again" (fetch it again; no control is known yet, as when the seeds themselves
    failed, so a repeat failure waits for the next round), "wait" (the controls did not answer) or
    "give_up" (they did not in the last round at the end of the crawl: not crawled, our network's fault)."""
    if controls is None:
        return "again"
    if controls.network_works(error):
        return "confirmed"
    return "give_up" if last_round else "wait"


def needs_confirmation(attempt: Attempt) -> bool:
    """A failure that cannot be told from a network fault of ours by itself."""
    return attempt.error in CONFIRMED_ERRORS


class ControlPool:
    """Hosts that answered this crawl (the latest URL of each, bounded) and hosts that failed: the
    controls a round can use, and the counts the summary gives."""

    def __init__(self, size: int = 64):
        self.size = size
        self._answered: OrderedDict[str, str] = OrderedDict()  # host → a URL of it that answered
        self.hosts_ok: set[str] = set()
        self.hosts_failed: set[str] = set()

    def answered(self, host: str, url: str, control: bool = True) -> None:
        """The host answered; `control`: plainly enough (2xx/3xx) for its URL to serve as a control."""
        if not host:
            return
        self.hosts_ok.add(host)
        if not control:
            return
        self._answered.pop(host, None)
        self._answered[host] = url
        while len(self._answered) > self.size:
            self._answered.popitem(last=False)

    def failed(self, host: str) -> None:
        """A network-level failure: the host is no control until it answers again."""
        if not host:
            return
        self.hosts_failed.add(host)
        self._answered.pop(host, None)

    def pick(self, n: int, exclude: set[str] = frozenset()) -> list[str]:
        """Up to n control URLs, most recently answered first, on distinct hosts not in `exclude`."""
        picked = []
        for host in reversed(self._answered):
            if host not in exclude:
                picked.append(self._answered[host])
                if len(picked) == n:
                    break
        return picked


def majority(outcomes: Sequence[bool]) -> bool:
    """More than half of the outcomes are True (and there is at least one)."""
    return bool(outcomes) and 2 * sum(outcomes) > len(outcomes)


@dataclass(frozen=True)
class RoundControls:
    """What a round's controls showed: each control URL answered (any HTTP response) or not, and each fresh
    name lookup of a control host succeeded or not (hosts pinned or written as addresses have none)."""

    answered: tuple[bool, ...] = ()
    lookups: tuple[bool, ...] = ()
    detail: tuple[str, ...] = field(default=(), compare=False)  # "url: outcome", for the evidence

    def network_works(self, error: str | None) -> bool:
        """May a repeated failure of this kind be believed? Most controls answered; for a name that did not
        resolve (or a timeout), most fresh lookups of the controls' names succeeded too (a cached name proves
        nothing)."""
        if not majority(self.answered):
            return False
        # A timeout may be a lookup that never came back: the names must resolve afresh for it too.
        return error not in (ERR_DNS, ERR_TIMEOUT) or not self.lookups or majority(self.lookups)

    def summary(self) -> str:
        lookups = f", {sum(self.lookups)}/{len(self.lookups)} names resolved afresh" if self.lookups else ""
        return f"{sum(self.answered)}/{len(self.answered)} control URLs answered{lookups}"


def due(pending: Sequence[PendingFailure], now: float, policy: ConfirmPolicy = ConfirmPolicy()) -> bool:
    """During the crawl: time for a round (a chunk of new failures waits, or one waited long enough). A
    failure back from a round whose controls did not answer counts by time only: the network was in doubt
    a moment ago, so asking again at once would only repeat that round."""
    new = sum(1 for p in pending if not p.rounds)
    return new >= policy.chunk or any(now - p.since >= policy.every for p in pending)


def chunks(pending: Sequence[PendingFailure], policy: ConfirmPolicy = ConfirmPolicy()) -> list[list[PendingFailure]]:
    return [list(pending[i : i + policy.chunk]) for i in range(0, len(pending), policy.chunk)]
