"""Request leases: a spider callback's end releases its request (scale-out on Redis; a no-op otherwise)."""

from __future__ import annotations

import functools


def acked(callback):
    """Mark a spider callback whose end releases its request's lease (no-op without Redis)."""

    @functools.wraps(callback)
    def wrapper(self, response_or_failure):
        yield from callback(self, response_or_failure) or ()
        lease = getattr(self, "lease", None)
        if lease is not None:
            lease.ack(getattr(response_or_failure, "request", None))

    return wrapper
