"""mentionfinder.page.extract: HTML → links (URL, anchor, rel, placement, context) and visible text."""

import pytest

from mentionfinder.page.extract import absolutize, parse_page
from tests.helpers import cases

PAGE = "https://site.test/dir/page.html"


def links(html, url=PAGE, **kw):
    return parse_page(html, url, **kw).links


def only_link(html, url=PAGE):
    found = links(html, url)
    assert len(found) == 1, found
    return found[0]


# --- absolutize -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href, expected",
    [
        ("https://other.test/a", "https://other.test/a"),
        ("x.html", "https://site.test/dir/x.html"),
        ("/root", "https://site.test/root"),
        ("../up", "https://site.test/up"),
        ("?q=1", "https://site.test/dir/page.html?q=1"),
        ("//cdn.test/lib", "https://cdn.test/lib"),
        ("  /padded  ", "https://site.test/padded"),
        ("HTTPS://Other.TEST", "https://other.test/"),  # scheme and host lower-cased, empty path → "/"
        ("https://other.test/Path", "https://other.test/Path"),  # path case kept
        ("https://other.test:8080/p", "https://other.test:8080/p"),
        ("https://other.test/a#section", "https://other.test/a"),  # fragment stripped
        ("/a?b=1#frag", "https://site.test/a?b=1"),
        ("ftp://files.test/pub/", "ftp://files.test/pub/"),  # kept: the checker skips it
        # spaces and non-ASCII made safe
        ("https://other.test/a b?q=x y", "https://other.test/a%20b?q=x%20y"),
        ("/ü/ñ?q=é", "https://site.test/%C3%BC/%C3%B1?q=%C3%A9"),
        ("http://bücher.test/ä", "http://xn--bcher-kva.test/%C3%A4"),
    ],
)
def test_absolutize(href, expected):
    assert absolutize(href, PAGE) == expected


@pytest.mark.parametrize(
    "href",
    [
        "",
        "   ",
        "#",
        "#top",
        "  #top",
        "mailto:someone@site.test",
        "MAILTO:someone@site.test",
        "tel:+15550100",
        "javascript:void(0)",
        "JavaScript:alert(1)",
        "data:text/html,hi",
        "sms:123",
        "about:blank",
        "blob:https://site.test/x",
        "http://",
        "http:///nohost",
        "http://[bad/",
    ],
)
def test_absolutize_skips(href):
    assert absolutize(href, PAGE) is None


# --- <base href> ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base, expected_base, expected_link",
    [
        ("https://cdn.test/b/", "https://cdn.test/b/", "https://cdn.test/b/x"),
        ("/other/", "https://site.test/other/", "https://site.test/other/x"),  # relative base, against page
        ("sub/", "https://site.test/dir/sub/", "https://site.test/dir/sub/x"),
        ("javascript:void(0)", PAGE, "https://site.test/dir/x"),  # non-web base ignored
        ("", PAGE, "https://site.test/dir/x"),
    ],
)
def test_base_href(base, expected_base, expected_link):
    page = parse_page(f'<html><head><base href="{base}"></head><body><a href="x">x</a></body></html>', PAGE)
    assert page.base_url == expected_base
    assert [link.url for link in page.links] == [expected_link]


# --- skipped hrefs inside a page --------------------------------------------------------------


def test_non_web_links_skipped_in_page():
    html = (
        '<a href="#top">top</a><a href="mailto:a@site.test">m</a><a href="tel:1">t</a>'
        '<a href="javascript:void(0)">j</a><a href="data:text/html,x">d</a><a>no href</a>'
        '<a href="https://other.test/keep#frag">keep</a>'
    )
    page = parse_page(html, PAGE)
    assert [link.url for link in page.links] == ["https://other.test/keep"]
    assert page.links_seen == 1 and not page.truncated


# --- anchor text, images, area ----------------------------------------------------------------


ANCHORS = cases(
    r"""
'<a href="/a">  Plain \n  text </a>' ~ Plain text ~ False
<a href="/a">Mixed <b>bold</b> text</a> ~ Mixed bold text ~ False
<a href="/a"><img src="l.png" alt="  Logo   Alt "></a> ~ Logo Alt ~ True
<a href="/a"><img src="l.png"></a> ~ '' ~ True
<a href="/a"><svg><title>t</title></svg></a> ~ '' ~ True
<a href="/a" aria-label="Label"></a> ~ Label ~ False
<a href="/a" title="Title attr"></a> ~ Title attr ~ False
<a href="/a">Text wins<img src="l.png" alt="alt"></a> ~ Text wins ~ False
<map name="m"><area href="/a" alt="Map area" shape="rect" coords="0,0,1,1"></map> ~ Map area ~ False
<map name="m"><area href="/a" title="Area title"></map> ~ Area title ~ False
"""
)


