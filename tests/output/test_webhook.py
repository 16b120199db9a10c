"""mentionfinder.output.webhook (`mentionfinder push`) on a real receiver that fails on purpose; and the outreach
flow around it on a crawled fixture web: the own site, contacts, filters, states."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import make_crawl
from tests.helpers import cli, jsonl

CLINIC = "http://links.fixture-clinic.co.uk:{{PORT}}/resources/"


def mf(crawl, *args: str, **kw) -> subprocess.CompletedProcess:
    return cli(*args, "--db", str(crawl.db), **kw)


def test_own_site_read_from_robots_index_and_gzip(outreach, web):
    own = {url: title for url, title in outreach.rows("SELECT url, title FROM own_pages WHERE fetched_at IS NOT NULL")}
    assert own[web.url("vitalishealth.test", "/guides/healthy-eating-on-a-budget/")].startswith("Healthy eating")
    assert web.url("vitalishealth.test", "/guides/sleep-tips/") in own  # from the gzipped child sitemap
    assert len(own) == 6


def test_contacts_from_page_and_contact_page(outreach, web):
    record = next(r for r in jsonl(outreach.db) if r["page_url"] == web.fill(CLINIC))
    assert record["contact_emails"] == "info@fixture-clinic.co.uk"
    assert record["contact_url"] == web.url("www.fixture-clinic.co.uk", "/about/")
    assert record["page_dead_links"] >= 10 and record["is_resource_page"] == "yes"


def test_min_score_and_since_filter(outreach):
    scored = jsonl(outreach.db, "--min-score", "40")
    assert scored and all(r["match_score"] >= 40 for r in scored)
    assert jsonl(outreach.db, "--since", "2999-01-01") == []
    assert mf(outreach, "export", "--since", "yesterday", check=False).returncode != 0


def test_states_ignored_never_exported_again(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "states")
    crawl.run("-a", "max_depth=0")
    first = jsonl(crawl.db)
    assert {r["status"] for r in first} == {"new"}
    target = first[0]["opportunity_id"]
    mf(crawl, "status", target, "ignored")
    again = jsonl(crawl.db)
    assert target not in {r["opportunity_id"] for r in again}
    assert {r["status"] for r in again} == {"exported"}  # the first export moved them on
    assert jsonl(crawl.db, "--since", "last") == []  # nothing new since that export
    crawl.run("-a", "max_depth=0")  # a re-crawl keeps the states
    assert target not in {r["opportunity_id"] for r in jsonl(crawl.db)}
    mf(crawl, "status", target, "won")
    assert next(r for r in jsonl(crawl.db) if r["opportunity_id"] == target)["status"] == "won"
    bad = mf(crawl, "status", "0000000000000000", "won", check=False)
    assert bad.returncode != 0 and "no opportunity" in bad.stderr


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


def test_webhook_delivers_every_opportunity_once_despite_faults(outreach):
    everything = {r["opportunity_id"] for r in jsonl(outreach.db)}
    receiver = Receiver(["500", "ok", "timeout", "ok", "drop", "ok"], secret="s3cr3t")
    try:
        env = {"MF_HOOK_SECRET": "s3cr3t"}
        push = [
            "push",
            "--url",
            receiver.url,
            "--secret-env",
            "MF_HOOK_SECRET",
            "--batch-size",
            "6",
            "--timeout",
            "0.5",
        ]
        done = mf(outreach, *push, env=env)
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
        mf(outreach, "push", "--url", receiver.url, "--secret-env", "MF_HOOK_SECRET", env=env)
        assert len(receiver.received) == count
    finally:
        receiver.close()


def test_webhook_rerun_sends_only_what_failed(outreach):
    receiver = Receiver(["500"] * 3)  # the first batch fails through all its retries
    try:
        failed = mf(outreach, "push", "--url", receiver.url, "--batch-size", "5", "--retries", "2", check=False)
        assert failed.returncode != 0 and "run push again" in failed.stderr
        first = {i for _, ids, _ in receiver.received for i in ids}
        receiver.received.clear()
        mf(outreach, "push", "--url", receiver.url, "--batch-size", "5")
        second = [i for _, ids, _ in receiver.received for i in ids]
        assert len(second) == len(set(second))
        everything = {r["opportunity_id"] for r in jsonl(outreach.db)}
        assert set(second) | first >= everything
        assert len(set(second)) == 5  # only the batch that never got through is sent again
    finally:
        receiver.close()


def test_dry_run_sends_and_records_nothing(outreach):
    receiver = Receiver([])
    try:
        done = mf(outreach, "push", "--url", receiver.url.replace("/hook", "/dry"), "--dry-run")
        assert "would send" in done.stdout and receiver.received == []
        missing = mf(outreach, "push", "--url", receiver.url, "--secret-env", "MF_NOT_SET_ANYWHERE", check=False)
        assert missing.returncode != 0 and "MF_NOT_SET_ANYWHERE" in missing.stderr
    finally:
        receiver.close()
