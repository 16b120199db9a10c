"""mentionfinder.check.bodytext: a checked page's body → its text, and the folding the clues compare in."""

import pytest

from mentionfinder.check.bodytext import MAX_BODY, decode, normalize


@pytest.mark.parametrize(
    "body, content_type, expected",
    [
        ("<p>Café</p>", None, "<p>Café</p>"),  # text is taken as it is
        ("<p>Café</p>".encode(), None, "<p>Café</p>"),  # no charset anywhere: UTF-8
        ("<p>Café</p>".encode("latin-1"), "text/html; charset=iso-8859-1", "<p>Café</p>"),
        ('<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1"), None, '<meta charset="iso-8859-1"><p>Café</p>'),
        (b"\xef\xbb\xbf<p>Caf\xc3\xa9</p>", "text/html; charset=iso-8859-1", "<p>Café</p>"),  # the BOM wins
        # a <meta> claiming UTF-16 in a byte-oriented page is wrong: read as UTF-8
        (b'<meta charset="utf-16"><p>ok</p>', None, '<meta charset="utf-16"><p>ok</p>'),
        (None, None, ""),
    ],
)
def test_decode(body, content_type, expected):
    assert decode(body, content_type) == expected


def test_decode_reads_only_the_start_of_a_huge_body():
    assert len(decode(b"x" * (MAX_BODY + 10), None)) == MAX_BODY
    assert len(decode("x" * (MAX_BODY + 10), None)) == MAX_BODY


def test_normalize_folds_apostrophes_spaces_and_case():
    assert normalize("  We\u2019re\u00a0SORRY,\n the page   can`t be found ") == "we're sorry, the page can't be found"
