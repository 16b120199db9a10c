"""Sitemap parsing: plain bytes in, plain values out; hostile input costs bounded work and never raises."""

from __future__ import annotations

import gzip
import random
import socket
import time

import pytest

from mentionfinder.ownsite import sitemaps
from mentionfinder.ownsite.sitemaps import SitemapContent, SitemapLimits, parse_sitemap, robots_sitemaps

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MB = 1024 * 1024


def urlset(entries, root=f'urlset xmlns="{NS}"') -> bytes:
    """entries: URLs, or (url, lastmod) pairs."""
    rows = []
    for entry in entries:
        url, lastmod = entry if isinstance(entry, tuple) else (entry, None)
        rows.append(f"<url><loc>{url}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    name = root.split()[0]
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{"".join(rows)}</{name}>'.encode()


# ------------------------------------------------------------------------------------------ urlset


@pytest.mark.parametrize(
    "root",
    [
        f'urlset xmlns="{NS}"',
        "urlset",
        'urlset xmlns="http://www.google.com/schemas/sitemap/0.84"',
        f'sm:urlset xmlns:sm="{NS}"',
    ],
    ids=["sitemaps.org", "no-namespace", "old-google-namespace", "prefixed"],
)
def test_urlset_in_any_namespace(root):
    body = urlset([("https://site.test/a", "2024-05-01"), "https://site.test/b"], root=root)
    if root.startswith("sm:"):
        body = body.replace(b"<url>", b"<sm:url>").replace(b"</url>", b"</sm:url>")
        body = body.replace(b"<loc>", b"<sm:loc>").replace(b"</loc>", b"</sm:loc>")
        body = body.replace(b"<lastmod>", b"<sm:lastmod>").replace(b"</lastmod>", b"</sm:lastmod>")
    result = parse_sitemap(body, "https://site.test/sitemap.xml")
    assert result == SitemapContent(
        kind="urlset",
        urls=("https://site.test/a", "https://site.test/b"),
        lastmod={"https://site.test/a": "2024-05-01"},
        warnings=(),
    )


def test_sitemapindex_lists_child_sitemaps_with_lastmod():
    body = (
        f'<?xml version="1.0"?><sitemapindex xmlns="{NS}">'
        "<sitemap><loc>https://site.test/posts.xml.gz</loc><lastmod>2024-01-02T03:04:05+00:00</lastmod></sitemap>"
        "<sitemap><loc>https://site.test/pages.xml</loc></sitemap>"
        "</sitemapindex>"
    ).encode()
    result = parse_sitemap(body)
    assert result.kind == "sitemapindex"
    assert result.urls == ("https://site.test/posts.xml.gz", "https://site.test/pages.xml")
    assert result.lastmod == {"https://site.test/posts.xml.gz": "2024-01-02T03:04:05+00:00"}
    assert result.warnings == ()


def test_loc_text_is_stripped_and_xml_escapes_decoded():
    body = (
        f'<urlset xmlns="{NS}"><url><loc>\n   https://site.test/s?a=1&amp;b=2  \n</loc>'
        "<lastmod> 2024-03-03 </lastmod></url>"
        "<url><loc><![CDATA[https://site.test/c?x=1&y=2]]></loc></url></urlset>"
    ).encode()
    result = parse_sitemap(body)
    assert result.urls == ("https://site.test/s?a=1&b=2", "https://site.test/c?x=1&y=2")
    assert result.lastmod == {"https://site.test/s?a=1&b=2": "2024-03-03"}


def test_only_the_url_elements_own_loc_is_taken_not_image_locs():
    body = (
        f'<urlset xmlns="{NS}" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        "<url><loc>https://site.test/page</loc>"
        "<image:image><image:loc>https://cdn.test/photo.jpg</image:loc></image:image></url>"
        "<other><url><loc>https://site.test/nested-deeper</loc></url></other></urlset>"
    ).encode()
    assert parse_sitemap(body).urls == ("https://site.test/page",)


def test_urls_are_deduplicated_in_order_and_first_lastmod_kept():
    body = urlset(
        [
            ("https://site.test/b", "2024-01-01"),
            "https://site.test/a",
            ("https://site.test/b", "2099-09-09"),
            "https://site.test/c",
            "https://site.test/a",
        ]
    )
    result = parse_sitemap(body)
    assert result.urls == ("https://site.test/b", "https://site.test/a", "https://site.test/c")
    assert result.lastmod == {"https://site.test/b": "2024-01-01"}
    assert result.warnings == ()


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://site.test/file",
        "javascript:alert(1)",
        "mailto:a@site.test",
        "/relative/page",
        "page.html",
        "//site.test/scheme-relative",
        "http://",
        "https:///no-host",
        "http://site.test/with space",
        "data:text/html,hi",
        "file:///etc/passwd",
        "http://[::1/bad-ipv6",
        "",
        "https://site.test/" + "x" * 2100,
    ],
)
def test_non_http_relative_and_invalid_urls_are_dropped(bad):
    result = parse_sitemap(urlset(["https://site.test/good", bad.replace("&", "&amp;")]))
    assert result.urls == ("https://site.test/good",)
    assert result.warnings == ("dropped 1 URL that was not absolute http(s)",)


