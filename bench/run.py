"""Speed and memory of a mentionfinder crawl against its peers, on one synthetic niche web served by nginx.

    python bench/run.py [--pages 5000] [--hosts 50] [--runs 3]
                        [--tools mentionfinder,linkinator,linkchecker,floor,scrapy-bare]
                        [--profile] [--set NAME=VALUE ...]

Run it with the project's Python (the venv where mentionfinder is installed); as root, since it installs
what it lacks itself, idempotently: nginx, wrk and GNU time from Debian; LinkChecker 10 (a venv) and
linkinator (npm) under bench/.peers/, never as project dependencies; py-spy there too with --profile.

What it does:
1. Generates a deterministic web (bench/web.py) in bench/.cache/web-N/: N resource pages on --hosts sites,
   ~20 links each (internal, outbound live, outbound 404, outbound 301 to a live page, brand mentions), and
   serves it with nginx on 127.0.0.1 and a free port (wrk shows nginx's headroom first).
2. Runs each tool --runs times, round-robin so drift hits all alike, from the same seeds (each site's
   /resources/ index page), every one crawling the resource pages and checking every outbound link:
   - mentionfinder: `scrapy crawl resources` with the BENCH_PROFILE settings below, a fresh database each run;
   - linkinator: recursive from the seeds (it recurses under each seed's path), concurrency 100;
   - LinkChecker: recursive from the seeds (same scope), external links checked, its rate limit lifted
     (maxrequestspersecond in its config plus nginx's `LinkChecker` header);
   - floor (bench/floor.py): asyncio + aiohttp + lxml, the least work that does the job in plain Python;
   - scrapy-bare (bench/scrapy_bare.py): the floor's job done by the leanest tuned Scrapy spider, so the gap
     to the floor splits into Scrapy's per-request machinery and mentionfinder's own work.
3. Reports per tool the median wall time, pages/s and checks/s (the web's resource pages and unique outbound
   URLs over that wall), the peak RSS (GNU time's "Maximum resident set size": the largest single process,
   highest of the runs) and the dead URLs each tool reported against the web's truth. The last line is:
       ratio_vs_linkinator=X ratio_vs_linkchecker=Y share_of_bound=Z peak_rss_mb=W
   ratio_vs_T = T's median wall / mentionfinder's (above 1: we are faster); share_of_bound = the floor's
   wall / mentionfinder's; peak_rss_mb = mentionfinder's. A mentionfinder run whose dead links, checks,
   pages or findings differ from the web's truth is flagged (and the exit status is 1): fast but wrong is
   not a result.

Name resolution (all names are `.test`, all on 127.0.0.1): mentionfinder takes `RESOLVE=host=127.0.0.1,...`
and the floor the same pins. linkinator and LinkChecker only know the system resolver, so each of their runs
is started in a private mount namespace (`unshare -m`) where a generated hosts file is bind-mounted over
/etc/hosts: the machine's /etc/hosts is never touched, and the names exist for that process tree only.
(Distinct ports on 127.0.0.1 instead of names would make every link "internal" to the one site 127.0.0.1
for mentionfinder, which checks outbound links only.)

Every subprocess has a timeout and its own process group, killed by its id on timeout, error or Ctrl-C;
nginx is stopped by its PID in a finally block. Only loopback is contacted.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import web as benchweb  # noqa: E402  (bench/web.py)

CACHE = BENCH / ".cache"
PEERS = BENCH / ".peers"
LINKCHECKER_VERSION = "10.6.0"
LINKINATOR_VERSION = "7.6.1"
PYSPY_VERSION = "0.4.1"
APT_NEEDS = {"nginx": "nginx", "wrk": "wrk", "/usr/bin/time": "time", "unshare": "util-linux"}

# mentionfinder's settings for the benchmark, passed with -s on top of demo.crawl_command's own
# (DOWNLOAD_DELAY=0, MENTIONFINDER_CHECK_TIMEOUT=5, RETRY_TIMES=1). One place, printed with the results.
BENCH_PROFILE = {
    "DOWNLOAD_DELAY": "0",  # loopback: politeness delays would measure sleep(), not work
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",  # default 2 would throttle 50 sites to 100 requests in flight
    "LOG_LEVEL": "WARNING",
    "MENTIONFINDER_PROGRESS_INTERVAL": "0",
    "MENTIONFINDER_CHECK_MAX_AGE": "0",  # every run checks every link (the database is fresh anyway)
}
# Peers get their best settings, measured here at 5,000 pages (single runs, ~15 % noise): linkinator 50 ≈ 100
# (its default) and 200 reported connection errors as broken links; LinkChecker 10 threads 53 s, 32 and 64
# threads 43 s; the floor 20-50 ≈ 3.0-3.3 s, 100 slower (4.3 s).
LINKINATOR_CONCURRENCY = 100
LINKCHECKER_THREADS = 32
FLOOR_CONCURRENCY = 32
LINKCHECKER_RC = """\
[checking]
threads={threads}
timeout=20
recursionlevel=-1
# Lifted only for servers that send a `LinkChecker` header (nginx does, see web.py).
maxrequestspersecond=100000
[filtering]
checkextern=1
[output]
status=0
warnings=0
"""


# --- installing what the bench needs (idempotent) -------------------------------------------------------------
def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_debian_tools() -> None:
    missing = sorted({package for tool, package in APT_NEEDS.items() if shutil.which(tool) is None})
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"error: missing {', '.join(missing)}: run as root (the bench installs them with apt-get)")
    log(f"installing {', '.join(missing)} from Debian…")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install(["apt-get", "update", "-qq"], timeout=300, env=env)
    install(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], timeout=600, env=env)


def install(argv: list[str], timeout: float, env: dict | None = None) -> None:
    """Run an install step with its chatter in bench/.peers/install.log; on failure show its end and stop."""
    PEERS.mkdir(parents=True, exist_ok=True)
    logfile = PEERS / "install.log"
    with open(logfile, "ab") as out:
        out.write(f"\n$ {' '.join(argv)}\n".encode())
        out.flush()
        code = run_bounded(argv, timeout=timeout, stdout=out, stderr=subprocess.STDOUT, env=env)
    if code != 0:
        tail = logfile.read_text(errors="replace").splitlines()[-15:]
        sys.exit(f"error: install step failed (exit {code}): {' '.join(argv)}\n" + "\n".join(tail))


def venv_with(folder: Path, requirement: str, probe: str) -> Path:
    """A venv under bench/.peers/ holding `requirement`; `probe` is a file inside it that proves it is there."""
    python = folder / "bin" / "python"
    if not (folder / probe).exists():
        log(f"installing {requirement} into {folder.relative_to(ROOT)}…")
        if folder.exists():
            shutil.rmtree(folder)
        install([sys.executable, "-m", "venv", str(folder)], timeout=120)
        install(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirement.split()],
            timeout=600,
        )
    return python


def ensure_linkchecker() -> Path:
    folder = PEERS / f"linkchecker-{LINKCHECKER_VERSION}"
    venv_with(folder, f"linkchecker=={LINKCHECKER_VERSION}", "bin/linkchecker")
    return folder / "bin" / "linkchecker"


def ensure_linkinator() -> Path:
    folder = PEERS / f"linkinator-{LINKINATOR_VERSION}"
    cli = folder / "node_modules" / "linkinator" / "build" / "src" / "cli.js"
    if not cli.exists():
        if shutil.which("npm") is None:
            sys.exit("error: linkinator needs node and npm (Debian: apt-get install nodejs npm)")
        log(f"installing linkinator@{LINKINATOR_VERSION} into {folder.relative_to(ROOT)}…")
        install(
            ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", f"linkinator@{LINKINATOR_VERSION}"],
            timeout=600,
        )
    return cli


def ensure_floor_python() -> Path:
    """The project's Python if it has aiohttp and lxml (it does: Scrapy needs lxml), else a bench venv."""
    done = subprocess.run([sys.executable, "-c", "import aiohttp, lxml"], capture_output=True, timeout=60)
    if done.returncode == 0:
        return Path(sys.executable)
    return venv_with(PEERS / "floor", "aiohttp lxml", "bin/python")  # pip resolves both


