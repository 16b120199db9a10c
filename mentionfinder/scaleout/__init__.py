"""Scale-out on Redis: shared frontier with leases, shared checks and probes, items, ingest."""