@pytest.mark.parametrize("html, anchor, image", ANCHORS)
def test_anchor_text_and_image(html, anchor, image):
    link = only_link(html)
    assert (link.url, link.anchor_text, link.image) == ("https://site.test/a", anchor, image)


# --- rel ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, expected",
    [
        (None, ()),
        ("", ()),
        ("nofollow", ("nofollow",)),
        ("NoFollow  nofollow UGC", ("nofollow", "ugc")),
        ("Sponsored noopener sponsored", ("sponsored", "noopener")),
    ],
)
def test_rel_tokens(rel, expected):
    attr = "" if rel is None else f' rel="{rel}"'
    assert only_link(f'<a href="/a"{attr}>a</a>').rel == expected


# --- placement ---------------------------------------------------------------------------------

A = '<a href="/a">a</a>'


@pytest.mark.parametrize(
    "wrapper, expected",
    [
        ("<p>{}</p>", "content"),
        ("<nav>{}</nav>", "navigation"),
        ("<header>{}</header>", "navigation"),
        ("<footer>{}</footer>", "footer"),
        ("<aside>{}</aside>", "sidebar"),
        ("<main><div>{}</div></main>", "content"),
        ('<div role="navigation">{}</div>', "navigation"),
        ('<div role=" Navigation ">{}</div>', "navigation"),
        ('<div role="banner">{}</div>', "navigation"),
        ('<div role="contentinfo">{}</div>', "footer"),
        ('<div role="complementary">{}</div>', "sidebar"),
        ('<div class="site-footer">{}</div>', "footer"),
        ('<div id="colophon">{}</div>', "footer"),
        ('<div class="widget">{}</div>', "sidebar"),
        ('<div class="widget_text">{}</div>', "sidebar"),
        ('<div class="blogroll">{}</div>', "sidebar"),
        ('<ul id="primary-menu"><li>{}</li></ul>', "navigation"),
        ('<div class="menu-main">{}</div>', "navigation"),
        ('<ol class="breadcrumbs"><li>{}</li></ol>', "navigation"),
        ('<div class="footnote">{}</div>', "content"),  # whole tokens only: "footnote" is not "footer"
        ('<div class="navy-blue">{}</div>', "content"),  # nor is "navy" "nav"
        # an article's own header/footer (byline, tags) is content, not site chrome
        ("<article><p>Body.</p><footer>{}</footer></article>", "content"),
        ("<article><header>{}</header><p>Body.</p></article>", "content"),
        ("<main><footer>{}</footer></main>", "content"),
        # the nearest landmark wins
        ("<footer><aside>{}</aside></footer>", "sidebar"),
        ("<aside><nav>{}</nav></aside>", "navigation"),
        ('<footer><div class="widget">{}</div></footer>', "sidebar"),
        ('<div class="sidebar"><article>{}</article></div>', "content"),
        ('<nav><div role="contentinfo">{}</div></nav>', "footer"),
    ],
)
def test_placement(wrapper, expected):
    assert only_link("<html><body>" + wrapper.format(A) + "</body></html>").placement == expected


@pytest.mark.parametrize("wrapper", ['<div class="main-menu">{}</div>', '<div class="main-navigation">{}</div>'])
def test_placement_main_menu_is_navigation(wrapper):
    assert only_link("<html><body>" + wrapper.format(A) + "</body></html>").placement == "navigation"


# --- context -----------------------------------------------------------------------------------


def test_context_is_the_surrounding_sentence():
    link = only_link(
        '<div><p>First sentence. Read the <a href="https://other.test/g">excellent guide</a> '
        "for more.</p><p>Another paragraph.</p></div>"
    )
    assert link.context == "First sentence. Read the excellent guide for more."


def test_context_of_long_block_keeps_the_anchor():
    filler = "lorem ipsum dolor " * 40
    link = only_link(f'<p>{filler} see <a href="/g">Unique Anchor</a> here. {filler}</p>')
    assert "see Unique Anchor here." in link.context
    assert len(link.context) <= 240


# --- visible text, title, h1 -------------------------------------------------------------------

HIDDEN_HTML = """<html><head><title> My   Title </title><meta name="description" content="HeadMeta">
<script>var s = "ScriptText";</script><style>.x { content: "StyleText" }</style></head>
<body><!-- CommentText --><h1>Main <b>Heading</b></h1><h1>  </h1><h1>Second</h1>
<noscript>NoscriptText</noscript><template><p>TemplateText</p></template>
<p title="AttrText" data-x="DataText">Visible <span>para</span>.<img alt="AltText" src="x.png"></p>
<select><option>OptionText</option></select><svg><text>SvgText</text></svg><p>Tail end</p></body></html>"""