def test_uppercase_scheme_is_http_too():
    assert parse_sitemap(urlset(["HTTPS://Site.test/A"])).urls == ("HTTPS://Site.test/A",)


# --------------------------------------------------------------------------------------- cut short


def test_oversized_gzip_sitemap_keeps_the_urls_before_the_byte_limit():
    plain = urlset([f"https://site.test/page/{i}" for i in range(20_000)])
    result = parse_sitemap(gzip.compress(plain), limits=SitemapLimits(max_bytes=len(plain) // 4))
    assert result.kind == "urlset"
    assert 1000 < len(result.urls) < 20_000
    assert result.urls == tuple(f"https://site.test/page/{i}" for i in range(len(result.urls)))
    assert result.warnings[0].startswith("gzip bomb: stopped at ")
    assert result.warnings[1].startswith("malformed XML")


def test_a_document_cut_anywhere_never_yields_a_shortened_url():
    full = [f"https://site.test/section/page-{i}?ref=sitemap&amp;x=1" for i in range(5)]
    plain = urlset([(u, "2024-01-01") for u in full])
    originals = {u.replace("&amp;", "&") for u in full}
    for cut in range(len(plain) // 2, len(plain)):
        for body in (plain[:cut], gzip.compress(plain)):
            limits = SitemapLimits(max_bytes=cut) if body is not plain[:cut] else SitemapLimits()
            result = parse_sitemap(body, limits=limits)
            assert set(result.urls) <= originals, (cut, result)
            assert result.warnings, cut


def test_a_plain_text_sitemap_cut_short_drops_the_unfinished_line():
    text = b"https://site.test/first\nhttps://site.test/second-page\n"
    result = parse_sitemap(gzip.compress(text), limits=SitemapLimits(max_bytes=len(text) - 5))
    assert result.urls == ("https://site.test/first",)
    assert result.warnings == (f"gzip bomb: stopped at {len(text) - 5} bytes",)


def test_oversized_plain_sitemap_is_cut_at_the_byte_limit():
    plain = urlset([f"https://site.test/page/{i}" for i in range(5000)])
    result = parse_sitemap(plain, limits=SitemapLimits(max_bytes=10 * 1024))
    assert result.warnings[0] == "file too large: stopped at 10 KB"
    assert 10 < len(result.urls) < 5000


# ------------------------------------------------------------------------------------------ limits


def test_a_50001_url_file_is_truncated_at_50000():
    body = urlset([f"https://site.test/p/{i}" for i in range(50_001)])
    started = time.perf_counter()
    result = parse_sitemap(body)
    assert time.perf_counter() - started < 3
    assert len(result.urls) == 50_000
    assert result.urls[-1] == "https://site.test/p/49999"
    assert result.warnings == ("truncated at 50000 URLs",)


@pytest.mark.parametrize(
    "entries, warned",
    [
        (["https://s.test/1", "https://s.test/2", "https://s.test/3"], False),  # exactly at the cap
        (["https://s.test/1", "https://s.test/2", "https://s.test/3", "https://s.test/1"], False),  # duplicate
        (["https://s.test/1", "https://s.test/2", "https://s.test/3", "https://s.test/4"], True),
    ],
)
def test_cap_counts_unique_urls_only(entries, warned):
    result = parse_sitemap(urlset(entries), limits=SitemapLimits(max_urls=3))
    assert result.urls == ("https://s.test/1", "https://s.test/2", "https://s.test/3")
    assert result.warnings == (("truncated at 3 URLs",) if warned else ())


def test_limits_defaults_follow_the_protocol():
    assert SitemapLimits() == SitemapLimits(max_urls=50_000, max_bytes=50 * MB, max_depth=3, max_files=200)


# --------------------------------------------------------------------------------------- malformed


@pytest.mark.parametrize(
    "body, kind, warning",
    [
        (urlset(["https://site.test/a", "https://site.test/b"])[:-20], "urlset", "malformed XML"),
        (
            b"<urlset><url><loc>https://site.test/a</loc></url><url><loc>https://site.test/b</lo",
            "urlset",
            "malformed XML",
        ),
        (b"\x00\xff\xfe garbage \x01\x02", "", "not XML"),
        (b"<<<>>>&&&", "", "not XML"),
        (b"<?xml version='1.0'?>", "", "not XML"),
        (b"", "", "empty file"),
        (b"   \n\t ", "", "empty file"),
        (
            b"<html><head><title>404</title></head><body>Not found</body></html>",
            "",
            "not a sitemap: root element <html>",
        ),
        (b"<!DOCTYPE html><html><body><a href='https://site.test/x'>x</a></body></html>", "", "not a sitemap"),
        (b'<?xml version="1.0"?><note><to>x</to></note>', "", "not a sitemap: root element <note>"),
    ],
)
def test_malformed_input_gives_partial_or_empty_result_and_a_warning(body, kind, warning):
    result = parse_sitemap(body)
    assert result.kind == kind
    assert any(w.startswith(warning) for w in result.warnings), result.warnings
    if kind:
        assert result.urls[:1] == ("https://site.test/a",)
    else:
        assert result.urls == () and result.lastmod == {}


def test_random_junk_never_raises():
    rng = random.Random(20240501)
    seeds = [
        urlset(["https://site.test/a", "https://site.test/b"]),
        gzip.compress(urlset(["https://s.test/"])),
        b"<sitemapindex><sitemap><loc>https://s.test/x</loc></sitemap></sitemapindex>",
    ]
    for _ in range(300):
        body = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(3)
            pos = rng.randrange(len(body) + 1)
            if op == 0 and body:
                del body[pos : pos + rng.randint(1, 20)]
            elif op == 1:
                body[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 10)))
            else:
                body = body[:pos]
        result = parse_sitemap(bytes(body))
        assert isinstance(result, SitemapContent)
        assert all(url.lower().startswith(("http://", "https://")) for url in result.urls)


# -------------------------------------------------------------------------------------- other forms


def test_plain_text_sitemap_one_url_per_line():
    body = "\ufeffhttps://site.test/a\r\n\nhttps://site.test/b\n  not a url\nhttps://site.test/a\n".encode()
    result = parse_sitemap(body, "https://site.test/sitemap.txt")
    assert result.kind == "urlset"
    assert result.urls == ("https://site.test/a", "https://site.test/b")
    assert result.warnings == ("dropped 1 URL that was not absolute http(s)",)


def test_rss_and_atom_feeds_give_their_entry_links():
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://site.test/</link>'
        b"<item><title>one</title><link>https://site.test/one</link></item>"
        b"<item><link>https://site.test/two</link></item></channel></rss>"
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://site.test/"/>'
        b'<entry><link rel="self" href="https://site.test/self"/><link href="https://site.test/one"/></entry>'
        b'<entry><link rel="alternate" href="https://site.test/two"/></entry></feed>'
    )
    for body in (rss, atom):
        result = parse_sitemap(body)
        assert (result.kind, result.urls) == ("urlset", ("https://site.test/one", "https://site.test/two"))


