"""Sitemap gzip: a fetched body → its uncompressed bytes (gzip found by magic bytes, bombs stopped) and warnings."""

from __future__ import annotations

import zlib

__all__ = ["GZIP_MAGIC", "MAX_BYTES", "decompress"]

MiB = 1024 * 1024
MAX_BYTES = 50 * MiB  # uncompressed bytes kept by default: the sitemap protocol's limit for one file
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024  # compressed bytes fed to zlib at a time
_MAX_GZIP_LAYERS = 3  # a .gz served with Content-Encoding: gzip arrives gzipped twice


def decompress(body: bytes, url: str = "", content_type: str = "", limit: int = MAX_BYTES) -> tuple[bytes, list[str]]:
    """The uncompressed bytes of `body` (at most `limit` of them) and warnings.

    gzip is detected by its magic bytes only: a `.gz` URL or a gzip Content-Type whose body is not
    gzip was already decoded on the way (Content-Encoding), so it is returned as is. `url` and
    `content_type` are accepted as hints and never change the outcome. Nested gzip (a `.gz` file
    sent gzip-encoded) is unwrapped up to three layers. A corrupt or truncated stream gives what was
    decoded so far plus a warning; output past `limit` is never produced (gzip bomb).
    """
    warnings: list[str] = []
    data = bytes(body)
    layers = 0
    while data[:2] == GZIP_MAGIC and layers < _MAX_GZIP_LAYERS:
        data, problems = _gunzip(data, limit)
        warnings += problems
        layers += 1
        if problems:
            break
    if len(data) > limit:
        data = data[:limit]
        warnings.append(f"file too large: stopped at {_size(limit)}")
    return data, warnings


def _gunzip(body: bytes, limit: int) -> tuple[bytes, list[str]]:
    """Stream-inflate every gzip member of `body`, never holding more than `limit` (+1) output bytes."""
    out = bytearray()
    view = memoryview(body)
    pos = 0
    pending = b""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    while True:
        if not pending and pos < len(view):
            pending, pos = view[pos : pos + _CHUNK], pos + _CHUNK
        try:
            piece = inflater.decompress(pending, limit - len(out) + 1)
        except zlib.error as exc:
            return bytes(out), [f"corrupt gzip after {_size(len(out))} ({_zlib_reason(exc)}): kept what was decoded"]
        out += piece
        if len(out) > limit:
            del out[limit:]
            return bytes(out), [f"gzip bomb: stopped at {_size(limit)}"]
        pending = inflater.unconsumed_tail
        if inflater.eof:
            rest = bytes(inflater.unused_data) + bytes(view[pos:])
            if rest[:2] == GZIP_MAGIC:  # another member (concatenated gzip files)
                view, pos, pending = memoryview(rest), 0, b""
                inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                continue
            if rest.strip(b"\x00"):
                return bytes(out), [f"ignored {_size(len(rest))} of non-gzip data after the gzip stream"]
            return bytes(out), []
        if not piece and not pending and pos >= len(view):
            return bytes(out), [f"truncated gzip: kept the {_size(len(out))} decoded"]


def _zlib_reason(exc: zlib.error) -> str:
    text = str(exc)
    return text.split(": ", 1)[-1] if ": " in text else text


def _size(n: int) -> str:
    if n >= MiB:
        return f"{n // MiB} MB" if n % MiB == 0 else f"{n / MiB:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB" if n % 1024 == 0 else f"{n / 1024:.1f} KB"
    return f"{n} bytes"
