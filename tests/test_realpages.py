"""The real-pages corpus (issue 14 item 2): served as its README says, crawled once by the real spider.

Targets: soft-404 recall ≥ 0.95, parked recall ≥ 0.90, no bot wall and no ordinary page called dead. The
corpus is read from ../shared/data/real-pages (or $MENTIONFINDER_REAL_PAGES) at run time; without it the
crawl tests are skipped, saying so.
"""

from __future__ import annotations

import pytest

from tests.realweb import DEEP_PATH, ENV_VAR, SEED_HOST, RealPage, RealWeb, corpus_dir, crawl, load, recall, tally

FOLDER = corpus_dir()
needs_corpus = pytest.mark.skipif(
    not (FOLDER / "manifest.tsv").is_file(), reason=f"the real-pages corpus is not at {FOLDER} (set ${ENV_VAR})"
)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    with RealWeb(load(FOLDER)) as web:
        return crawl(web, tmp_path_factory.mktemp("realpages"))


def misses(results, cls: str) -> str:
    return "\n".join(
        f"{r.page.id}: {r.verdict}/{r.reason}: {r.signal}" for r in results if r.page.cls == cls and not r.right
    )


@needs_corpus
@pytest.mark.parametrize("cls, floor", [("soft404", 0.95), ("parked", 0.90)])
def test_dead_classes_are_found(results, cls, floor):
    assert recall(tally(results)[cls], cls) >= floor, misses(results, cls)


@needs_corpus
@pytest.mark.parametrize("cls", ["challenge", "normal"])
def test_no_bot_wall_and_no_ordinary_page_is_dead(results, cls):
    assert tally(results)[cls]["dead"] == 0, misses(results, cls)


@needs_corpus
def test_every_page_was_checked(results):
    assert [r.page.id for r in results if r.verdict == "missing"] == []


def page(tmp_path, cls, body=b"<h1>x</h1>", status=200, headers=None, stand_in="", id_="p1") -> RealPage:
    path = tmp_path / f"{id_}.html"
    path.write_bytes(body)
    return RealPage(id_, cls, status, headers or {}, stand_in, "", path)


def test_the_serving_rules(tmp_path):
    home = page(tmp_path, "normal", b"home", id_="home-page")
    soft = page(tmp_path, "soft404", b"gone", id_="Soft.One")
    wall = page(tmp_path, "challenge", b"wall", 406, {"CF-RAY": "{ray}-AMS"}, id_="wall")
    plain = page(tmp_path, "normal", b"article", id_="plain")
    standing = page(tmp_path, "normal", b"article", stand_in="home-page", id_="standing")
    web = RealWeb([home, soft, wall, plain, standing])
    try:
        check_rules(web, home, soft, wall, plain, standing)
    finally:
        web.server.server_close()


def check_rules(web, home, soft, wall, plain, standing):
    assert soft.host == "soft-one.test"
    assert web.answer(soft.host, DEEP_PATH)[2] == web.answer(soft.host, "/x")[2] == b"gone"
    assert web.answer(soft.host, "/")[2] in (b"home", b"article")  # a normal page
    status, headers, body = web.answer(wall.host, "/anything")
    assert (status, body) == (406, b"wall") and len(headers["CF-RAY"]) == len("0123456789abcdef-AMS")
    assert web.answer(plain.host, DEEP_PATH)[0] == 200 and web.answer(plain.host, "/x")[0] == 404
    assert web.answer(standing.host, "/x")[:3:2] == (200, b"home")
    assert web.answer(SEED_HOST, "/resources/")[0] == 200 and web.url(soft).encode() in web.seed_page()