def test_utf16_sitemap_is_read():
    body = (
        f'<?xml version="1.0" encoding="UTF-16"?><urlset xmlns="{NS}">'
        "<url><loc>https://site.test/ü</loc></url></urlset>"
    )
    assert parse_sitemap(body.encode("utf-16")).urls == ("https://site.test/ü",)


# ------------------------------------------------------------------------------------------ safety

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://site.test/&lol9;</loc></url></urlset>
"""

PARAMETER_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY % a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY % b "%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;">
 <!ENTITY % c "%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;">
 %c;
]>
<urlset><url><loc>https://site.test/a</loc></url></urlset>
"""


def _encodings(body: bytes) -> list[bytes]:
    text = body.decode()
    return [body, text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")]


@pytest.fixture(params=["prescan", "lxml-only"])
def guard(request, monkeypatch):
    """Run each safety test twice: with the byte scan, and with lxml's own DTD check alone."""
    if request.param == "lxml-only":
        monkeypatch.setattr(sitemaps, "declares_entities", lambda data: False)
    return request.param


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, PARAMETER_LAUGHS], ids=["entities", "parameter-entities"])
@pytest.mark.parametrize("encoding", [0, 1], ids=["utf8", "utf16"])
def test_billion_laughs_is_refused_instantly(guard, doc, encoding):
    body = _encodings(doc)[encoding]
    started = time.perf_counter()
    result = parse_sitemap(body)
    assert time.perf_counter() - started < 0.5
    assert result.kind == "" and result.urls == () and result.lastmod == {}
    assert "DOCTYPE with entities refused" in result.warnings
    assert "lollol" not in repr(result) and "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" not in repr(result)


