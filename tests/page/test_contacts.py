"""mentionfinder.page.contacts: the site's contact, write-for-us and about pages among a page's links."""

import pytest

from mentionfinder.page.contacts import contact_candidates
from mentionfinder.page.extract import parse_page
from tests.page.test_emails import GARBAGE


def contact_page_url(page, url: str) -> str:
    """The one contact page a crawl fetches per site (it asks for the best candidate only)."""
    return (contact_candidates(page, url, limit=1) or [""])[0]


PAGE = "https://www.clinic-site.test/blog/post/"


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


# --- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize("html", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_never_raises(html):
    page = parse_page(html, PAGE)
    assert isinstance(contact_page_url(page, PAGE), str)
    assert isinstance(contact_candidates(page, "::bad::"), list)
