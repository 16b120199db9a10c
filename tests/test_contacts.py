"""mentionfinder.page.contacts: e-mail addresses on a page (junk left out) and the site's contact page."""

import time

import pytest

from mentionfinder.page.contacts import contact_candidates, contact_page_url, find_emails
from mentionfinder.page.extract import parse_page

PAGE = "https://www.clinic-site.test/blog/post/"


def cf_encode(address: str, key: int = 0x42) -> str:
    """Cloudflare's data-cfemail encoding: a key byte, then every byte XOR-ed with it."""
    return f"{key:02x}" + bytes(b ^ key for b in address.encode()).hex()


# --- find_emails ---------------------------------------------------------------------------------


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
        ("<p>Reach Jane on jane@clinic-site.test.</p>", ["jane@clinic-site.test"]),
        ("<p>(jane+news@clinic-site.test)</p>", ["jane+news@clinic-site.test"]),
        ("<p>first.last-name@mail.clinic-site.test</p>", ["first.last-name@mail.clinic-site.test"]),
        ("<p>editor@journal.co.uk</p>", ["editor@journal.co.uk"]),
        ("<p>jane<span>@</span>clinic-site<b>.</b>test</p>", ["jane@clinic-site.test"]),  # split across inline tags
        ("<p>jane@clinic-site.test.Then we talked</p>", ["jane@clinic-site.test"]),  # missing space after "."
        # entity-encoded
        ("<p>jane&#64;clinic-site.test</p>", ["jane@clinic-site.test"]),
        ("<p>&#106;&#97;&#110;&#101;&#x40;clinic-site&#46;test</p>", ["jane@clinic-site.test"]),
        # obfuscations
        ("<p>jane [at] clinic-site [dot] test</p>", ["jane@clinic-site.test"]),
        ("<p>jane[at]clinic-site[dot]test</p>", ["jane@clinic-site.test"]),
        ("<p>jane (at) clinic-site (dot) test</p>", ["jane@clinic-site.test"]),
        ("<p>jane {at} clinic-site {dot} test</p>", ["jane@clinic-site.test"]),
        ("<p>jane [AT] clinic-site [DOT] co [DOT] test</p>", ["jane@clinic-site.co.test"]),
        ("<p>jane [at] clinic-site.test</p>", ["jane@clinic-site.test"]),
        ("<p>jane (@) clinic-site (.) test</p>", ["jane@clinic-site.test"]),
        ("<p>jane AT clinic-site DOT test</p>", ["jane@clinic-site.test"]),
        ("<p>Email: jane at clinic-site dot test</p>", ["jane@clinic-site.test"]),
        ("<p>Send pitches to jane at clinic-site dot test</p>", ["jane@clinic-site.test"]),
        ("<p>jane at clinic-site [dot] test</p>", ["jane@clinic-site.test"]),
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
        # bare "at … dot" in prose is no address
        ("<p>look at this dot com</p>", []),
        ("<p>He was born at the dot com peak</p>", []),
        ("<p>Email us at clinic-site dot test</p>", []),  # "us" is no local part
        ("<p>jane at clinic-site dot test</p>", []),  # no cue, lower case: too weak
        ("<p>Visit us at clinic-site.test</p>", []),
        ("<p>Email? I'm at clinic-site dot test</p>", []),
        ("<p>JANE AT CLINIC DOT TEST</p>", []),  # shouting, not an address
        # junk: image names, file extensions
        ("<p>image@2x.png logo@3x.jpg icon@2x.webp a@b.svg x@y.gif s@t.css j@k.js p@q.jpeg</p>", []),
        ('<img srcset="hero@2x.png 2x"><p>sprite@2x-retina.png</p>', []),
        # junk: placeholders and monitoring endpoints
        ("<p>info@example.com you@example.org name@example.net me@example.co.uk</p>", []),
        ("<p>info@domain.com hello@yourdomain.com a@email.com b@test.com c@yoursite.com</p>", []),
        ("<p>3f2a9c0b1d2e3f4a@o123.ingest.sentry.io ops@sentry.io x@sentry-next.wixpress.com</p>", []),
        ("<p>yourname@clinic-site.test john.doe@clinic-site.test</p>", []),
        # junk: system and tracking addresses
        ("<p>noreply@clinic-site.test no-reply@clinic-site.test no_reply@clinic-site.test</p>", []),
        ("<p>donotreply@clinic-site.test do-not-reply@clinic-site.test</p>", []),
        ("<p>MAILER-DAEMON@clinic-site.test postmaster@clinic-site.test</p>", []),
        ("<p>bounce@clinic-site.test bounces+x=y@clinic-site.test bounce-123@clinic-site.test</p>", []),
        ("<p>SRS0=ab12=XY=other-site.test=jane@clinic-site.test</p>", []),
        ("<p>https://clinic-site.test/share?email=jane@clinic-site.test</p>", []),
        ("<p>4f6c8a9b2e1d3c5a7b9e@clinic-site.test</p>", []),  # 20 hex chars
        ("<p>123e4567-e89b-12d3-a456-426614174000@clinic-site.test</p>", []),  # UUID
        ("<p>reply+a1b2c3d4e5f6a7b8c9@clinic-site.test</p>", []),  # hex tag
        ("<p>cafe@clinic-site.test</p>", ["cafe@clinic-site.test"]),  # short hex is a name
        # junk: invalid syntax and lengths
        ("<p>" + "a" * 65 + "@clinic-site.test</p>", []),
        ("<p>jane@" + "b" * 250 + ".test</p>", []),
        ("<p>jane..roe@clinic-site.test</p>", []),
        ("<p>jane@-clinic.test jane@clinic</p>", []),
        ("<p>user@localhost pkg@1.2.3 node@18.x a@b.c</p>", []),
        ("<p>jane@clinic-site.notatld</p>", []),
        ("<p>@handle and https://social.test/@jane.roe and foo@@clinic-site.test</p>", []),
        ("<p>git@github.com:owner/repo.git https://jane@clinic-site.test/private</p>", []),
        ("<p>émile@clinic-site.test</p>", []),  # would be read as "mile@…"
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