def ensure_pyspy() -> Path:
    folder = PEERS / "profile"
    venv_with(folder, f"py-spy=={PYSPY_VERSION}", "bin/py-spy")
    return folder / "bin" / "py-spy"


# --- running things, bounded --------------------------------------------------------------------------------
def run_bounded(argv: list[str], timeout: float, stdout=None, stderr=None, cwd=None, env=None) -> int:
    """Run argv in its own process group; on timeout, error or Ctrl-C kill that group (by its id) and raise."""
    process = subprocess.Popen(
        argv, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, cwd=cwd, env=env, start_new_session=True
    )
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"timed out after {timeout:.0f} s: {' '.join(argv[:6])} …") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@dataclass
class Sample:
    wall: float
    rss_mb: float
    dead: int
    notes: str = ""
    ok: bool = True


@dataclass
class Tool:
    name: str
    command: list[str]
    parse: callable  # (stdout text, run folder) -> (dead URLs found, notes, ok)
    private_hosts: bool = False  # run with the bench names in a private /etc/hosts
    cwd: Path | None = None
    env: dict | None = None
    before: callable = None  # (run folder) -> None: reset state between runs
    samples: list[Sample] = field(default_factory=list)


def measure(tool: Tool, folder: Path, hosts_file: Path, timeout: float) -> Sample:
    folder.mkdir(parents=True, exist_ok=True)
    if tool.before:
        tool.before(folder)
    rusage = folder / "time.txt"
    argv = ["/usr/bin/time", "-v", "-o", str(rusage), *tool.command]
    if tool.private_hosts:
        # The names resolve for this process tree only: a private mount namespace, our hosts file on /etc/hosts.
        argv = [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            'mount --bind "$0" /etc/hosts && exec "$@"',
            str(hosts_file),
            *argv,
        ]
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        code = run_bounded(argv, timeout=timeout, stdout=out, stderr=err, cwd=tool.cwd, env=tool.env)
        wall = time.perf_counter() - start
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", rusage.read_text(errors="replace"))
    rss_mb = int(match.group(1)) / 1024 if match else float("nan")
    stdout = out_path.read_text("utf-8", errors="replace")
    try:
        dead, notes, ok = tool.parse(stdout, folder, code)
    except Exception as exc:
        dead, notes, ok = -1, f"unparsable output ({exc}); see {folder}", False
    return Sample(wall=wall, rss_mb=rss_mb, dead=dead, notes=notes, ok=ok)


