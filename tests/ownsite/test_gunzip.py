"""mentionfinder.ownsite.gunzip: gzip found by its magic bytes, real-world gzip shapes, corrupt streams and bombs."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest

from mentionfinder.ownsite.gunzip import decompress
from mentionfinder.ownsite.sitemaps import SitemapLimits, parse_sitemap
from tests.ownsite.test_sitemaps import urlset

MB = 1024 * 1024


def gzip_of_zeros(total: int) -> bytes:
    """`total` zero bytes, gzip-compressed in a stream (never held uncompressed)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MB)
    parts = [packer.compress(block) for _ in range(total // MB)]
    parts.append(packer.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def bomb_200mb() -> bytes:
    return gzip_of_zeros(200 * MB)


@pytest.mark.parametrize("url", ["https://site.test/sitemap.xml.gz", "https://site.test/sitemap.xml", ""])
@pytest.mark.parametrize("content_type", ["application/x-gzip", "application/xml", ""])
def test_gzip_is_detected_by_magic_bytes_whatever_the_url_says(url, content_type):
    plain = urlset([("https://site.test/a", "2024-02-02"), "https://site.test/b"])
    body = gzip.compress(plain)
    assert decompress(body, url, content_type) == (plain, [])
    result = parse_sitemap(body, url)
    assert result.urls == ("https://site.test/a", "https://site.test/b")
    assert result.lastmod == {"https://site.test/a": "2024-02-02"}
    assert result.warnings == ()


def test_gz_url_whose_body_was_already_decoded_is_parsed_as_is():
    plain = urlset(["https://site.test/a"])
    assert decompress(plain, "https://site.test/sitemap.xml.gz", "application/x-gzip") == (plain, [])
    assert parse_sitemap(plain, "https://site.test/sitemap.xml.gz").urls == ("https://site.test/a",)


@pytest.mark.parametrize(
    "body, expected",
    [
        (gzip.compress(b"abc") + gzip.compress(b"def"), b"abcdef"),  # concatenated members
        (gzip.compress(gzip.compress(b"inner")), b"inner"),  # .gz sent gzip-encoded
        (gzip.compress(b"abc") + b"\x00" * 16, b"abc"),  # zero padding after the stream
    ],
    ids=["multi-member", "double-gzip", "zero-padding"],
)
def test_decompress_handles_real_world_gzip_shapes(body, expected):
    assert decompress(body) == (expected, [])


def test_truncated_gzip_gives_what_was_decoded_and_a_warning():
    plain = urlset([f"https://site.test/p{i}" for i in range(3000)])
    packed = gzip.compress(plain)
    data, warnings = decompress(packed[: len(packed) // 2])
    assert 0 < len(data) < len(plain) and plain.startswith(data)
    assert len(warnings) == 1 and warnings[0].startswith("truncated gzip")
    result = parse_sitemap(packed[: len(packed) // 2])
    assert result.kind == "urlset" and 0 < len(result.urls) < 3000
    assert result.urls == tuple(f"https://site.test/p{i}" for i in range(len(result.urls)))
    assert any(w.startswith("truncated gzip") for w in result.warnings)
    assert any(w.startswith("malformed XML") for w in result.warnings)


@pytest.mark.parametrize(
    "body",
    [
        b"\x1f\x8b",  # magic only
        b"\x1f\x8b\x08\x00" + b"\xff" * 100,  # header garbage
        gzip.compress(b"x" * 5000)[:30] + b"\xde\xad\xbe\xef" * 50,  # corrupt deflate data
        gzip.compress(b"abc")[:-4] + b"\x00\x00\x00\x01",  # wrong length in the trailer
    ],
)
def test_corrupt_gzip_never_raises(body):
    data, warnings = decompress(body)
    assert isinstance(data, bytes) and len(warnings) == 1
    result = parse_sitemap(body)
    assert result.warnings  # something was said
    assert result.kind in ("", "urlset")


def test_gzip_bomb_stops_at_the_limit_fast_and_in_bounded_memory(bomb_200mb):
    assert len(bomb_200mb) < 1 * MB  # ~200 KB for 200 MB of zeros
    tracemalloc.start()
    started = time.perf_counter()
    try:
        data, warnings = decompress(bomb_200mb, "https://site.test/sitemap.xml", limit=5 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert len(data) == 5 * MB
    assert warnings == ["gzip bomb: stopped at 5 MB"]
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"
    assert elapsed < 2


def test_parse_sitemap_reports_the_gzip_bomb(bomb_200mb):
    started = time.perf_counter()
    result = parse_sitemap(bomb_200mb, "https://site.test/sitemap.xml.gz", SitemapLimits(max_bytes=5 * MB))
    assert time.perf_counter() - started < 2
    assert result.urls == ()
    assert "gzip bomb: stopped at 5 MB" in result.warnings