# --- contact pages -------------------------------------------------------------------------------


def page_with(links_html: str, url: str = PAGE):
    return parse_page(f"<html><body>{links_html}</body></html>", url)


@pytest.mark.parametrize(
    "links_html, expected",
    [
        ('<a href="/contact/">Contact</a>', "https://www.clinic-site.test/contact/"),
        ('<a href="/page-12/">Contact Us</a>', "https://www.clinic-site.test/page-12/"),  # anchor only
        (
            '<a href="/contact-us.html">Write to the clinic</a>',
            "https://www.clinic-site.test/contact-us.html",
        ),  # URL only
        ('<a href="/hello/">Get in touch</a>', "https://www.clinic-site.test/hello/"),
        ('<a href="/write-for-us/">Write for us</a>', "https://www.clinic-site.test/write-for-us/"),
        ('<a href="/guest-posting/">Guest posts</a>', "https://www.clinic-site.test/guest-posting/"),
        ('<a href="/advertise/">Advertise</a>', "https://www.clinic-site.test/advertise/"),
        ('<a href="/about-us/">About us</a>', "https://www.clinic-site.test/about-us/"),
        ('<a href="/team/">Meet the team</a>', "https://www.clinic-site.test/team/"),
        # other languages
        ('<a href="/kontakt">Kontakt</a>', "https://www.clinic-site.test/kontakt"),
        ('<a href="/impressum">Impressum</a>', "https://www.clinic-site.test/impressum"),
        ('<a href="/contacto/">Contáctenos</a>', "https://www.clinic-site.test/contacto/"),
        ('<a href="/nous-contacter/">Nous contacter</a>', "https://www.clinic-site.test/nous-contacter/"),
        ('<a href="/chi-siamo/">Chi siamo</a>', "https://www.clinic-site.test/chi-siamo/"),
        ('<a href="/p/7">お問い合わせ</a>', "https://www.clinic-site.test/p/7"),
        ('<a href="/p/8">문의하기</a>', "https://www.clinic-site.test/p/8"),
        ('<a href="/p/9">Связаться с нами</a>', "https://www.clinic-site.test/p/9"),
        ('<a href="/%C3%BCber-uns/">Über uns</a>', "https://www.clinic-site.test/%C3%BCber-uns/"),
        # ranking: contact > write-for-us > about, whatever the order on the page
        (
            '<a href="/about/">About</a><a href="/write-for-us/">Write for us</a><a href="/contact/">Contact</a>',
            "https://www.clinic-site.test/contact/",
        ),
        (
            '<a href="/about/">About</a><a href="/contribute/">Contribute</a>',
            "https://www.clinic-site.test/contribute/",
        ),
        ('<a href="/team/">Team</a><a href="/about/">About</a>', "https://www.clinic-site.test/about/"),
        ('<a href="/x/">Contact</a><a href="/contact/">Contact</a>', "https://www.clinic-site.test/contact/"),
        # subdomains of the same site count
        ('<a href="https://shop.clinic-site.test/contact">Contact</a>', "https://shop.clinic-site.test/contact"),
        # ignored: other sites, archives, files, look-alike words, the page itself
        ('<a href="https://other-site.test/contact/">Contact</a>', ""),
        ('<a href="/tag/contact/">contact</a><a href="/category/about/">About</a>', ""),
        ('<a href="/contact.pdf">Contact</a>', ""),
        ('<a href="/about-diabetes/">About diabetes</a><a href="/contact-lenses/">Contact lenses</a>', ""),
        ('<a href="/blog/post/">Contact</a>', ""),
        ('<a href="mailto:jane@clinic-site.test">Contact</a>', ""),
        ('<a href="/pricing/">Pricing</a><a href="/">Home</a>', ""),
        ("", ""),
    ],
)
def test_contact_page_url(links_html, expected):
    assert contact_page_url(page_with(links_html), PAGE) == expected


