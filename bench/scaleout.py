"""Scale-out speed-up: one Redis worker against two, on the benchmark web, with ingest as the one writer.

    python bench/scaleout.py [--pages 5000] [--runs 3] [--ingest beside|after]

Serves the same synthetic web as bench/run.py (nginx on 127.0.0.1), starts its own redis-server on a
free loopback port (no persistence) and, per run: seeds the niche, starts N `scrapy crawl resources`
workers with MENTIONFINDER_REDIS_URL, waits for them, then drains the items with `mentionfinder ingest`
(`--ingest beside` runs it beside the workers instead, niced: on 2 cores that gives the 1-worker run the
idle core for free, so both times shrink but the ratio falls). Wall time covers seed → workers done →
ingest done; CPU seconds are printed per part. Each result is checked against the web's truth.
Last line: `ingest=… workers1_s=… workers2_s=… speedup=…`. Every server is stopped by its PID at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import run as benchrun  # noqa: E402  (the benchmark's web, profile and truth check)
import web as benchweb  # noqa: E402

from mentionfinder.demo.run import crawl_command, crawl_env  # noqa: E402

INGEST_NICE = 10
# Every seed is queued before the workers start, so a worker has no late seeds to wait for: it closes as soon
# as the queue is empty and no worker holds a lease (the crawl is complete). Deployments keep a wait (default 30 s).
IDLE = ("-s", "MENTIONFINDER_IDLE_SECONDS=0", "-s", "MENTIONFINDER_WORKER_TTL=10")


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if not binary:
        subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], check=True, timeout=600)
        binary = shutil.which("redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, url
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError("redis-server did not start")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process and its children (nginx's workers), read from /proc."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        pending.extend(int(child) for child in children)
    return total


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def one_run(workers: int, web, work: Path, pins: str, url: str, servers: dict[str, int], ingest_mode: str) -> float:
    import redis

    redis.Redis.from_url(url).flushall()
    tool = benchrun.mentionfinder_tool(web, work, pins)  # writes the pack and brand config, builds the command
    db = work / "mentionfinder-run" / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    pack, config = work / "bench-niche.toml", work / "mentionfinder.toml"
    extra = [arg for name, value in benchrun.BENCH_PROFILE.items() for arg in ("-s", f"{name}={value}")]
    command = crawl_command(
        type("Pins", (), {"resolve_setting": staticmethod(lambda: pins)}),
        pack,
        config,
        db,
        *extra,
        *IDLE,
        "-s",
        f"MENTIONFINDER_REDIS_URL={url}",
    )
    env = crawl_env()
    mf = [sys.executable, "-m", "mentionfinder.cli"]
    ingest_command = [*mf, "ingest", "--redis", url, "--db", str(db), "--idle", "0"]
    start = time.perf_counter()
    subprocess.run(
        [*mf, "seed", "--niche", str(pack), "--redis", url, "--config", str(config)],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    seeded = time.perf_counter()
    # CPU of the crawl phase: what the workers used (reaped children) and what the servers used beside them.
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    servers_before = {name: tree_cpu_seconds(pid) for name, pid in servers.items()}
    ingest = None
    if ingest_mode == "beside":
        # As deployed: the writer drains while the workers crawl, niced so that it takes only spare CPU.
        ingest = subprocess.Popen(
            ["nice", "-n", str(INGEST_NICE), *ingest_command],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    procs = [
        subprocess.Popen(command, cwd=tool.cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        for proc in procs:
            if proc.wait(timeout=1800) != 0:
                raise RuntimeError(f"a worker exited {proc.returncode}")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    crawled = time.perf_counter()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {"workers": _cpu(children_after) - _cpu(children_before)}
    cpu.update({name: tree_cpu_seconds(pid) - servers_before[name] for name, pid in servers.items()})
    if ingest is None:
        subprocess.run(ingest_command, check=True, env=env, capture_output=True, timeout=600)
    else:
        _, err = ingest.communicate(timeout=600)
        if ingest.returncode:
            raise RuntimeError(f"ingest exited {ingest.returncode}: {err.decode(errors='replace')[-500:]}")
    cpu["ingest"] = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(children_after)
    wall = time.perf_counter() - start
    dead, notes, ok = benchrun.verify_mentionfinder(web, db)
    print(
        f"  {workers} worker(s): {wall:6.2f} s (seed {seeded - start:.1f}, workers {crawled - seeded:.1f}, "
        f"ingest tail {start + wall - crawled:.1f}; CPU s: "
        f"{', '.join(f'{name} {seconds:.1f}' for name, seconds in cpu.items())})  dead {dead}/{len(web.dead)}  "
        f"{'ok' if ok else 'WRONG: ' + notes}",
        flush=True,
    )
    if not ok:
        raise RuntimeError(f"{workers}-worker run recorded a wrong result: {notes}")
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--ingest",
        choices=("after", "beside"),
        default="after",
        help="run ingest after the workers (default: the workers' scaling, the writer's time "
        "still counted) or beside them, niced, as a deployment may",
    )
    args = parser.parse_args()
    web = benchweb.cached_or_generate(benchrun.CACHE / f"web-{args.pages}-{args.hosts}", args.pages, args.hosts)
    work = benchrun.CACHE / f"scaleout-{args.pages}-{args.hosts}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pins = ",".join(f"{name}=127.0.0.1" for name in web.names)
    redis_proc, url = start_redis(work)
    nginx = benchweb.Nginx(web, benchrun.CACHE / f"nginx-{args.pages}-{args.hosts}", workers=1)
    try:
        nginx.start()
        servers = {"redis": redis_proc.pid, "nginx": nginx.process.pid}
        times = {1: [], 2: []}
        for _ in range(args.runs):  # round-robin, so drift hits both alike
            for workers in (1, 2):
                times[workers].append(one_run(workers, web, work, pins, url, servers, args.ingest))
    finally:
        nginx.stop()
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(
        f"\nmedian of {args.runs}: 1 worker {one:.2f} s, 2 workers {two:.2f} s on {args.pages} pages "
        f"({web.outbound_unique} unique outbound URLs), 2 cores"
    )
    print(f"ingest={args.ingest} workers1_s={one:.2f} workers2_s={two:.2f} speedup={one / two:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
