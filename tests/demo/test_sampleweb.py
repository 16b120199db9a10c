"""mentionfinder.demo.sampleweb.SampleWeb: a folder per host served on loopback, routes for odd answers."""

from __future__ import annotations

import gzip
import http.client
import json

import pytest

from mentionfinder.demo.sampleweb import SampleWeb


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
