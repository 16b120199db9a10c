"""`mentionfinder inspect` and `demo` as a user runs them."""

from __future__ import annotations

import json

from tests.helpers import assert_one_line_error, run

PAGE = """<html><head><title>Useful links</title><base href="https://links.site.test/list/"></head><body>
<nav><a href="/">Home</a></nav>
<main><p>We like <a href="https://other.test/a" rel="nofollow">Vitalis Health</a> a lot.</p>
<p><img src="x.png"><a href="https://pics.test/"><img src="p.png" alt="Pictures"></a></p>
<script>var s = "Vitalis Health";</script></main>
<footer><a href="sub/page.html">Sub page</a></footer></body></html>"""


def test_inspect_file_lists_links_and_mentions(project, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    done = run("-m", "mentionfinder.cli", "inspect", str(page), "--format", "jsonl", "--config", str(project.config))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    links = [(r["url"], r["anchor_text"], r["rel"], r["placement"], r["outbound"]) for r in rows if r["kind"] == "link"]
    assert links == [
        ("https://links.site.test/", "Home", "", "navigation", False),
        ("https://other.test/a", "Vitalis Health", "nofollow", "content", True),
        ("https://pics.test/", "Pictures", "", "content", True),
        ("https://links.site.test/list/sub/page.html", "Sub page", "", "footer", False),
    ]
    mentions = [(r["mention_text"], r["linked"]) for r in rows if r["kind"] == "mention"]
    assert mentions == [("Vitalis Health", False)]


def test_inspect_url_on_the_fixture_web(web, project):
    done = run(
        "-m",
        "mentionfinder.cli",
        "inspect",
        web.url("127.0.0.1", "/"),
        "--allow-private",
        "--config",
        str(project.config),
    )
    assert done.returncode == 0, done.stderr
    assert "www.vitalishealth.test/guides/" in done.stdout and "outbound" in done.stdout
    assert "VitalisHealth" in done.stdout and "yes" in done.stdout  # the mention, linked


def test_inspect_refuses_loopback_without_permission(web, project):
    before = len(web.requests)
    done = run("-m", "mentionfinder.cli", "inspect", web.url("127.0.0.1", "/"), "--config", str(project.config))
    assert_one_line_error(done, "private or loopback", "--allow-private")
    assert len(web.requests) == before


def test_demo_runs_offline_and_prints_the_opportunities(tmp_path):
    db = tmp_path / "demo.db"
    done = run("-m", "mentionfinder.cli", "demo", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "7 opportunities" in done.stdout
    for expected in (
        "healthy-eating-on-a-budget",
        "old-nutrition-society.invalid",
        "connection_refused",
        "http_410",
        "unlinked_mention",
    ):
        assert expected in done.stdout
    assert "events.html" not in done.stdout
    assert db.is_file()
