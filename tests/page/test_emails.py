"""mentionfinder.page.emails: the e-mail addresses on a page — mailto links, Cloudflare, visible text."""

import time

import pytest

from mentionfinder.page.emails import find_emails

PAGE = "https://www.clinic-site.test/blog/post/"


def cf_encode(address: str, key: int = 0x42) -> str:
    """Cloudflare's data-cfemail encoding: a key byte, then every byte XOR-ed with it."""
    return f"{key:02x}" + bytes(b ^ key for b in address.encode()).hex()


@pytest.mark.parametrize(
    "html, expected",
    [
        # mailto: links
        ('<a href="mailto:jane@clinic-site.test">Email</a>', ["jane@clinic-site.test"]),
        ('<a href="MAILTO:jane@clinic-site.test">Email</a>', ["jane@clinic-site.test"]),
        ('<a href="mailto:jane@clinic-site.test?subject=Hello%20there&body=Hi">x</a>', ["jane@clinic-site.test"]),
        ('<a href="mailto:jane%40clinic-site.test">x</a>', ["jane@clinic-site.test"]),
        ('<a href="mailto:%6Aane@clinic-site.test">x</a>', ["jane@clinic-site.test"]),
        (
            '<a href="mailto:ann@clinic-site.test,bob@clinic-site.test">x</a>',
            ["ann@clinic-site.test", "bob@clinic-site.test"],
        ),
        (
            '<a href="mailto:ann@clinic-site.test;%20bob@clinic-site.test">x</a>',
            ["ann@clinic-site.test", "bob@clinic-site.test"],
        ),
        (
            '<a href="mailto:ann@clinic-site.test?cc=bob@clinic-site.test">x</a>',
            ["ann@clinic-site.test", "bob@clinic-site.test"],
        ),
        ('<a href="mailto:Jane%20Doe%20%3Cjane@clinic-site.test%3E">x</a>', ["jane@clinic-site.test"]),
        ('<a href="  mailto:  jane@clinic-site.test  ">x</a>', ["jane@clinic-site.test"]),
        ('<a href="mailto:Jane.Roe@Clinic-Site.TEST">x</a>', ["Jane.Roe@clinic-site.test"]),  # domain lower-cased
        ('<a href="mailto:jane&#64;clinic-site&#46;test">x</a>', ["jane@clinic-site.test"]),  # entities in href
        ('<area href="mailto:map@clinic-site.test" alt="mail">', ["map@clinic-site.test"]),
        ('<a href="mailto:">empty</a><a href="mailto:?subject=hi">none</a>', []),
        ('<a href="mailto:not-an-address">x</a>', []),
        # plain visible text
        ("<p>jane<span>@</span>clinic-site<b>.</b>test</p>", ["jane@clinic-site.test"]),  # split across inline tags
        # entity-encoded
        ("<p>jane&#64;clinic-site.test</p>", ["jane@clinic-site.test"]),
        ("<p>&#106;&#97;&#110;&#101;&#x40;clinic-site&#46;test</p>", ["jane@clinic-site.test"]),
        # obfuscations
        ('<a href="mailto:jane [at] clinic-site [dot] test">x</a>', ["jane@clinic-site.test"]),
        # Cloudflare e-mail protection
        (
            f'<span class="__cf_email__" data-cfemail="{cf_encode("cf@clinic-site.test")}">'
            "[email&#160;protected]</span>",
            ["cf@clinic-site.test"],
        ),
        (
            f'<a href="/cdn-cgi/l/email-protection#{cf_encode("cf@clinic-site.test", 0x1F)}">mail</a>',
            ["cf@clinic-site.test"],
        ),
        # junk: image names, file extensions
        ('<img srcset="hero@2x.png 2x"><p>sprite@2x-retina.png</p>', []),
        # junk: invalid syntax and lengths
        ('<p>j<span style="display:none">null</span>ane@clinic-site.test</p>', ["jane@clinic-site.test"]),
        ("<script>var e = 'hidden@clinic-site.test';</script><style>/* s@clinic-site.test */</style>", []),
        # duplicates and order
        (
            '<a href="mailto:jane@clinic-site.test">jane@clinic-site.test</a><p>JANE@CLINIC-SITE.TEST</p>',
            ["jane@clinic-site.test"],
        ),
        (
            "<p>b@clinic-site.test, a@clinic-site.test, b@clinic-site.test</p>",
            ["b@clinic-site.test", "a@clinic-site.test"],
        ),
        (
            "<p>partner@other-site.test</p><p>jane@clinic-site.test</p><p>ads@blog.clinic-site.test</p>",
            ["jane@clinic-site.test", "ads@blog.clinic-site.test", "partner@other-site.test"],
        ),
        (
            '<p>Write to <a href="mailto:first@clinic-site.test">us</a> or second@clinic-site.test</p>',
            ["first@clinic-site.test", "second@clinic-site.test"],
        ),
    ],
)
def test_find_emails(html, expected):
    assert find_emails(html, PAGE) == expected


def test_find_emails_bytes_and_charset():
    html = '<meta charset="iso-8859-1"><p>Café: jane@clinic-site.test</p>'.encode("latin-1")
    assert find_emails(html, PAGE) == ["jane@clinic-site.test"]


def test_find_emails_without_page_url_keeps_page_order():
    html = "<p>partner@other-site.test jane@clinic-site.test</p>"
    assert find_emails(html) == ["partner@other-site.test", "jane@clinic-site.test"]


def test_find_emails_returns_fresh_list_of_str():
    found = find_emails("<p>jane@clinic-site.test</p>", PAGE)
    assert found == ["jane@clinic-site.test"] and all(type(a) is str for a in found)


# --- robustness -----------------------------------------------------------------------------------

GARBAGE = [
    "",
    "   ",
    b"",
    b"\x00\xff\xfe",
    "<",
    "<<<>>>",
    "<a href='mailto:",
    '<a href="mailto:%">x</a>',
    '<a href="mailto:%E0%A4%A">x</a>',
    "<span data-cfemail='zz'>x</span>",
    "<span data-cfemail='42'>x</span>",
    "<span data-cfemail='" + "f" * 5000 + "'>x</span>",
    '<a href="/cdn-cgi/l/email-protection#c0ffee">x</a>',
    "\ud800@clinic-site.test",
    "@" * 10000,
    "a@" * 10000,
    "x@" + "a." * 20000,
    " at dot " * 5000,
    "[at]" * 5000,
    "<b>" * 3000 + "jane@clinic-site.test",
    "<?xml version='1.0'?><x:y>@</x:y>",
    "jane@clinic-site.test" * 2000,
]


@pytest.mark.parametrize("html", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_never_raises(html):
    assert isinstance(find_emails(html, PAGE), list)
    assert isinstance(find_emails(html, "not a url"), list)


def test_large_page_is_fast():
    html = "<p>" + "Words and more words, nothing to see at all. " * 10000 + "jane@clinic-site.test</p>"
    started = time.perf_counter()
    assert find_emails(html, PAGE) == ["jane@clinic-site.test"]
    assert time.perf_counter() - started < 1.0