# --- the tools ------------------------------------------------------------------------------------------------
def mentionfinder_tool(web: benchweb.Web, work: Path, pins: str, overrides: tuple[str, ...] = ()) -> Tool:
    from mentionfinder.demo.run import crawl_command, crawl_env  # the project's own way to crawl a loopback web

    pack = work / "bench-niche.toml"
    pack.write_text(
        f'name = "bench"\ndescription = "benchmark web"\nseeds = {json.dumps(web.seeds)}\n'
        f'footprints = ["{benchweb.FOOTPRINT}"]\n',
        "utf-8",
    )
    config = work / "mentionfinder.toml"
    config.write_text(
        f'[brand]\nname = "{benchweb.BRAND_NAME}"\naliases = []\n'
        f'domains = ["{benchweb.BRAND_HOST}"]\nsitemaps = ["{web.brand_sitemap}"]\n',
        "utf-8",
    )
    db = work / "mentionfinder-run" / "bench.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    extra = [arg for name, value in BENCH_PROFILE.items() for arg in ("-s", f"{name}={value}")]
    extra += [arg for setting in overrides for arg in ("-s", setting)]
    command = crawl_command(types.SimpleNamespace(resolve_setting=lambda: pins), pack, config, db, *extra)

    def before(folder: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    def parse(stdout: str, folder: Path, code: int):
        if code != 0:
            return -1, f"exit {code}; see {folder / 'stderr.txt'}", False
        return verify_mentionfinder(web, db)

    return Tool("mentionfinder", command, parse, cwd=db.parent, env=crawl_env(), before=before)


def verify_mentionfinder(web: benchweb.Web, db: Path) -> tuple[int, str, bool]:
    """Compare what the crawl recorded with the web's truth; any difference makes the run wrong."""
    from mentionfinder.store import Store

    store = Store(db)
    try:
        counts = store.counts()
    finally:
        store.close()
    by_verdict = collections.Counter()
    for verdict, _reason, n in counts["checks_by_reason"]:
        by_verdict[verdict] += n
    dead = by_verdict["dead"]
    expected = {
        "dead": (dead, len(web.dead)),
        "checks": (counts["checks"], web.outbound_unique),
        "resource_pages": (counts["resource_pages"], web.crawl_pages),
        "broken_link": (counts["findings"]["broken_link"], web.dead_links),
        "unlinked_mention": (counts["findings"]["unlinked_mention"], web.unlinked_mention_pages),
    }
    wrong = [f"{k} {got}≠{want}" for k, (got, want) in expected.items() if got != want]
    reasons = ", ".join(f"{v}/{r}={n}" for v, r, n in counts["checks_by_reason"])
    notes = (
        ("WRONG: " + "; ".join(wrong) + f" ({reasons})")
        if wrong
        else f"{counts['checks']} checks, {counts['findings']['broken_link']} broken-link + "
        f"{counts['findings']['unlinked_mention']} mention findings"
    )
    return dead, notes, not wrong


def linkinator_tool(web: benchweb.Web, cli: Path) -> Tool:
    command = [
        "node",
        str(cli),
        *web.seeds,
        "--recurse",
        "--concurrency",
        str(LINKINATOR_CONCURRENCY),
        "--timeout",
        "20000",
        "--format",
        "CSV",
        "--verbosity",
        "error",
    ]

    def parse(stdout: str, folder: Path, code: int):
        # CSV url,status,state,parent,failureDetails: one row per broken occurrence; count unique URLs.
        rows = list(csv.reader(io.StringIO(stdout)))
        broken = {row[0] for row in rows[1:] if len(row) > 2 and row[2] == "BROKEN"}
        occurrences = sum(1 for row in rows[1:] if len(row) > 2 and row[2] == "BROKEN")
        return len(broken), f"{occurrences} broken rows", code in (0, 1)

    return Tool("linkinator", command, parse, private_hosts=True)


def linkchecker_tool(web: benchweb.Web, binary: Path, work: Path) -> Tool:
    rc = work / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC.format(threads=LINKCHECKER_THREADS), "utf-8")
    rc.chmod(0o644)  # LinkChecker run as root drops to `nobody`, who must still read its config
    command = [
        str(binary),
        "-f",
        str(rc),
        "--no-status",
        "--no-warnings",
        "--check-extern",
        "-t",
        str(LINKCHECKER_THREADS),
        "-o",
        "csv",
        *web.seeds,
    ]

    def parse(stdout: str, folder: Path, code: int):
        lines = [line for line in stdout.splitlines() if line and not line.startswith("#")]
        rows = list(csv.DictReader(lines, delimiter=";"))
        invalid = {row["url"] for row in rows if row.get("valid") == "False"}
        return len(invalid), f"{len(rows)} error rows", code in (0, 1)

    # HOME: LinkChecker looks for ~/.linkchecker; point it at a folder with nothing in it.
    env = dict(os.environ, HOME=str(work))
    return Tool("linkchecker", command, parse, private_hosts=True, env=env, cwd=work)