def test_visible_text_title_h1():
    page = parse_page(HIDDEN_HTML, PAGE)
    assert page.title == "My Title"
    assert page.h1 == ("Main Heading", "Second")
    assert page.text_blocks == ("Main Heading", "Second", "Visible para.", "Tail end")


@pytest.mark.parametrize(
    "hidden",
    [
        "My Title",
        "HeadMeta",
        "ScriptText",
        "StyleText",
        "CommentText",
        "NoscriptText",
        "TemplateText",
        "AttrText",
        "DataText",
        "AltText",
        "OptionText",
        "SvgText",
    ],
)
def test_hidden_text_not_visible(hidden):
    assert hidden not in " ".join(parse_page(HIDDEN_HTML, PAGE).text_blocks)


def test_text_blocks_split_at_block_elements():
    page = parse_page("<p>one <b>two</b></p><div>three<br>four</div><ul><li>five</li><li>six</li></ul>", PAGE)
    assert page.text_blocks == ("one two", "three", "four", "five", "six")


def test_max_text_chars_sets_truncated():
    page = parse_page("".join(f"<p>paragraph number {i}</p>" for i in range(50)), PAGE, max_text_chars=60)
    assert page.truncated
    assert 0 < len(page.text_blocks) < 50


# --- malformed and empty input -----------------------------------------------------------------

DEEP = (
    "<title>T</title><p>before <a href='/top'>top</a></p>"
    + "<div>" * 5000
    + "<a href='/deep'>deep</a>"
    + "</div>" * 5000
)


@pytest.mark.parametrize(
    "html",
    [
        b"",
        "",
        "   ",
        b"  \n\t ",
        b"\xff\xfe<<<",
        b"\x00\x00\x00",
        "<<<>>>",
        "</p></div>",
        "<div><p>unclosed <a href='/a'>a",
        "<a href='/a'",
        "\ud800<a href='/b'>b</a>",
        "<!-- never closed",
        "<html><head><title>only title",
        b"<a href='\xff\xfe'>bytes</a>",
        DEEP,
    ],
)
def test_malformed_input_never_raises(html):
    page = parse_page(html, PAGE)
    assert page.url == PAGE
    assert isinstance(page.links, tuple) and isinstance(page.text_blocks, tuple)


@pytest.mark.parametrize("html", [b"", "", "   "])
def test_empty_input_gives_empty_page(html):
    page = parse_page(html, PAGE)
    assert (page.base_url, page.title, page.h1, page.links, page.text_blocks, page.truncated) == (
        PAGE,
        "",
        (),
        (),
        (),
        False,
    )


def test_unclosed_tags_still_give_links_and_text():
    page = parse_page("<div><p>unclosed <a href='/a'>first<p>second <a href='/b'>link", PAGE)
    assert [link.url for link in page.links] == ["https://site.test/a", "https://site.test/b"]
    assert "second link" in " ".join(page.text_blocks)


def test_deep_nesting_keeps_what_comes_before():
    page = parse_page(DEEP, PAGE)
    assert page.title == "T"
    assert "https://site.test/top" in [link.url for link in page.links]


def test_old_style_unclosed_font_tags_lose_no_links_silently():
    # 1998-style link pages: one unclosed <font> per entry, so nesting grows with the list.
    html = "<title>Links</title>" + "".join(f"<font><a href='/l{i}'>link {i}</a><br>" for i in range(400))
    page = parse_page(html, PAGE)
    assert len(page.links) == 400 or page.truncated


# --- max_links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, cap, kept, truncated",
    [
        (10, 3, 3, True),
        (3, 3, 3, False),
        (0, 3, 0, False),
        (5, 0, 0, True),
    ],
)
def test_max_links(count, cap, kept, truncated):
    html = "".join(f'<p><a href="/l{i}">l{i}</a></p>' for i in range(count))
    page = parse_page(html, PAGE, max_links=cap)
    assert len(page.links) == kept
    assert page.links_seen == count
    assert page.truncated is truncated
    assert [link.url for link in page.links] == [f"https://site.test/l{i}" for i in range(kept)]


@pytest.mark.parametrize(
    "html, context",
    [
        ('<div><p>Intro</p><a href="http://x.test/a">Link</a></div>', "Intro Link"),
        ('<li>Item<ul><li>Sub</li></ul><a href="http://x.test/a">Link</a></li>', "Item Sub Link"),
        ('<p>Read <b>the</b> <a href="http://x.test/a">gu<i>ide</i></a>.</p>', "Read the guide."),
        ('<p>Tip<script>var x = 1;</script> <a href="http://x.test/a">here</a></p>', "Tip here"),
    ],
)
def test_context_keeps_blocks_apart_and_inline_markup_together(html, context):
    [link] = parse_page(html, PAGE).links
    assert link.context == context
