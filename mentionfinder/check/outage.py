"""Network-outage guard: per-host outcomes of the crawl's own requests → is the network itself working?

A dead host and a dead network look the same from one request. Only the spread tells them apart:
when most distinct hosts fail at the network level, the fault is ours, not theirs.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class OutagePolicy:
    window: int = 20  # most recent distinct hosts considered
    min_ok_hosts: int = 3  # hosts that must have answered before any network failure counts as dead
    # Above this share of failing hosts in the window: outage. High on purpose: an old resource page can
    # link to many vanished domains, and that is exactly what we are looking for.
    max_fail_ratio: float = 0.8


class OutageGuard:
    """Feed it every request outcome per host; ask it whether a network failure may be believed."""

    def __init__(self, policy: OutagePolicy = OutagePolicy()):
        self.policy = policy
        self._recent: OrderedDict[str, bool] = OrderedDict()  # host → answered (True) / network failure
        self.hosts_ok: set[str] = set()
        self.hosts_failed: set[str] = set()
        self.outage_seen = False

    def record(self, host: str, answered: bool) -> None:
        """`answered`: any HTTP response came back. False: DNS failure, refused, timeout, reset."""
        if not host:
            return
        (self.hosts_ok if answered else self.hosts_failed).add(host)
        self._recent.pop(host, None)
        self._recent[host] = answered
        while len(self._recent) > self.policy.window:
            self._recent.popitem(last=False)
        if self._window_failing():
            self.outage_seen = True

    def _window_failing(self) -> bool:
        outcomes = list(self._recent.values())
        if len(outcomes) < min(self.policy.window, 5):
            return False
        failing = outcomes.count(False) / len(outcomes)
        return failing > self.policy.max_fail_ratio

    @property
    def healthy(self) -> bool:
        """Network failures may be believed now: enough hosts answered and the recent window is not failing."""
        return len(self.hosts_ok) >= self.policy.min_ok_hosts and not self._window_failing()

    @staticmethod
    def believable(answered_hosts: int, failed_hosts: int, policy: OutagePolicy = OutagePolicy()) -> bool:
        """From totals alone (no order known): enough hosts answered and most did not fail."""
        total = answered_hosts + failed_hosts
        return answered_hosts >= policy.min_ok_hosts and failed_hosts / total <= policy.max_fail_ratio

    @property
    def run_was_healthy(self) -> bool:
        """For the end of the crawl: the network answered throughout (held failures may be believed)."""
        return self.healthy and not self.outage_seen
