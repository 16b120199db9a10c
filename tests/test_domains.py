"""mentionfinder.domains: host → registrable domain, offline and public-suffix aware."""

import os
import subprocess
import sys

import pytest

from mentionfinder.domains import registrable_domain, url_domain
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