@pytest.mark.parametrize("encoding", [0, 1], ids=["utf8", "utf16"])
@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_xxe_is_refused_and_the_file_is_never_read(guard, tmp_path, encoding, compress):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET-MARKER-7731:/root:/bin/bash\n")
    for target in ("file:///etc/passwd", secret.as_uri()):
        doc = (
            f'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{target}">]>\n'
            f'<urlset xmlns="{NS}"><url><loc>https://site.test/&xxe;</loc>'
            "<lastmod>&xxe;</lastmod></url></urlset>"
        ).encode()
        body = _encodings(doc)[encoding]
        if compress:
            body = gzip.compress(body)
        result = parse_sitemap(body, "https://site.test/sitemap.xml")
        assert result.kind == "" and result.urls == () and result.lastmod == {}
        assert result.warnings == ("DOCTYPE with entities refused",)
        assert "SECRET-MARKER" not in repr(result) and "root:" not in repr(result)


@pytest.fixture
def listener():
    """A loopback socket that records whether anything connected to it (nothing should)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _nobody_connected(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


def test_external_dtd_is_never_fetched(guard, tmp_path, listener):
    port = listener.getsockname()[1]
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(
        '<!ENTITY extra "https://from-dtd.test/page">\n<!ATTLIST urlset injected CDATA "https://from-dtd.test/attr">\n'
    )
    for system_id in (f"http://127.0.0.1:{port}/evil.dtd", dtd.as_uri()):
        body = (
            f'<?xml version="1.0"?>\n<!DOCTYPE urlset SYSTEM "{system_id}">\n'
            f'<urlset xmlns="{NS}"><url><loc>&extra;</loc></url>'
            "<url><loc>https://site.test/real</loc></url></urlset>"
        ).encode()
        result = parse_sitemap(body)
        assert result.kind == "urlset"
        assert result.urls == ("https://site.test/real",)
        assert "from-dtd" not in repr(result)
    assert _nobody_connected(listener)


def test_external_parameter_entity_is_refused_without_a_connection(guard, listener):
    port = listener.getsockname()[1]
    body = (
        f'<?xml version="1.0"?>\n'
        f'<!DOCTYPE urlset [<!ENTITY % ext SYSTEM "http://127.0.0.1:{port}/x.dtd"> %ext;]>\n'
        f'<urlset xmlns="{NS}"><url><loc>https://site.test/a</loc></url></urlset>'
    ).encode()
    result = parse_sitemap(body)
    assert result.kind == "" and result.warnings == ("DOCTYPE with entities refused",)
    assert _nobody_connected(listener)


def test_a_harmless_doctype_without_entities_is_parsed():
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE urlset>\n<urlset xmlns="{NS}"><url><loc>https://site.test/a</loc>'
        "</url></urlset>"
    ).encode()
    assert parse_sitemap(body).urls == ("https://site.test/a",)


# ------------------------------------------------------------------------------------------ robots


def test_robots_sitemaps_reads_every_sitemap_line():
    robots = (
        "\ufeffUser-agent: *\n"
        "Disallow: /private/   # not this\n"
        "Sitemap: https://site.test/sitemap_index.xml\n"
        "SITEMAP:/relative/sitemap.xml\n"
        "sitemap :  posts.xml   # a comment after the URL\n"
        "# Sitemap: https://site.test/commented-out.xml\n"
        "   SiteMap: https://cdn.site.test/s.xml.gz\r\n"
        "Sitemap: ftp://site.test/nope.xml\n"
        "Sitemap: javascript:alert(1)\n"
        "Sitemap:\n"
        "Sitemap-Index: https://site.test/not-a-key.xml\n"
        "Sitemap: https://site.test/sitemap_index.xml\n"
    )
    expected = [
        "https://site.test/sitemap_index.xml",
        "https://site.test/relative/sitemap.xml",
        "https://site.test/posts.xml",
        "https://cdn.site.test/s.xml.gz",
    ]
    assert robots_sitemaps(robots, "https://site.test/robots.txt") == expected
    assert robots_sitemaps(robots.encode(), "https://site.test/robots.txt") == expected


@pytest.mark.parametrize("robots", ["", "User-agent: *\nDisallow: /\n", b"\xff\xfe\x00garbage", "Sitemap: /x.xml"])
def test_robots_without_usable_sitemaps_gives_nothing(robots):
    base = "" if robots == "Sitemap: /x.xml" else "https://site.test/robots.txt"
    assert robots_sitemaps(robots, base) == []


@pytest.mark.parametrize(
    "body, expected",
    [
        (BILLION_LAUGHS, True),
        (b'<!doctype x [<!entity a SYSTEM "file:///etc/passwd">]><x/>', True),
        (b"<?xml version='1.0'?><!DOCTYPE urlset><urlset/>", False),
        (b"<urlset><url><loc>https://site.test/&lt;!ENTITY</loc></url></urlset>", False),  # no DOCTYPE
        (b"<urlset/>", False),
    ],
)
def test_the_byte_scan_spots_entity_declarations(body, expected):
    assert sitemaps.declares_entities(body) is expected
