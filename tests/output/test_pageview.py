"""mentionfinder.output.pageview (`inspect`): a file or URL → its links and brand mentions as rows."""

from __future__ import annotations

import pytest

from mentionfinder.config import Brand
from mentionfinder.output.pageview import fetch_page, page_rows

HTML = b"""<html><head><title>Links</title></head><body><main>
<p>We like Vitalis Health a lot.</p><a href="http://other.test/x" rel="nofollow">other</a><a href="/about">about</a>
</main></body></html>"""


def test_page_rows_lists_links_and_mentions():
    brand = Brand("Vitalis Health", (), frozenset({"vitalishealth.test"}), (), "")
    title, rows = page_rows(HTML, "http://page.test/links", brand)
    links = {r["url"]: r for r in rows if r["kind"] == "link"}
    assert title == "Links" and set(links) == {"http://other.test/x", "http://page.test/about"}
    assert (links["http://other.test/x"]["outbound"], links["http://other.test/x"]["rel"]) == (True, "nofollow")
    assert links["http://page.test/about"]["outbound"] is False
    [mention] = [r for r in rows if r["kind"] == "mention"]
    assert mention["mention_text"] == "Vitalis Health" and mention["linked"] is False
    assert [r["kind"] for r in page_rows(HTML, "http://page.test/links", None)[1]] == ["link", "link"]


WRAPPED = b"""<html><head><title>Gear</title></head><body><main><p>The Apple pie recipe, and why we like Apple.</p>
<a href="https://go.skimresources.test/?id=123&amp;url=https%3A%2F%2Fwww.apple.test%2Fwatch%2F">watch</a>
</main></body></html>"""


def test_inspect_applies_the_brand_rules_and_sees_links_behind_wrappers():
    brand = Brand("Apple", (), frozenset({"apple.test"}), (), "", case_sensitive=True, exclude=("apple pie",))
    _, rows = page_rows(WRAPPED, "http://blog.test/gear", brand)
    mentions = [r for r in rows if r["kind"] == "mention"]
    assert [m["mention_text"] for m in mentions] == ["Apple"]  # "Apple pie" is not the brand
    assert (mentions[0]["linked"], mentions[0]["linked_via"]) == (True, "wrapper")


def test_fetch_page_reads_a_file_or_refuses(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_bytes(HTML)
    assert fetch_page(str(saved)) == (HTML, saved.resolve().as_uri())
    assert fetch_page(str(saved), "http://page.test/")[1] == "http://page.test/"
    with pytest.raises(ValueError, match="not a file"):
        fetch_page("ftp://x.test/")
    with pytest.raises(ValueError, match="private or loopback"):
        fetch_page("http://127.0.0.1:9/")


def test_fetch_page_reads_the_fixture_web(web):
    body, url = fetch_page(web.url("127.0.0.1", "/"), allow_private=True, timeout=5)
    assert url.startswith("http://127.0.0.1:") and isinstance(body, bytes)
