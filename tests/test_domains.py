"""mentionfinder.domains: host → registrable domain, offline and public-suffix aware."""

import os
import subprocess
import sys

import pytest

from mentionfinder.domains import in_domains, registrable_domain, same_site, url_domain
from tests.helpers import cases

REGISTRABLE = cases(
    r"""
example.com ~ example.com
www.example.com ~ example.com
a.b.c.example.com ~ example.com
WWW.Example.COM ~ example.com
www.example.com. ~ example.com  # trailing root dot
'  example.com  ' ~ example.com
a.example.co.uk ~ example.co.uk
b.example.co.uk ~ example.co.uk
# private suffixes on: each blog is its own site
foo.blogspot.com ~ foo.blogspot.com
bar.blogspot.com ~ bar.blogspot.com
www.foo.blogspot.com ~ foo.blogspot.com
user.github.io ~ user.github.io
# reserved TLDs group by their last two labels
site.test ~ site.test
a.b.site.test ~ site.test
x.invalid ~ x.invalid
deep.x.invalid ~ x.invalid
www.shop.example ~ shop.example
app.localhost ~ app.localhost
# no public suffix: returned as they are
localhost ~ localhost
127.0.0.1 ~ 127.0.0.1
::1 ~ ::1
2001:db8::1 ~ 2001:db8::1
'' ~ ''
'   ' ~ ''
"""
)


@pytest.mark.parametrize("host, expected", REGISTRABLE)
def test_registrable_domain(host, expected):
    assert registrable_domain(host) == expected


URL_DOMAINS = cases(
    r"""
https://www.example.co.uk/path?q=1 ~ example.co.uk
http://USER:pw@Shop.Example.COM:8080/x ~ example.com
https://foo.blogspot.com/2020/01/post.html ~ foo.blogspot.com
http://127.0.0.1:8000/ ~ 127.0.0.1
http://[::1]:8080/ ~ ::1
http://localhost/ ~ localhost
//cdn.site.test/lib.js ~ site.test
# garbage: "" without raising
'' ~ ''
http://[bad ~ ''
not a url ~ ''
/relative/path ~ ''
mailto:someone@example.com ~ ''
http:// ~ ''
"""
)


@pytest.mark.parametrize("url, expected", URL_DOMAINS)
def test_url_domain(url, expected):
    assert url_domain(url) == expected


SAME_SITE = cases(
    r"""
https://a.example.co.uk/x ~ http://b.example.co.uk/y ~ True
https://example.com/ ~ https://www.example.com/about ~ True
https://foo.blogspot.com/ ~ https://bar.blogspot.com/ ~ False
https://one.site.test/ ~ https://two.site.test/ ~ True
https://site.test/ ~ https://other.test/ ~ False
https://example.co.uk/ ~ https://example.com/ ~ False
http://127.0.0.1:8000/ ~ http://127.0.0.1:9000/ ~ True
http://127.0.0.1/ ~ http://127.0.0.2/ ~ False
# garbage never counts as the same site, not even as itself
'' ~ '' ~ False
http://[bad ~ http://[bad ~ False
http://[bad ~ https://example.com/ ~ False
not a url ~ not a url ~ False
"""
)


@pytest.mark.parametrize("a, b, expected", SAME_SITE)
def test_same_site(a, b, expected):
    assert same_site(a, b) is expected
    assert same_site(b, a) is expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://shop.acme.test/", True),
        ("https://acme.test.evil.test/", False),
        ("https://notacme.test/", False),
        ("http://[bad", False),
    ],
)
def test_in_domains(url, expected):
    assert in_domains(url, frozenset({"acme.test"})) is expected


def test_works_offline_in_a_fresh_process():
    """A fresh import must not fetch the suffix list: with every proxy pointing at a closed port it still answers."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k.upper() not in {"TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}
    }
    closed = "http://127.0.0.1:9"
    env.update(HTTP_PROXY=closed, HTTPS_PROXY=closed, http_proxy=closed, https_proxy=closed, ALL_PROXY=closed)
    code = (
        "from mentionfinder.domains import registrable_domain as r; "
        "print(r('a.b.example.co.uk'), r('foo.blogspot.com'), r('x.site.test'))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["example.co.uk", "foo.blogspot.com", "site.test"]
