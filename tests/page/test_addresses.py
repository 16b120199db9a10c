"""mentionfinder.page.addresses: the addresses a stretch of visible text spells — obfuscations read, junk left out."""

import pytest

from mentionfinder.page.addresses import scan_addresses
from tests.helpers import cases


def addresses(text: str) -> list[str]:
    return [address for _, address in scan_addresses(text, cue=False, budget=[100_000])]


ADDRESSES = cases(
    r"""
# plain visible text
Reach Jane on jane@clinic-site.test. ~ ['jane@clinic-site.test']
'(jane+news@clinic-site.test)' ~ ['jane+news@clinic-site.test']
first.last-name@mail.clinic-site.test ~ ['first.last-name@mail.clinic-site.test']
editor@journal.co.uk ~ ['editor@journal.co.uk']
jane@clinic-site.test.Then we talked ~ ['jane@clinic-site.test']  # missing space after "."
# obfuscations
jane [at] clinic-site [dot] test ~ ['jane@clinic-site.test']
jane[at]clinic-site[dot]test ~ ['jane@clinic-site.test']
jane (at) clinic-site (dot) test ~ ['jane@clinic-site.test']
jane {at} clinic-site {dot} test ~ ['jane@clinic-site.test']
jane [AT] clinic-site [DOT] co [DOT] test ~ ['jane@clinic-site.co.test']
jane [at] clinic-site.test ~ ['jane@clinic-site.test']
jane (@) clinic-site (.) test ~ ['jane@clinic-site.test']
jane AT clinic-site DOT test ~ ['jane@clinic-site.test']
Email: jane at clinic-site dot test ~ ['jane@clinic-site.test']
Send pitches to jane at clinic-site dot test ~ ['jane@clinic-site.test']
jane at clinic-site [dot] test ~ ['jane@clinic-site.test']
# bare "at … dot" in prose is no address
look at this dot com ~ []
He was born at the dot com peak ~ []
Email us at clinic-site dot test ~ []  # "us" is no local part
jane at clinic-site dot test ~ []  # no cue, lower case: too weak
Visit us at clinic-site.test ~ []
Email? I'm at clinic-site dot test ~ []
JANE AT CLINIC DOT TEST ~ []  # shouting, not an address
# junk: image names, file extensions
image@2x.png logo@3x.jpg icon@2x.webp a@b.svg x@y.gif s@t.css j@k.js p@q.jpeg ~ []
# junk: placeholders and monitoring endpoints
info@example.com you@example.org name@example.net me@example.co.uk ~ []
info@domain.com hello@yourdomain.com a@email.com b@test.com c@yoursite.com ~ []
3f2a9c0b1d2e3f4a@o123.ingest.sentry.io ops@sentry.io x@sentry-next.wixpress.com ~ []
yourname@clinic-site.test john.doe@clinic-site.test ~ []
# junk: system and tracking addresses
noreply@clinic-site.test no-reply@clinic-site.test no_reply@clinic-site.test ~ []
donotreply@clinic-site.test do-not-reply@clinic-site.test ~ []
MAILER-DAEMON@clinic-site.test postmaster@clinic-site.test ~ []
bounce@clinic-site.test bounces+x=y@clinic-site.test bounce-123@clinic-site.test ~ []
SRS0=ab12=XY=other-site.test=jane@clinic-site.test ~ []
https://clinic-site.test/share?email=jane@clinic-site.test ~ []
4f6c8a9b2e1d3c5a7b9e@clinic-site.test ~ []  # 20 hex chars
123e4567-e89b-12d3-a456-426614174000@clinic-site.test ~ []  # UUID
reply+a1b2c3d4e5f6a7b8c9@clinic-site.test ~ []  # hex tag
cafe@clinic-site.test ~ ['cafe@clinic-site.test']  # short hex is a name
# junk: invalid syntax and lengths
jane..roe@clinic-site.test ~ []
jane@-clinic.test jane@clinic ~ []
user@localhost pkg@1.2.3 node@18.x a@b.c ~ []
jane@clinic-site.notatld ~ []
@handle and https://social.test/@jane.roe and foo@@clinic-site.test ~ []
git@github.com:owner/repo.git https://jane@clinic-site.test/private ~ []
émile@clinic-site.test ~ []  # would be read as "mile@…"
"""
)


@pytest.mark.parametrize(
    "text, expected", ADDRESSES + [("a" * 65 + "@clinic-site.test", []), ("jane@" + "b" * 250 + ".test", [])]
)
def test_scan_addresses(text, expected):
    assert addresses(text) == expected
