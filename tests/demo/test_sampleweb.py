"""mentionfinder.demo.sampleweb.SampleWeb: a folder per host served on loopback, routes for odd answers, and
pages built from templates (include, set, echo) that never reach outside the web root."""

from __future__ import annotations

import gzip
import http.client
import json

import pytest

from mentionfinder.demo.run import DEMO_DIR
from mentionfinder.demo.sampleweb import DIRECTIVE, SampleWeb
from tests.conftest import WEB


@pytest.fixture
def tiny(tmp_path):
    site = tmp_path / "site.test"
    (site / "docs").mkdir(parents=True)
    (site / "index.html").write_text("<a href='http://site.test:{{PORT}}/x'>x</a>", "utf-8")
    (site / "map.xml").write_text("<loc>http://site.test:{{PORT}}/</loc>", "utf-8")
    routes = {
        "/moved": {"status": 301, "location": "http://site.test:{{PORT}}/"},
        "/flaky": {"sequence": [{"status": 503}, {}]},
    }
    routes["/file-head"] = {"head_status": 405, "file": "/index.html"}
    (site / "_routes.json").write_text(json.dumps(routes), "utf-8")
    with SampleWeb(tmp_path) as web:
        yield web


def get(web, host, path, method="GET"):
    conn = http.client.HTTPConnection(web.address, web.port, timeout=5)
    try:
        conn.request(method, path, headers={"Host": f"{host}:{web.port}"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_files_are_served_with_the_port_filled_in(tiny):
    status, headers, body = get(tiny, "site.test", "/index.html")
    assert (status, body) == (200, f"<a href='http://site.test:{tiny.port}/x'>x</a>".encode())
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert (
        gzip.decompress(get(tiny, "site.test", "/map.xml.gz")[2])
        == f"<loc>http://site.test:{tiny.port}/</loc>".encode()
    )
    assert get(tiny, "site.test", "/nothing")[0] == 404 and get(tiny, "other.test", "/")[0] == 404


def test_routes_redirect_fail_in_sequence_and_answer_head_apart(tiny):
    status, headers, _ = get(tiny, "site.test", "/moved")
    assert (status, headers["Location"]) == (301, tiny.url("site.test"))
    assert [get(tiny, "site.test", "/flaky")[0] for _ in range(3)] == [503, 404, 404]
    assert (get(tiny, "site.test", "/file-head", "HEAD")[0], get(tiny, "site.test", "/file-head")[0]) == (405, 200)
    assert ("GET", "site.test", "/moved") in tiny.requests


def test_resolve_pins_every_host_and_the_refused_ones(tiny):
    pins = dict(pair.split("=") for pair in tiny.resolve_setting().split(","))
    assert pins == dict.fromkeys(["refused-clinic.test", "refused.test", "site.test"], "127.0.0.1")
    assert tiny.fill("{{PORT}}/{{CLOSED_PORT}}") == f"{tiny.port}/{tiny.closed_port}"


# --- templates ---------------------------------------------------------------------------------------

DEMO_WEB = DEMO_DIR
FIXTURE_WEB = WEB


def status_and_body(web: SampleWeb, host: str, path: str) -> tuple[int, bytes]:
    status, _, body = get(web, host, path)
    return status, body


@pytest.fixture
def templated(tmp_path):
    root = tmp_path / "web"
    (root / "_parts").mkdir(parents=True)
    (root / "_parts" / "top.html").write_text('<html>\n<h1><!--#echo var="site" --></h1>\n')
    (root / "site.test").mkdir()
    (root / "site.test" / "_nav.html").write_text('<a href="http://site.test:{{PORT}}/">Home</a>\n')
    (root / "site.test" / "index.html").write_text(
        '<!--#set var="site" value="Site &amp; Co" -->\n'
        '<!--#include virtual="/_parts/top.html" -->\n'
        '<nav><!--#include virtual="/site.test/_nav.html" --></nav>\n'
        "</html>\n"
    )
    (root / "site.test" / "notes.txt").write_text('<!--#include virtual="/_parts/top.html" -->\n')
    (tmp_path / "secret.html").write_text("SECRET\n")
    bad = {
        "escape.html": '<!--#include virtual="/../secret.html" -->',
        "missing.html": '<!--#include virtual="/_parts/none.html" -->',
        "unset.html": '<!--#echo var="nobody" -->',
        "loop.html": '<!--#include virtual="/site.test/loop.html" -->',
    }
    for name, text in bad.items():
        (root / "site.test" / name).write_text(text)
    with SampleWeb(root) as web:
        yield web


def test_page_is_assembled_from_its_parts(templated):
    status, body = status_and_body(templated, "site.test", "/")
    nav = templated.fill('<nav><a href="http://site.test:{{PORT}}/">Home</a></nav>')
    assert status == 200
    assert body.decode() == f"<html>\n<h1>Site &amp; Co</h1>\n{nav}\n</html>\n"


def test_parts_are_neither_hosts_nor_pages_and_other_files_stay_raw(templated):
    assert templated.hosts == ["site.test"]
    assert status_and_body(templated, "site.test", "/_nav.html")[0] == 404
    assert status_and_body(templated, "site.test", "/notes.txt") == (
        200,
        b'<!--#include virtual="/_parts/top.html" -->\n',
    )


@pytest.mark.parametrize(
    "path, says",
    [
        ("/escape.html", b"no file inside the web root: /../secret.html"),
        ("/missing.html", b"no file inside the web root: /_parts/none.html"),
        ("/unset.html", b"never set: nobody"),
        ("/loop.html", b"nested more than 4 deep"),
    ],
)
def test_a_broken_directive_answers_500(templated, path, says):
    status, body = status_and_body(templated, "site.test", path)
    assert status == 500 and says in body and b"SECRET" not in body


@pytest.mark.parametrize("root", [DEMO_WEB, FIXTURE_WEB], ids=["demo", "fixture"])
def test_every_page_renders_whole(root):
    with SampleWeb(root) as web:
        for host in web.hosts:
            for page in sorted((root / host).rglob("*.html")):
                if page.name.startswith("_") or web.rule_for(host, "/" + page.relative_to(root / host).as_posix()):
                    continue
                status, body = status_and_body(web, host, "/" + page.relative_to(root / host).as_posix())
                assert status == 200 and not DIRECTIVE.search(body) and b"{{PORT}}" not in body, page
