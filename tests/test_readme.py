"""The README's `$` examples, run and compared with the output it shows, so the docs cannot drift.

Every `$` line of a console block is either run here (against the demo's database, the sample web or a
real redis-server) or listed in NOT_RUN with the reason. Output is compared after masking what differs
from run to run: ports, timestamps, opportunity ids and temporary paths.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentionfinder.demo.run import DEMO_DIR, crawl_env
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")

# Commands shown but not run (exactly as written, trailing comment left out), with the reason.
NOT_RUN = {
    "make demo": "the set-up itself (the demo is run below as `mentionfinder demo`)",
    "make test": "the set-up itself (CI runs it)",
    ". .venv/bin/activate": "shell set-up",
    "cp mentionfinder.example.toml mentionfinder.toml": "shell set-up",
    "scrapy crawl resources -a niche=health": "a crawl of real sites (needs the internet)",
    "mentionfinder export --niche health --format csv -o opportunities.csv": "the export of that real crawl",
    "scrapy crawl resources -a niche=health -s MENTIONFINDER_REDIS_URL=redis://REDIS-HOST:6379/0": "a worker",
    "mentionfinder ingest --redis redis://REDIS-HOST:6379/0 --db data/mentionfinder.db": "ingest on a remote Redis",
}


@dataclass
class Example:
    command: str
    expected: list[str]
    line: int


def examples() -> list[Example]:
    found: list[Example] = []
    in_console = False
    for number, line in enumerate(README.splitlines(), 1):
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            continue
        if not in_console:
            continue
        if line.startswith("$ "):
            command = re.sub(r"\s+#.*$", "", line[2:]).strip()  # a trailing comment is for the reader
            found.append(Example(command, [], number))
        elif found:
            found[-1].expected.append(line)
    return found


def is_run(example: Example) -> bool:
    return example.command not in NOT_RUN


def mask(text: str, tmp: Path) -> list[str]:
    text = text.replace(str(tmp), "/tmp")
    text = re.sub(r"(\.test|127\.0\.0\.1|localhost):\d{2,5}", r"\1:PORT", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)
    text = re.sub(r"\b[0-9a-f]{16}\b", "ID", text)
    text = re.sub(r"redis://127\.0\.0\.1:\d+/", "redis://127.0.0.1:PORT/", text)
    return [line.rstrip() for line in text.rstrip("\n").splitlines()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo, run as the README runs it, in a folder of its own: its output and its database."""
    tmp = tmp_path_factory.mktemp("readme")
    done = subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", "demo", "--db", str(tmp / "d.db")],
        cwd=tmp,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    shutil.copy(tmp / "d.db", tmp / "demo.db")
    with sqlite3.connect(tmp / "demo.db") as conn:
        port = conn.execute("SELECT url FROM pages LIMIT 1").fetchone()[0].rsplit(":", 1)[1].split("/")[0]
    # The page the inspect example reads, saved as that site serves it (on the port of its --base-url).
    page = (DEMO_DIR / "familycare-blog.test/2019/10/best-health-sites/index.html").read_text("utf-8")
    (tmp / "best-health-sites.html").write_text(page.replace("{{PORT}}", "8080"), "utf-8")
    return tmp, done.stderr + done.stdout, port


def run(example: Example, tmp: Path, port: str, redis_url: str | None) -> str:
    command = example.command
    if command.startswith(".venv/bin/mentionfinder demo"):
        return ""  # the demo fixture ran it
    command = re.sub(r"(\.test):\d+", rf"\1:{port}", command) if "--base-url" not in command else command
    if redis_url:
        command = re.sub(r"redis://127\.0\.0\.1:\d+/\d+", redis_url, command)
    head = None
    if " | head -" in command:
        command, count = command.rsplit(" | head -", 1)
        head = int(count)
    # The inspect example names the demo's brand config by its path in the source folder.
    argv = [arg.replace("mentionfinder/demo/web/", f"{DEMO_DIR}/") for arg in shlex.split(command)]
    if argv[0] == "mentionfinder" and argv[1] == "status":
        argv[2] = unlinked_id(tmp)
    if argv[0] == "mentionfinder" and argv[1] == "mentions":
        tmp = with_alias(tmp, port)
    program = {"mentionfinder": [sys.executable, "-m", "mentionfinder.cli"], "scrapy": [sys.executable, "-m", "scrapy"]}
    done = subprocess.run(
        [*program[argv[0]], *argv[1:]], cwd=tmp, env=crawl_env(), capture_output=True, text=True, timeout=120
    )
    output = done.stdout + done.stderr
    return "\n".join(output.splitlines()[:head]) if head else output


def with_alias(tmp: Path, port: str) -> Path:
    """The mentions example's own folder: a copy of the demo's database, and its brand config with the alias
    "Acme" added (as the README says), so the other examples keep the demo's findings."""
    folder = tmp / "aliases"
    if not folder.exists():
        folder.mkdir()
        shutil.copy(tmp / "demo.db", folder / "demo.db")
        config = (DEMO_DIR / "mentionfinder.toml").read_text("utf-8").replace("{{PORT}}", port)
        (folder / "mentionfinder.toml").write_text(config.replace('["AcmeWellness"]', '["AcmeWellness", "Acme"]'))
    return folder


def unlinked_id(tmp: Path) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mentionfinder.cli",
            "export",
            "--db",
            "demo.db",
            "--type",
            "unlinked_mention",
            "--format",
            "jsonl",
        ],
        cwd=tmp,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(done.stdout.splitlines()[0])["opportunity_id"]


def test_examples_not_run_are_still_in_the_readme():
    # A stale entry here would hide that an example changed: each must still stand in the README.
    assert set(NOT_RUN) <= {e.command for e in examples()}


def test_the_demo_prints_what_the_readme_shows(demo):
    tmp, output, _ = demo
    [example] = [e for e in examples() if e.command.startswith(".venv/bin/mentionfinder demo")]
    assert mask(output, tmp) == mask("\n".join(example.expected), tmp)


@pytest.mark.parametrize(
    "example", [e for e in examples() if is_run(e) and "demo --db" not in e.command], ids=lambda e: f"line{e.line}"
)
def test_example_prints_what_the_readme_shows(example, demo, request):
    tmp, _, port = demo
    redis_url = request.getfixturevalue("redis_url") if "--redis" in example.command else None
    if redis_url and not (tmp / "mentionfinder.toml").exists():
        shutil.copy(ROOT / "mentionfinder.example.toml", tmp / "mentionfinder.toml")
    assert mask(run(example, tmp, port, redis_url), tmp) == mask("\n".join(example.expected), tmp)
