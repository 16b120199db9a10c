"""Scale-out probes: how each site answers a missing path, shared by the workers through a Redis hash."""

from __future__ import annotations

import pickle

from mentionfinder.scaleout.state import probes_key


class SharedProbes(dict):
    """The spider's probe results, shared by the workers through a Redis hash: a site one worker probed is not
    probed again by another (in a two-worker crawl, ~300 probes of ~800). A local miss asks Redis once per check
    that needs it; values are pickled (Attempt, PageSignals | None), as scrapy-redis pickles requests."""

    def __init__(self, server, niche: str):
        super().__init__()
        self.server, self.key = server, probes_key(niche)

    def get(self, site, default=None):
        if site in self:
            return self[site]
        raw = self.server.hget(self.key, site)
        if raw is None:
            return default
        value = pickle.loads(raw)
        super().__setitem__(site, value)
        return value

    def __setitem__(self, site, value) -> None:
        super().__setitem__(site, value)
        self.server.hset(self.key, site, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