def test_contact_candidates_ranked_and_limited():
    html = (
        '<nav><a href="/about/">About</a><a href="/write-for-us/">Write for us</a>'
        '<a href="https://other-site.test/contact">Contact</a></nav>'
        '<footer><a href="/team/">Team</a><a href="/contact/">Contact</a><a href="/contact">Contact</a>'
        '<a href="/advertise/">Advertise</a></footer>'
    )
    page = page_with(html)
    assert contact_candidates(page, PAGE) == [
        "https://www.clinic-site.test/contact/",
        "https://www.clinic-site.test/write-for-us/",
        "https://www.clinic-site.test/advertise/",
    ]
    assert contact_candidates(page, PAGE, limit=10) == [
        "https://www.clinic-site.test/contact/",
        "https://www.clinic-site.test/write-for-us/",
        "https://www.clinic-site.test/advertise/",
        "https://www.clinic-site.test/about/",
        "https://www.clinic-site.test/team/",
    ]
    assert contact_candidates(page, PAGE, limit=0) == []
    assert contact_page_url(page, PAGE) == contact_candidates(page, PAGE)[0]


def test_contact_candidates_use_page_url_when_none_given():
    page = page_with('<a href="/contact/">Contact</a>')
    assert contact_candidates(page, "") == ["https://www.clinic-site.test/contact/"]


# --- robustness and purity -----------------------------------------------------------------------

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
    page = parse_page(html, PAGE)
    assert isinstance(contact_page_url(page, PAGE), str)
    assert isinstance(contact_candidates(page, "::bad::"), list)


def test_large_page_is_fast():
    html = "<p>" + "Words and more words, nothing to see at all. " * 10000 + "jane@clinic-site.test</p>"
    started = time.perf_counter()
    assert find_emails(html, PAGE) == ["jane@clinic-site.test"]
    assert time.perf_counter() - started < 1.0
