"""Request leases: a spider callback's outputs, once all processed, release its request (Redis scale-out only)."""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass

LEASE_META = "mf_lease"  # a request popped from the shared queue carries its lease id here
GATE_META = "mf_gate"  # (kind, key): only the first worker to queue this key queues the request

# Sent by the items pipeline (pipe=a Redis transaction, leases=ids) before it releases leases: the scheduler
# first pushes the requests it still buffers, then adds the release to the same transaction as the items.
releasing = object()


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

    if inspect.isasyncgenfunction(callback):

        @functools.wraps(callback)
        async def async_wrapper(self, response_or_failure):
            async for output in callback(self, response_or_failure):
                yield output
            if _leased(response_or_failure):
                yield LeaseAck(response_or_failure.request)

        return async_wrapper

    @functools.wraps(callback)
    def wrapper(self, response_or_failure):
        yield from callback(self, response_or_failure) or ()
        if _leased(response_or_failure):
            yield LeaseAck(response_or_failure.request)

    return wrapper


def _leased(response_or_failure) -> bool:
    request = getattr(response_or_failure, "request", None)
    return request is not None and LEASE_META in request.meta
