"""The benchmark's synthetic niche web, and the nginx that serves it on loopback.

Shared by `bench/run.py` (which generates and serves it, then points every tool at it) and usable on its own:

    python bench/web.py [--pages 5000] [--hosts 50]     # generate, serve, print the seeds; Ctrl-C stops

The web is deterministic (same pages, links and dead links for the same --pages/--hosts/port) and made of:

- `hosts` resource sites `hubNN.test`: `/` (links "Resources" and "About us"), `/about/` (an editor's
  address in plain text: the contact page), `/resources/` (the seed: links to each of the site's resource
  pages) and `/resources/page-K.html`, 5-10 KB each with ~20 links: 5 internal (home, about, index, two
  neighbours), 13 outbound to live articles, 1 outbound 404, 1 outbound 301 (to a live article) and, on
  every 10th page, a mention of the brand "Acme Wellness" (every other one of those also links to it).
- `max(20, pages // 25)` target sites `refNNN.test`: `/articles/*.html` live pages (what the outbound links
  point at), `/old/N` paths that nginx answers with `301` to a live article, and `/articles/gone-*.html`
  links whose files do not exist: nginx's 404.
- the brand's site `acmewellness.test` (home, a few guides, and the sitemap listing them).

Only `.test` names (RFC 6761: never on the internet), all served by one nginx on 127.0.0.1 and one port; the
page URLs carry that port. How each tool finds 127.0.0.1 for the names is run.py's business (RESOLVE for
mentionfinder and the floor, a private /etc/hosts in a mount namespace for the peers).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

FORMAT_VERSION = 4  # bump when the generated web changes, so a cached copy is regenerated
BRAND_NAME = "Acme Wellness"
BRAND_HOST = "acmewellness.test"
FOOTPRINT = "resources"
INTERNAL_PER_PAGE = 5  # home, about, index, previous, next
ALIVE_PER_PAGE = 13
MENTION_EVERY = 10  # every 10th resource page names the brand...
BRAND_LINK_EVERY = 2  # ...and every other one of those also links to the brand's site

_WORDS = (
    "health wellbeing sleep nutrition exercise heart blood pressure diet fibre vitamins minerals hydration "
    "stress recovery walking running strength balance posture breathing routine habits family children "
    "ageing memory mood community clinic guide advice research study evidence practical daily weekly "
    "vegetables fruit grains protein portions cooking shopping budget season weather outdoors garden "
    "doctor nurse pharmacist library volunteer support group helpline leaflet checklist diary tracker "
    "morning evening habit plan goal progress gentle steady simple careful honest useful clear friendly"
).split()
_TOPICS = (
    "sleep",
    "nutrition",
    "heart health",
    "exercise",
    "mental wellbeing",
    "healthy ageing",
    "family health",
    "stress",
    "hydration",
    "walking",
)


@dataclass
class Web:
    """What was generated: where, for which port, and the ground truth every tool is judged against."""

    root: str
    port: int
    pages: int  # resource pages (without the per-site index pages)
    hosts: list[str]  # resource sites
    targets: list[str]  # sites the outbound links point at
    seeds: list[str]  # each resource site's /resources/ index: where every tool starts
    crawl_pages: int  # pages in a crawl's scope: the seeds plus the resource pages
    outbound_unique: int  # unique outbound URLs linked from those pages: the checks a tool must make
    outbound_links: int  # outbound link occurrences
    dead: list[str] = field(default_factory=list)  # unique outbound URLs that answer 404
    dead_links: int = 0  # occurrences of those on resource pages (broken-link findings)
    redirects: int = 0  # unique outbound URLs answered with a 301 to a live page
    unlinked_mention_pages: int = 0  # pages naming the brand without linking to it
    version: int = FORMAT_VERSION

    @property
    def names(self) -> list[str]:
        return [*self.hosts, *self.targets, BRAND_HOST]

    @property
    def brand_sitemap(self) -> str:
        return self.url(BRAND_HOST, "/sitemap.xml")

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1), "utf-8")

    @classmethod
    def load(cls, path: Path) -> Web | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(**data) if data.get("version") == FORMAT_VERSION else None
        except (OSError, ValueError, TypeError):
            return None


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def _html(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>\n'
        f'<meta name="viewport" content="width=device-width"></head>\n<body>\n{body}\n</body></html>\n'
    )


def _nav() -> str:
    return '<nav><a href="/">Home</a> <a href="/resources/">Resources</a> <a href="/about/">About us</a></nav>'


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def generate(root: Path, pages: int = 5000, hosts: int = 50, port: int = 8080) -> Web:
    """Write the web under root (replacing what was there) for a server on `port`; return its ground truth."""
    if pages < hosts:
        raise ValueError(f"--pages ({pages}) must be at least --hosts ({hosts})")
    root = root.resolve()  # nginx's config names it: relative paths would be taken from nginx's prefix
    rng = random.Random(f"mentionfinder-bench-{pages}-{hosts}")  # same web for the same size, any port
    if root.exists():
        shutil.rmtree(root)
    site_names = [f"hub{i:02d}.test" for i in range(1, hosts + 1)]
    target_names = [f"ref{j:03d}.test" for j in range(1, max(20, pages // 25) + 1)]
    base = lambda host: f"http://{host}:{port}"  # noqa: E731 — outbound links are absolute, with the port

    # Targets: live articles, redirecting old paths, and dead paths (files never written: nginx's 404).
    alive: list[str] = []
    alive_by_host: dict[str, list[str]] = {}
    for j, host in enumerate(target_names):
        for k in range(pages // len(target_names) + 1):
            topic = _TOPICS[(j + k) % len(_TOPICS)]
            path = f"/articles/{topic.replace(' ', '-')}-{k}.html"
            alive.append(base(host) + path)
            alive_by_host.setdefault(host, []).append(base(host) + path)
            body = (
                f"{_nav()}\n<main><h1>{topic.capitalize()}: article {k}</h1>\n"
                + "\n".join(f"<p>{_paragraph(rng, rng.randint(40, 70))}</p>" for _ in range(4))
                + "</main>"
            )
            _write(root / host / path.lstrip("/"), _html(f"{topic.capitalize()}, article {k} | {host}", body))
        _write(root / host / "index.html", _html(host, f"{_nav()}<main><h1>{host}</h1></main>"))
    dead_count = max(1, pages // 20)
    dead = [base(target_names[k % len(target_names)]) + f"/articles/gone-{k}.html" for k in range(dead_count)]
    redirects: dict[str, str] = {}  # "host/path" -> absolute Location, for nginx's map
    redirect_urls = []
    for k in range(max(1, pages // 20)):
        host = target_names[k % len(target_names)]
        destination = alive_by_host[host][k % len(alive_by_host[host])]  # a deep page, not the home page
        redirects[f"{host}/old/{k}"] = destination
        redirect_urls.append(base(host) + f"/old/{k}")

    # The brand's own site.
    # The brand's own site, with the sitemap its config names (mentionfinder reads it for replacement pages).
    brand_pages = [f"/guides/{t.replace(' ', '-')}.html" for t in _TOPICS]
    for path, topic in [("/", "guides"), *zip(brand_pages, _TOPICS)]:
        target = root / BRAND_HOST / (path.lstrip("/") or "index.html")
        _write(
            target,
            _html(f"{BRAND_NAME}: {topic}", f"<main><h1>{BRAND_NAME}: {topic}</h1><p>{_paragraph(rng, 40)}</p></main>"),
        )
    _write(
        root / BRAND_HOST / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"<url><loc>{base(BRAND_HOST)}{p}</loc></url>\n" for p in ["/", *brand_pages])
        + "</urlset>\n",
    )

    # Resource sites.
    outbound: set[str] = set()
    outbound_links = dead_links = unlinked = 0
    per_site = [pages // hosts + (1 if i < pages % hosts else 0) for i in range(hosts)]
    page_no = 0
    seeds = []
    for i, host in enumerate(site_names):
        count = per_site[i]
        seeds.append(base(host) + "/resources/")
        site = root / host
        _write(
            site / "index.html",
            _html(
                f"Hub {i + 1:02d}: health and wellbeing",
                f"{_nav()}\n<main><h1>Hub {i + 1:02d}</h1><p>{_paragraph(rng, 60)}</p>"
                f'<p><a href="/resources/">Resources</a></p></main>',
            ),
        )
        _write(
            site / "about" / "index.html",
            _html(
                f"About Hub {i + 1:02d}",
                f"{_nav()}\n<main><h1>About us</h1>"
                f"<p>{_paragraph(rng, 50)}</p><p>Write to the editors: editor@{host}</p></main>",
            ),
        )
        index_links = "\n".join(
            f'<li><a href="/resources/page-{k}.html">Health resources, part {k}</a></li>' for k in range(1, count + 1)
        )
        _write(
            site / "resources" / "index.html",
            _html(
                f"Resources | Hub {i + 1:02d}", f"{_nav()}\n<main><h1>Resources</h1><ul>\n{index_links}\n</ul></main>"
            ),
        )
        for k in range(1, count + 1):
            links: list[tuple[str, str]] = []
            for j in range(ALIVE_PER_PAGE):  # spread over the pool: each live article is linked ~13 times
                url = alive[(page_no * ALIVE_PER_PAGE + j * 7919) % len(alive)]
                links.append((url, f"Guide to {_TOPICS[j % len(_TOPICS)]}"))
            links.append((dead[page_no % len(dead)], "Healthy recipes archive"))
            links.append((redirect_urls[page_no % len(redirect_urls)], "Our partner's checklist"))
            rng.shuffle(links)
            dead_links += 1
            mention = ""
            if page_no % MENTION_EVERY == 0:
                if (page_no // MENTION_EVERY) % BRAND_LINK_EVERY == 0:
                    mention = f"<p>The team at {BRAND_NAME} publishes {_paragraph(rng, 20)}</p>"
                    unlinked += 1
                else:
                    brand_url = base(BRAND_HOST) + brand_pages[page_no % len(brand_pages)]
                    mention = (
                        f'<p>The team at {BRAND_NAME} publishes a <a href="{brand_url}">free guide</a>. '
                        f"{_paragraph(rng, 20)}</p>"
                    )
                    links.append((brand_url, ""))  # counted as an outbound link below, not listed twice
            items = "\n".join(
                f'<li><a href="{u}">{a}</a> {_paragraph(rng, rng.randint(8, 16))}</li>' for u, a in links if a
            )
            for url, _ in links:
                outbound.add(url)
                outbound_links += 1
            text = "\n".join(f"<p>{_paragraph(rng, rng.randint(70, 130))}</p>" for _ in range(rng.randint(5, 8)))
            neighbours = (
                f'<p><a href="/resources/page-{max(1, k - 1)}.html">Previous resources</a> | '
                f'<a href="/resources/page-{min(count, k + 1)}.html">More resources</a></p>'
            )
            body = (
                f"{_nav()}\n<main><h1>Health resources, part {k}</h1>\n{text}\n{mention}\n"
                f"<h2>Useful links</h2>\n<ul>\n{items}\n</ul>\n{neighbours}</main>\n"
                f"<footer><p>Hub {i + 1:02d}, a community health library.</p></footer>"
            )
            _write(site / "resources" / f"page-{k}.html", _html(f"Health resources, part {k} | Hub {i + 1:02d}", body))
            page_no += 1

    (root / "_redirects.map").write_text(
        "".join(f"{key} {value};\n" for key, value in sorted(redirects.items())), "utf-8"
    )
    web = Web(
        root=str(root),
        port=port,
        pages=pages,
        hosts=site_names,
        targets=target_names,
        seeds=seeds,
        crawl_pages=pages + hosts,
        outbound_unique=len(outbound),
        outbound_links=outbound_links,
        dead=sorted(set(dead) & outbound),
        dead_links=dead_links,
        redirects=len(set(redirect_urls) & outbound),
        unlinked_mention_pages=unlinked,
    )
    web.save(root / "_web.json")
    return web


def cached_or_generate(root: Path, pages: int, hosts: int) -> Web:
    """Reuse the web under root if it was made for this size and its port is still free; else regenerate."""
    web = Web.load(root / "_web.json")
    if web and web.pages == pages and len(web.hosts) == hosts and port_is_free(web.port):
        return web
    return generate(root, pages, hosts, free_port())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


NGINX_CONF = """\
# Generated by bench/web.py: the benchmark web on loopback only.
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
# linkinator opens a fresh connection for most requests and leaves it idle: with 8192 slots nginx closed
# idle keep-alive connections ("worker_connections are not enough") and linkinator saw status 0. Kept
# under the usual 20000 open-files limit (raising it needs a capability containers often lack).
events {{ worker_connections 18000; }}
http {{
    access_log off;                 # logging would cost nginx CPU the tools need
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;     # clients reuse connections as long as they like
    keepalive_timeout 120s;
    server_tokens off;
    types {{ text/html html; text/plain txt; application/xml xml; }}
    default_type application/octet-stream;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    map_hash_bucket_size 128;
    map_hash_max_size 65536;
    # "host/path" -> absolute Location: the redirecting links (301 to a live article).
    map $host$uri $bench_redirect {{
        default "";
        include {root}/_redirects.map;
    }}
    server {{
        listen 127.0.0.1:{port} default_server;
        server_name _;
        root {root}/$host;          # one folder per host name; an unknown host has none: 404
        index index.html;
        # LinkChecker lifts its per-host rate limit only for servers sending this header.
        add_header LinkChecker 1 always;
        location / {{
            if ($bench_redirect) {{ return 301 $bench_redirect; }}
            try_files $uri $uri/ =404;
        }}
    }}
}}
"""


class Nginx:
    """Debian's nginx serving a generated Web on 127.0.0.1:web.port; stopped by its PID (context manager)."""

    def __init__(self, web: Web, prefix: Path, workers: int = 1, binary: str = "nginx"):
        self.web, self.prefix, self.workers, self.binary = web, prefix, workers, binary
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 10.0) -> Nginx:
        if self.prefix.exists():
            shutil.rmtree(self.prefix)
        (self.prefix / "tmp").mkdir(parents=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workers=self.workers, prefix=self.prefix, root=self.web.root, port=self.web.port), "utf-8"
        )
        # `daemon off`: the master stays our child, so its PID is the one we stop.
        self.process = subprocess.Popen(
            [
                self.binary,
                "-p",
                str(self.prefix),
                "-e",
                str(self.prefix / "error.log"),
                "-c",
                str(conf),
                "-g",
                "daemon off;",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited at start: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.web.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on 127.0.0.1:{self.web.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # fast shutdown; the master stops its workers
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate the benchmark web and serve it until Ctrl-C.")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent / ".cache")
    args = parser.parse_args()
    web = cached_or_generate(args.dir / f"web-{args.pages}", args.pages, args.hosts)
    with Nginx(web, args.dir / f"nginx-{args.pages}"):
        print(f"serving {web.crawl_pages} pages on 127.0.0.1:{web.port}; seeds:", *web.seeds[:3], "…", sep="\n  ")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
