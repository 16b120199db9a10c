"""Opportunity lists for outreach: replacements, contacts, layouts, grouping, states, and the webhook feed."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mentionfinder.output.layouts import BUZZSTREAM, GROUP_FIELDS, HUNTER, PITCHBOX
from tests.conftest import make_crawl

CLINIC = "http://links.fixture-clinic.co.uk:{{PORT}}/resources/"


@pytest.fixture(scope="module")
def crawled(web, tmp_path_factory):
    crawl = make_crawl(web, tmp_path_factory.mktemp("outreach"))
    crawl.run()
    return crawl


def cli(crawl, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", *args, "--db", str(crawl.db)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def jsonl(crawl, *args: str) -> list[dict]:
    return [json.loads(line) for line in cli(crawl, "export", "--format", "jsonl", *args).stdout.splitlines()]


def test_own_site_read_from_robots_index_and_gzip(crawled, web):
    own = {url: title for url, title in crawled.rows("SELECT url, title FROM own_pages WHERE fetched_at IS NOT NULL")}
    assert own[web.url("vitalishealth.test", "/guides/healthy-eating-on-a-budget/")].startswith("Healthy eating")
    assert web.url("vitalishealth.test", "/guides/sleep-tips/") in own  # from the gzipped child sitemap
    assert len(own) == 6


@pytest.mark.parametrize(
    "target, replacement",
    [
        ("http://alive.test:{{PORT}}/missing-page", "/guides/healthy-eating-on-a-budget/"),
        ("http://gone.test:{{PORT}}/old", "/vaccines/schedule/"),
        ("http://rootredirect.test:{{PORT}}/programs/diabetes/support-groups.html", "/diabetes/support/"),
    ],
)
def test_dead_links_get_the_replacement_a_human_would_pick(crawled, web, target, replacement):
    record = next(r for r in jsonl(crawled) if r["target_url"] == web.fill(target))
    assert record["replacement_url"] == web.url("vitalishealth.test", replacement)
    assert 0 < record["match_score"] <= 100 and record["replacement_title"]


def test_contacts_from_page_and_contact_page(crawled, web):
    record = next(r for r in jsonl(crawled) if r["page_url"] == web.fill(CLINIC))
    assert record["contact_emails"] == "info@fixture-clinic.co.uk"
    assert record["contact_url"] == web.url("www.fixture-clinic.co.uk", "/about/")
    assert record["page_dead_links"] >= 10 and record["is_resource_page"] == "yes"


def test_layout_columns_match_the_tools_imports(crawled):
    for layout, columns in (("buzzstream", BUZZSTREAM), ("pitchbox", PITCHBOX), ("hunter", HUNTER)):
        rows = list(csv.reader(io.StringIO(cli(crawled, "export", "--layout", layout).stdout)))
        assert tuple(rows[0]) == columns, layout
        assert len(rows) > 1, layout
    pitchbox = list(csv.DictReader(io.StringIO(cli(crawled, "export", "--layout", "pitchbox").stdout)))
    assert {r["Link Type Rel"] for r in pitchbox} <= {"follow", "nofollow", "sponsored", "ugc"}
    assert "sponsored" in {r["Link Type Rel"] for r in pitchbox}  # the gone.test link is rel="noopener sponsored"
    hunter = list(csv.DictReader(io.StringIO(cli(crawled, "export", "--layout", "hunter").stdout)))
    assert all(r["email"] for r in hunter)  # a lead without an address is left out


def test_group_by_page_puts_one_prospect_per_row(crawled, web):
    rows = list(csv.DictReader(io.StringIO(cli(crawled, "export", "--group", "page").stdout)))
    assert tuple(rows[0].keys()) == GROUP_FIELDS
    assert len({r["page_url"] for r in rows}) == len(rows)
    clinic = next(r for r in rows if r["page_url"] == web.fill(CLINIC))
    targets, replacements = clinic["target_urls"].split(" | "), clinic["replacement_urls"].split(" | ")
    assert len(targets) == len(replacements) >= 10
    assert replacements[targets.index(web.fill("http://gone.test:{{PORT}}/old"))].endswith("/vaccines/schedule/")


def test_min_score_and_since_filter(crawled):
    scored = jsonl(crawled, "--min-score", "40")
    assert scored and all(r["match_score"] >= 40 for r in scored)
    assert jsonl(crawled, "--since", "2999-01-01") == []
    assert cli(crawled, "export", "--since", "yesterday", check=False).returncode != 0


def test_states_ignored_never_exported_again(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "states")
    crawl.run("-a", "max_depth=0")
    first = jsonl(crawl)
    assert {r["status"] for r in first} == {"new"}
    target = first[0]["opportunity_id"]
    cli(crawl, "status", target, "ignored")
    again = jsonl(crawl)
    assert target not in {r["opportunity_id"] for r in again}
    assert {r["status"] for r in again} == {"exported"}  # the first export moved them on
    assert jsonl(crawl, "--since", "last") == []  # nothing new since that export
    crawl.run("-a", "max_depth=0")  # a re-crawl keeps the states
    assert target not in {r["opportunity_id"] for r in jsonl(crawl)}
    cli(crawl, "status", target, "won")
    assert next(r for r in jsonl(crawl) if r["opportunity_id"] == target)["status"] == "won"
    bad = cli(crawl, "status", "0000000000000000", "won", check=False)
    assert bad.returncode != 0 and "no opportunity" in bad.stderr


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x.test")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_formulas_are_neutralised(cell):
    from mentionfinder.output.export import FIELDS, write

    out = io.StringIO()
    write([{"opportunity_id": "x", "type": "broken_link", "anchor_text": cell}], "csv", out, FIELDS)
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["anchor_text"] == "'" + cell


class Receiver:
    """A real webhook receiver on loopback that fails on purpose, in the order given."""

    def __init__(self, faults: list[str], secret: str = ""):
        self.faults, self.secret = list(faults), secret
        self.received: list[tuple[str, list[str], bool]] = []  # (idempotency key, ids, signature ok)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fault = receiver.faults.pop(0) if receiver.faults else "ok"
                if fault == "timeout":
                    time.sleep(1.5)  # longer than the client's timeout
                    return
                if fault == "drop":  # the body was read; the connection dies before any answer
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                ids = [o["opportunity_id"] for o in json.loads(body)["opportunities"]]
                expected = "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                receiver.received.append(
                    (self.headers["Idempotency-Key"], ids, self.headers.get("X-Mentionfinder-Signature") == expected)
                )
                status = 500 if fault == "500" else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_webhook_delivers_every_opportunity_once_despite_faults(crawled):
    everything = {r["opportunity_id"] for r in jsonl(crawled)}
    receiver = Receiver(["500", "ok", "timeout", "ok", "drop", "ok"], secret="s3cr3t")
    try:
        env = {"MF_HOOK_SECRET": "s3cr3t"}
        done = cli(
            crawled,
            "push",
            "--url",
            receiver.url,
            "--secret-env",
            "MF_HOOK_SECRET",
            "--batch-size",
            "6",
            "--timeout",
            "0.5",
            env=env,
        )
        delivered = {i for key, ids, _ in receiver.received for i in ids}
        assert delivered == everything
        assert all(ok for _, _, ok in receiver.received)  # every body's signature verifies
        assert "s3cr3t" not in done.stdout + done.stderr
        # A batch that arrived twice (500 then retried) carries the same key both times.
        by_key: dict[str, list[list[str]]] = {}
        for key, ids, _ in receiver.received:
            by_key.setdefault(key, []).append(ids)
        assert all(all(ids == seen[0] for ids in seen) for seen in by_key.values())
        assert any(len(seen) > 1 for seen in by_key.values())
        # After success, nothing is ever sent again.
        count = len(receiver.received)
        cli(crawled, "push", "--url", receiver.url, "--secret-env", "MF_HOOK_SECRET", env=env)
        assert len(receiver.received) == count
    finally:
        receiver.close()


def test_webhook_rerun_sends_only_what_failed(crawled):
    receiver = Receiver(["500"] * 3)  # the first batch fails through all its retries
    try:
        failed = cli(crawled, "push", "--url", receiver.url, "--batch-size", "5", "--retries", "2", check=False)
        assert failed.returncode != 0 and "run push again" in failed.stderr
        first = {i for _, ids, _ in receiver.received for i in ids}
        receiver.received.clear()
        cli(crawled, "push", "--url", receiver.url, "--batch-size", "5")
        second = [i for _, ids, _ in receiver.received for i in ids]
        assert len(second) == len(set(second))
        everything = {r["opportunity_id"] for r in jsonl(crawled)}
        assert set(second) | first >= everything
        assert len(set(second)) == 5  # only the batch that never got through is sent again
    finally:
        receiver.close()


def test_dry_run_sends_and_records_nothing(crawled):
    receiver = Receiver([])
    try:
        done = cli(crawled, "push", "--url", receiver.url.replace("/hook", "/dry"), "--dry-run")
        assert "would send" in done.stdout and receiver.received == []
        missing = cli(crawled, "push", "--url", receiver.url, "--secret-env", "MF_NOT_SET_ANYWHERE", check=False)
        assert missing.returncode != 0 and "MF_NOT_SET_ANYWHERE" in missing.stderr
    finally:
        receiver.close()


def test_matching_copes_with_own_pages_known_only_by_url(tmp_path):
    from mentionfinder.ownsite.replacements import match_all
    from mentionfinder.store import Store

    store = Store(tmp_path / "own.db")
    try:
        store.write([], [], "run", own_pages=[{"url": "http://own.test/guides/sleep-tips/"}])  # listed, not fetched
        assert match_all(store) == "0 of 0 findings have a replacement among 1 own pages"
    finally:
        store.close()
