"""The raw floor: the least work that does mentionfinder's job, in plain Python (asyncio + aiohttp + lxml).

    python bench/floor.py --resolve host=127.0.0.1,... [--footprint resources] [--concurrency 100] SEED...

Fetches every seed, parses it with lxml, follows same-host links whose path carries the footprint (as
mentionfinder follows its resource pages), and checks each unique outbound URL once: one GET, redirects
followed, the body read and dropped, dead when the final status is 4xx/5xx or the request fails. No
HEAD, no probes, no storage, no politeness: the best plain Python does on this machine, so the share of
it that mentionfinder reaches tells how much its own machinery costs.

Host names are pinned like mentionfinder's RESOLVE (no DNS). Prints one JSON line:
{"pages": P, "checked": C, "dead": D, "wall": S}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
import lxml.html
from aiohttp.abc import AbstractResolver


class PinnedResolver(AbstractResolver):
    """Answers the pinned names from a dict, without any lookup (the tools compared get the same)."""

    def __init__(self, pins: dict[str, str]):
        self.pins = pins

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET):
        address = self.pins.get(host.lower())
        if address is None:
            raise OSError(f"{host} is not pinned")
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        pass


class Floor:
    def __init__(self, session: aiohttp.ClientSession, footprint: str, concurrency: int):
        self.session = session
        self.footprint = footprint
        self.limit = asyncio.Semaphore(concurrency)
        self.pages_seen: set[str] = set()
        self.checks_seen: set[str] = set()
        self.pages = 0
        self.dead: set[str] = set()
        self.tasks: set[asyncio.Task] = set()

    def spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def page(self, url: str) -> None:
        async with self.limit:
            async with self.session.get(url) as response:
                body = await response.read()
                if response.status != 200:
                    return
        self.pages += 1
        host = urlsplit(url).netloc
        for href in lxml.html.fromstring(body).xpath("//a/@href"):
            link = urldefrag(urljoin(url, href.strip()))[0]
            parts = urlsplit(link)
            if parts.scheme not in ("http", "https"):
                continue
            if parts.netloc == host:
                if self.footprint in parts.path and link not in self.pages_seen:
                    self.pages_seen.add(link)
                    self.spawn(self.page(link))
            elif link not in self.checks_seen:
                self.checks_seen.add(link)
                self.spawn(self.check(link))

    async def check(self, url: str) -> None:
        async with self.limit:
            try:
                async with self.session.get(url) as response:
                    await response.read()
                    if response.status >= 400:
                        self.dead.add(url)
            except (TimeoutError, aiohttp.ClientError, OSError):
                self.dead.add(url)

    async def run(self, seeds: list[str]) -> None:
        for seed in seeds:
            if seed not in self.pages_seen:
                self.pages_seen.add(seed)
                self.spawn(self.page(seed))
        while self.tasks:
            await asyncio.gather(*list(self.tasks))


async def crawl(seeds: list[str], pins: dict[str, str], footprint: str, concurrency: int) -> Floor:
    connector = aiohttp.TCPConnector(
        limit=concurrency, limit_per_host=0, resolver=PinnedResolver(pins), ttl_dns_cache=None
    )
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        floor = Floor(session, footprint, concurrency)
        await floor.run(seeds)
        return floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="*")
    parser.add_argument("--seeds-file", help="a file with one seed URL per line (instead of / besides arguments)")
    parser.add_argument("--resolve", default="", help="host=addr,host=addr (like mentionfinder's RESOLVE)")
    parser.add_argument("--footprint", default="resources")
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    seeds = list(args.seeds)
    if args.seeds_file:
        with open(args.seeds_file, encoding="utf-8") as handle:
            seeds += [line.strip() for line in handle if line.strip()]
    pins = dict(pair.split("=", 1) for pair in args.resolve.split(",") if "=" in pair)
    start = time.perf_counter()
    floor = asyncio.run(crawl(seeds, {k.lower(): v for k, v in pins.items()}, args.footprint, args.concurrency))
    wall = time.perf_counter() - start
    print(
        json.dumps(
            {"pages": floor.pages, "checked": len(floor.checks_seen), "dead": len(floor.dead), "wall": round(wall, 3)}
        )
    )


if __name__ == "__main__":
    main()