def seeds_file(web: benchweb.Web, work: Path) -> Path:
    seeds = work / "seeds.txt"
    seeds.write_text("\n".join(web.seeds) + "\n", "utf-8")
    return seeds


def floor_like_parse(web: benchweb.Web):
    """Reads the one JSON line the floor and scrapy-bare print, checked against the web's truth."""

    def parse(stdout: str, folder: Path, code: int):
        result = json.loads(stdout.strip().splitlines()[-1])
        ok = code == 0 and result["pages"] == web.crawl_pages and result["checked"] == web.outbound_unique
        return result["dead"], f"{result['pages']} pages, {result['checked']} checked", ok

    return parse


def floor_like_args(web: benchweb.Web, work: Path, pins: str) -> list[str]:
    """The arguments the floor and scrapy-bare share: the pinned names, the seeds and the footprint."""
    return ["--resolve", pins, "--seeds-file", str(seeds_file(web, work)), "--footprint", benchweb.FOOTPRINT]


def floor_tool(web: benchweb.Web, python: Path, work: Path, pins: str) -> Tool:
    command = [
        str(python),
        str(BENCH / "floor.py"),
        *floor_like_args(web, work, pins),
        "--concurrency",
        str(FLOOR_CONCURRENCY),
    ]
    return Tool("floor", command, floor_like_parse(web))


