"""mentionfinder.output.export: records → CSV / JSON / JSONL with the contract's fields, spreadsheet-safe CSV."""

import csv
import io
import json

import pytest

from mentionfinder.output.export import FIELDS, FORMATS, neutralise, record, write


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://evil.test")', '\'=HYPERLINK("http://evil.test")'),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("normal text", "normal text"),
        ("a=b", "a=b"),  # only the first character counts
        ("", ""),
        (" =1", " =1"),
        (42, 42),  # numbers untouched, even negative ones
        (-3, -3),
        (0.5, 0.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_record_fills_every_field_in_order():
    rec = record(
        {
            "type": "broken_link",
            "page_url": "https://site.test/",
            "http_status": 404,
            "verdict": "dead",
            "extra": "dropped",
            "rel": None,
        }
    )
    assert list(rec) == list(FIELDS)
    assert rec["http_status"] == 404 and rec["verdict"] == "dead"
    assert rec["rel"] == "" and rec["mention_text"] == ""
    assert "extra" not in rec


def test_record_unlinked_mention_has_no_verdict():
    assert record({"type": "unlinked_mention", "verdict": "dead"})["verdict"] == ""


RECORDS = [
    record(
        {
            "opportunity_id": "op-1",
            "type": "broken_link",
            "niche": "health",
            "page_url": "https://site.test/links/",
            "page_title": "Zürich Klinik – Links «neu»",
            "target_url": "https://gone.test/page",
            "anchor_text": 'Gone, "quoted"\nsecond line',
            "rel": "nofollow ugc",
            "placement": "content",
            "reason": "http_404",
            "http_status": 404,
            "verdict": "dead",
            "mention_count": 0,
        }
    ),
    record(
        {
            "opportunity_id": "op-2",
            "type": "unlinked_mention",
            "niche": "health",
            "page_url": "https://blog.test/post",
            "mention_text": "Acme Wellness",
            "context": "日本語 and Acme Wellness",
            "mention_count": 2,
        }
    ),
]


def render(records, fmt):
    out = io.StringIO()
    count = write(records, fmt, out)
    return count, out.getvalue()


def test_csv_round_trip():
    count, text = render(RECORDS, "csv")
    assert count == 2
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames) == FIELDS
    rows = list(reader)
    assert len(rows) == 2
    for row, rec in zip(rows, RECORDS):
        assert row == {k: str(v) for k, v in rec.items()}


def test_csv_neutralises_formulas():
    rec = record(
        {"opportunity_id": "op-3", "anchor_text": "=cmd|' /C calc'!A0", "page_title": "@evil", "http_status": -1}
    )
    _, text = render([rec], "csv")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["anchor_text"] == "'=cmd|' /C calc'!A0"
    assert row["page_title"] == "'@evil"
    assert row["http_status"] == "-1"  # an int, not text: untouched


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_formats_round_trip(fmt):
    count, text = render(RECORDS, fmt)
    assert count == 2
    loaded = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert loaded == RECORDS
    for rec in loaded:
        assert list(rec) == list(FIELDS)


def test_json_values_not_neutralised():
    rec = record({"anchor_text": "=1+1"})
    _, text = render([rec], "json")
    assert json.loads(text)[0]["anchor_text"] == "=1+1"


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("json", lambda text: json.loads(text) == []),
        ("jsonl", lambda text: text == ""),
        ("csv", lambda text: text == ",".join(FIELDS) + "\r\n"),  # RFC 4180 line ends
    ],
)
def test_empty(fmt, check):
    count, text = render([], fmt)
    assert count == 0
    assert check(text), repr(text)


def test_empty_csv_has_only_header():
    _, text = render(iter([]), "csv")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames) == FIELDS
    assert list(reader) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_unicode_kept_verbatim(fmt):
    _, text = render(RECORDS, fmt)
    for word in ("Zürich", "«neu»", "日本語"):
        assert word in text
    assert "\\u" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_accepts_a_generator(fmt):
    count, _ = render((r for r in RECORDS), fmt)
    assert count == 2


@pytest.mark.parametrize("fmt", ["xlsx", "CSV", ""])
def test_unknown_format(fmt):
    with pytest.raises(ValueError, match="unknown format"):
        write(RECORDS, fmt, io.StringIO())


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x.test")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_formulas_are_neutralised(cell):
    out = io.StringIO()
    write([{"opportunity_id": "x", "type": "broken_link", "anchor_text": cell}], "csv", out, FIELDS)
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["anchor_text"] == "'" + cell
