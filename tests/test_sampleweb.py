"""The sample web's templates: include, set and echo directives resolved when a page is served, never
reaching outside the web root; the demo and fixture webs render whole."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from mentionfinder.demo.sampleweb import DIRECTIVE, SampleWeb

DEMO_WEB = Path(__file__).resolve().parent.parent / "mentionfinder" / "demo" / "web"
FIXTURE_WEB = Path(__file__).resolve().parent / "web"


def get(web: SampleWeb, host: str, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(web.address, web.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": f"{host}:{web.port}"})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


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
    status, body = get(templated, "site.test", "/")
    nav = templated.fill('<nav><a href="http://site.test:{{PORT}}/">Home</a></nav>')
    assert status == 200
    assert body.decode() == f"<html>\n<h1>Site &amp; Co</h1>\n{nav}\n</html>\n"


def test_parts_are_neither_hosts_nor_pages_and_other_files_stay_raw(templated):
    assert templated.hosts == ["site.test"]
    assert get(templated, "site.test", "/_nav.html")[0] == 404
    assert get(templated, "site.test", "/notes.txt") == (200, b'<!--#include virtual="/_parts/top.html" -->\n')


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
    status, body = get(templated, "site.test", path)
    assert status == 500 and says in body and b"SECRET" not in body


@pytest.mark.parametrize("root", [DEMO_WEB, FIXTURE_WEB], ids=["demo", "fixture"])
def test_every_page_renders_whole(root):
    with SampleWeb(root) as web:
        for host in web.hosts:
            for page in sorted((root / host).rglob("*.html")):
                if page.name.startswith("_") or web.rule_for(host, "/" + page.relative_to(root / host).as_posix()):
                    continue
                status, body = get(web, host, "/" + page.relative_to(root / host).as_posix())
                assert status == 200 and not DIRECTIVE.search(body) and b"{{PORT}}" not in body, page