def scrapy_tool(web: benchweb.Web, work: Path, pins: str) -> Tool:
    """The leanest tuned Scrapy spider doing the floor's job (bench/scrapy_bare.py): the ceiling for Scrapy."""
    from mentionfinder.demo.run import crawl_env

    command = [sys.executable, str(BENCH / "scrapy_bare.py"), *floor_like_args(web, work, pins)]
    return Tool("scrapy-bare", command, floor_like_parse(web), env=crawl_env())


# --- nginx headroom, profile, report ----------------------------------------------------------------------------
def wrk_headroom(web: benchweb.Web) -> str:
    host = web.hosts[0]
    argv = [
        "wrk",
        "-t2",
        "-c64",
        "-d3s",
        "--timeout",
        "2s",
        "-H",
        f"Host: {host}:{web.port}",
        f"http://127.0.0.1:{web.port}/resources/page-1.html",
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    match = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    return f"{float(match.group(1)):,.0f} requests/s" if match else f"wrk failed: {done.stderr.strip()[:200]}"


PROJECT_FRAME = re.compile(r"\((mentionfinder|spiders)/")


def profile_mentionfinder(tool: Tool, folder: Path, timeout: float, top: int = 20) -> None:
    """One more mentionfinder run under py-spy (its stats dumped too); prints where the time goes.

    Three views of the samples: requests made by method (Scrapy's stats: the framework's cost grows with
    them), the project's functions by inclusive time (what calls the libraries), and self time by package.
    """
    pyspy = ensure_pyspy()
    folder.mkdir(parents=True, exist_ok=True)
    tool.before(folder)
    raw = folder / "profile.txt"
    command = [*tool.command, "-s", "STATS_DUMP=True", "-s", "LOG_LEVEL=INFO"]  # later -s wins
    argv = [str(pyspy), "record", "--rate", "250", "--format", "raw", "--output", str(raw), "--", *command]
    with open(folder / "stdout.txt", "wb") as out, open(folder / "stderr.txt", "wb") as err:
        code = run_bounded(argv, timeout=timeout * 2, stdout=out, stderr=err, cwd=tool.cwd, env=tool.env)
    # py-spy may exit 1 ("No child process") after writing a complete profile: the file decides.
    if not raw.exists() or raw.stat().st_size == 0:
        print(f"\nprofile failed (py-spy exit {code}); see {folder / 'stderr.txt'}")
        return
    stats = (folder / "stderr.txt").read_text("utf-8", errors="replace")
    methods = dict(re.findall(r"'downloader/request_method_count/(\w+)': (\d+)", stats))
    total, inclusive, by_package = 0, collections.Counter(), collections.Counter()
    for line in raw.read_text("utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        for frame in set(frames):
            if PROJECT_FRAME.search(frame):
                inclusive[frame] += n
        # py-spy names frames "func (path/file.py:line)", site-packages already cut off: group by top folder.
        where = re.search(r"\(([^/():]+)[/.]", frames[-1])
        by_package[where.group(1) if where else frames[-1][:40]] += n
    share = lambda n: f"{100 * n / max(1, total):5.1f}%"  # noqa: E731
    print(f"\npy-spy profile of one mentionfinder run: {total} samples at 250 Hz ({raw})")
    print("  requests by method: " + ", ".join(f"{m} {n}" for m, n in sorted(methods.items())))
    print(f"  top {top} project functions by inclusive time:")
    for frame, n in inclusive.most_common(top):
        print(f"    {share(n)}  {frame[:140]}")
    print(f"  self time by package (top {top}):")
    for package, n in by_package.most_common(top):
        print(f"    {share(n)}  {package}")


def code_state() -> str:
    """Which mentionfinder was measured: the commit, and whether the work tree had changes on top of it."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (no git)"
    return f"{commit or 'unknown'}" + (f" + uncommitted changes in {len(changed)} tracked file(s)" if changed else "")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(tools: list[Tool], web: benchweb.Web) -> dict[str, float]:
    print(
        f"\nweb: {web.crawl_pages} pages in scope ({web.pages} resource pages + {len(web.hosts)} seeds) on "
        f"{len(web.hosts)} sites; {web.outbound_unique} unique outbound URLs ({web.outbound_links} links), "
        f"{len(web.dead)} dead (404, {web.dead_links} broken links), {web.redirects} redirecting (301), "
        f"{web.unlinked_mention_pages} unlinked-mention pages; {len(web.names)} host names"
    )
    header = (
        f"{'tool':<14} {'median s':>9} {'pages/s':>8} {'checks/s':>9} {'peak RSS MB':>12} {'dead found':>11}  runs (s)"
    )
    print("\n" + header + "\n" + "-" * len(header))
    medians = {}
    for tool in tools:
        walls = [s.wall for s in tool.samples]
        wall = median(walls)
        medians[tool.name] = wall
        rss = max((s.rss_mb for s in tool.samples), default=float("nan"))
        deads = sorted({s.dead for s in tool.samples})
        dead = (
            "/".join(str(d) for d in deads) + f"/{len(web.dead)}"
            if len(deads) == 1
            else ",".join(map(str, deads)) + f" of {len(web.dead)}"
        )
        print(
            f"{tool.name:<14} {wall:9.2f} {web.crawl_pages / wall:8.0f} {web.outbound_unique / wall:9.0f} "
            f"{rss:12.0f} {dead:>11}  {' '.join(f'{w:.2f}' for w in walls)}"
        )
    print()
    for tool in tools:
        notes = sorted({s.notes for s in tool.samples})
        print(f"{tool.name}: {' | '.join(notes)}")
    return medians


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # unwinds through the finally blocks that stop our processes


def main() -> int:
    # Ctrl-C and `kill` both unwind (a plain SIGTERM would leave nginx and a tool running); also when started
    # with SIGINT ignored, as background jobs of a non-interactive shell are.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="resource pages in the web (default 5000)")
    parser.add_argument("--hosts", type=int, default=50, help="resource sites (default 50)")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool; the median counts (default 3)")
    parser.add_argument(
        "--tools",
        default="mentionfinder,linkinator,linkchecker,floor,scrapy-bare",
        help="comma-separated subset of mentionfinder,linkinator,linkchecker,floor,scrapy-bare",
    )
    parser.add_argument(
        "--nginx-workers", type=int, default=1, help="nginx worker processes (default 1: the tools need the other core)"
    )
    parser.add_argument("--profile", action="store_true", help="then profile one mentionfinder run with py-spy")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for mentionfinder on top of the bench profile (repeatable), "
        "to compare settings: --set CONCURRENT_REQUESTS=32",
    )
    args = parser.parse_args()
    names = [n.strip() for n in args.tools.split(",") if n.strip()]
    unknown = set(names) - {"mentionfinder", "linkinator", "linkchecker", "floor", "scrapy-bare"}
    if unknown:
        parser.error(f"unknown tool(s): {', '.join(sorted(unknown))}")
    if args.profile and "mentionfinder" not in names:
        parser.error("--profile profiles mentionfinder: include it in --tools")
    timeout = 120 + args.pages * 0.1  # per run: LinkChecker at its slowest stays well inside

    ensure_debian_tools()
    binaries = {}
    if "linkchecker" in names:
        binaries["linkchecker"] = ensure_linkchecker()
    if "linkinator" in names:
        binaries["linkinator"] = ensure_linkinator()
    if "floor" in names:
        binaries["floor"] = ensure_floor_python()

    started = time.perf_counter()
    web = benchweb.cached_or_generate(CACHE / f"web-{args.pages}-{args.hosts}", args.pages, args.hosts)
    log(f"web ready in {time.perf_counter() - started:.1f} s: {web.root}")
    work = CACHE / f"run-{args.pages}-{args.hosts}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    work.chmod(0o755)
    pins = ",".join(f"{name}=127.0.0.1" for name in web.names)
    hosts_file = work / "hosts"
    hosts_file.write_text(
        "127.0.0.1 localhost\n::1 localhost\n" + "".join(f"127.0.0.1 {name}\n" for name in web.names), "utf-8"
    )
    hosts_file.chmod(0o644)

    builders = {
        "mentionfinder": lambda: mentionfinder_tool(web, work, pins, tuple(args.set)),
        "linkinator": lambda: linkinator_tool(web, binaries["linkinator"]),
        "linkchecker": lambda: linkchecker_tool(web, binaries["linkchecker"], work),
        "floor": lambda: floor_tool(web, binaries["floor"], work, pins),
        "scrapy-bare": lambda: scrapy_tool(web, work, pins),
    }
    tools = [builders[name]() for name in names]

    print(f"mentionfinder code: {code_state()}")
    print(
        "mentionfinder bench profile (-s):",
        " ".join(f"{k}={v}" for k, v in BENCH_PROFILE.items()),
        *(f"+ {setting}" for setting in args.set),
    )
    print(
        f"peers: linkinator {LINKINATOR_VERSION} (concurrency {LINKINATOR_CONCURRENCY}), LinkChecker "
        f"{LINKCHECKER_VERSION} ({LINKCHECKER_THREADS} threads), floor (concurrency {FLOOR_CONCURRENCY})"
    )
    nginx = benchweb.Nginx(web, CACHE / f"nginx-{args.pages}-{args.hosts}", workers=args.nginx_workers)
    try:
        nginx.start()
        # Other work on this 2-core machine skews every tool: say how busy it was (compare tools in one run).
        print("load average before the runs: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(
            f"nginx {args.nginx_workers} worker(s) on 127.0.0.1:{web.port}; wrk -t2 -c64 -d3s on one page: "
            f"{wrk_headroom(web)}"
        )
        for run in range(1, args.runs + 1):
            for tool in tools:
                sample = measure(tool, work / f"{tool.name}-{run}", hosts_file, timeout)
                tool.samples.append(sample)
                log(
                    f"run {run}/{args.runs} {tool.name:<13} {sample.wall:7.2f} s  {sample.rss_mb:5.0f} MB  "
                    f"dead {sample.dead}  {sample.notes}"
                )
        medians = report(tools, web)
        if args.profile:
            profile_mentionfinder(next(t for t in tools if t.name == "mentionfinder"), work / "profile", timeout)
    finally:
        nginx.stop()

    mf = next((t for t in tools if t.name == "mentionfinder"), None)
    wrong = mf is not None and any(not s.ok for s in mf.samples)
    if wrong:
        print(
            f"FLAG: mentionfinder's result was WRONG in {sum(not s.ok for s in mf.samples)} of {len(mf.samples)} "
            "run(s) (see its notes above): its speed does not count"
        )
    for tool in tools:
        if tool.name != "mentionfinder" and any(not s.ok for s in tool.samples):
            print(f"note: {tool.name} did not finish cleanly or missed links in some runs (see its notes above)")

    def ratio(name: str) -> str:
        if mf is None or name not in medians:
            return "n/a"
        return f"{medians[name] / medians['mentionfinder']:.2f}"

    peak = f"{max(s.rss_mb for s in mf.samples):.0f}" if mf else "n/a"
    print(
        f"ratio_vs_linkinator={ratio('linkinator')} ratio_vs_linkchecker={ratio('linkchecker')} "
        f"share_of_bound={ratio('floor')} peak_rss_mb={peak}"
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as stop:
        sys.exit(f"interrupted ({stop or 'Ctrl-C'}): servers and tools stopped")
