"""mentionfinder.page.analysis.analyse: one page → outbound and internal links, mentions, resource status."""

from __future__ import annotations

import pytest

from mentionfinder.page.analysis import analyse

PAGE = """<html><head><title>Useful resources</title></head><body><main><h1>Resources</h1>
<p>Our friends at Vitalis Health wrote a guide.</p>
<a href="https://b.example.co.uk/x">same site</a><a href="http://other.test/y">other</a>{extra}
</main></body></html>"""
BRAND = {"brand_names": ("Vitalis Health",), "brand_domains": frozenset({"vitalishealth.test"})}


def test_links_split_by_registrable_domain_and_an_unlinked_mention():
    seen = analyse(PAGE.format(extra=""), "http://a.example.co.uk/links", footprints=("resources",), **BRAND)
    assert seen.domain == "example.co.uk" and seen.is_resource
    assert [link.url for link in seen.internal] == ["https://b.example.co.uk/x"]
    assert [link.url for link in seen.outbound] == ["http://other.test/y"]
    assert [m.mention_text for m in seen.mentions] == ["Vitalis Health"] and seen.unlinked_mention


@pytest.mark.parametrize(
    "extra, url, unlinked",
    [
        ('<a href="https://www.vitalishealth.test/">us</a>', "http://a.example.co.uk/links", False),
        ("", "http://vitalishealth.test/p", False),
        # a brand link behind an affiliate wrapper is a link: no "you mention us without linking" email
        (
            '<a href="https://go.skimresources.test/?id=123&amp;url=https%3A%2F%2Fwww.vitalishealth.test%2Fguides%2F">'
            "guide</a>",
            "http://a.example.co.uk/links",
            False,
        ),
        # a wrapper that leads elsewhere leaves the mention unlinked
        (
            '<a href="https://go.skimresources.test/?url=https%3A%2F%2Fother.test%2F">x</a>',
            "http://a.example.co.uk/links",
            True,
        ),
    ],
)
def test_a_linked_mention_or_the_brand_own_page_is_no_finding(extra, url, unlinked):
    seen = analyse(PAGE.format(extra=extra), url, **BRAND)
    assert seen.unlinked_mention is unlinked


def test_a_saved_file_takes_its_site_from_base_href():
    html = PAGE.format(extra="").replace("<head>", '<head><base href="http://a.example.co.uk/">')
    assert analyse(html, "file:///tmp/saved.html").domain == "example.co.uk"
