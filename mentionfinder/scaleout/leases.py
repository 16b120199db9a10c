"""Request leases: a spider callback's outputs, once all processed, release its request (Redis scale-out only)."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass
class LeaseAck:
    """A marker yielded after a callback's last output. Scrapy processes outputs in order (CONCURRENT_ITEMS=1),
    so when the item pipeline meets this marker, everything the callback produced has been queued or pushed."""

    request: object


def acked(callback):
    """Mark a spider callback whose request is released when its outputs are done (no-op without Redis).

    Releasing when the generator ends would be too early: Scrapy reads a callback's outputs ahead of
    processing them, and a worker killed in that gap would lose them.
    """

    @functools.wraps(callback)
    def wrapper(self, response_or_failure):
        yield from callback(self, response_or_failure) or ()
        if getattr(self, "lease", None) is not None:
            yield LeaseAck(getattr(response_or_failure, "request", None))

    return wrapper
