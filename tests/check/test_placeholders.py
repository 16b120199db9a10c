"""mentionfinder.check.placeholders: default-server pages and host placeholders (no site behind the domain)."""

import pytest

from mentionfinder.check.clues import page_signals
from tests.check.test_clues import ARTICLE, URL, html
from tests.helpers import cases

# title ~ body (HTML) ~ the placeholder marker's text
POSITIVES = cases(
    r"""
"" ~ <h1>It works!</h1> ~ it works
Apache2 Debian Default Page: It works ~ <p>This is the default welcome page.</p> ~ apache2 debian default page
Welcome to nginx! ~ <p>If you see this page, the nginx web server is installed.</p> ~ welcome to nginx
Welcome to OpenResty! ~ <p>Further configuration is required.</p> ~ welcome to openresty
IIS Windows Server ~ <img src="iisstart.png" alt="IIS"> ~ iis windows server
IIS7 ~ "" ~ iis7
Fedora ~ <p>This page is used to test the proper operation of the Apache HTTP server.</p> ~ this page is used to test
Test Page for the Apache HTTP Server on Fedora ~ "" ~ test page for the apache http server
Apache Tomcat/9.0.1 ~ <p>If you're seeing this, you've successfully installed Tomcat.</p> ~ if you're seeing this,
Welcome page ~ <p>This is a placeholder page installed by the Debian release.</p> ~ this is a placeholder page installed
Lighttpd ~ <p>If you can read this page, it means that the lighttpd web server works.</p> ~ if you can read this page
Domain Default page ~ <p>The website for example.test is not available.</p> ~ domain default page
Default Web Site Page ~ <p>Future home of something quite cool.</p> ~ default web site page
Hosting ~ <p>Future home of something quite cool.</p> ~ future home of something quite cool
Fastly error: unknown domain shop.example.test ~ "" ~ unknown domain shop.example.test
Fastly ~ <p>Please check that this domain has been added to a service.</p> ~ please check that this domain
Squarespace - Domain Not Claimed ~ "" ~ domain not claimed
GitHub Pages ~ <p>There isn't a GitHub Pages site here.</p> ~ there isn't a github pages site here
Heroku | No such app ~ <p>There's nothing here, yet.</p> ~ no such app
Shop ~ <h1>Sorry, this shop is currently unavailable.</h1> ~ this shop is currently unavailable
Account Suspended ~ <p>This Account has been suspended. Contact your hosting provider.</p> ~ account suspended
Hosting ~ <p>This account has been suspended.</p> ~ this account has been suspended
Cuenta suspendida ~ "" ~ cuenta suspendida
Hébergement ~ <p>Ce compte a été suspendu.</p> ~ ce compte a été suspendu
Domain reserved ~ "" ~ domain reserved
Registrant WHOIS contact information verification | Namecheap ~ "" ~ registrant whois contact information
Your Azure Function App is up and running. ~ "" ~ your azure function app is up and running
Azure ~ <p>Your app service app is up and running</p> ~ your app service app is up and running
Web App ~ <p>Custom domain has not been configured inside Azure.</p> ~ custom domain has not been configured
Página predeterminada ~ "" ~ página predeterminada
Apache Tomcat ~ <p>If you're seeing this page via a web browser, it means you've setup Tomcat.</p> ~ if you're
Django ~ <h2>The install worked successfully! Congratulations!</h2> ~ the install worked successfully
"""
)


@pytest.mark.parametrize("title, body, marker", POSITIVES)
def test_placeholders(title, body, marker):
    assert page_signals(html(title, body=body), URL).parked_marker.startswith(f"placeholder: {marker}")


NEGATIVES = cases(
    r"""
# Real pages that talk about servers, suspensions and reservations.
It works! Our new clinic opens on Monday ~ <p>Come and see the new rooms.</p>
Welcome to Apache Kafka ~ <p>Apache Kafka is an open-source distributed event streaming platform.</p>
Blood test page ~ <p>Book your blood test online.</p>
Site unavailable ~ <p>We are down for maintenance, back in an hour.</p>
Coming soon ~ <p>Our new shop opens in May.</p>
My Twitter account was suspended, and what I learnt ~ <p>It took three weeks to get it back.</p>
Reserve a table ~ <p>Tables can be reserved by phone.</p>
How to set up nginx ~ <p>After installing, nginx shows its default page: "Welcome to nginx!".</p>
"""
)


@pytest.mark.parametrize("title, body", NEGATIVES)
def test_ordinary_pages(title, body):
    assert page_signals(html(title, body=body), URL).parked_marker == ""


def test_a_default_page_title_counts_on_a_long_page():
    page = html("Apache2 Debian Default Page: It works", body=ARTICLE)
    assert page_signals(page, URL).parked_marker == "placeholder: apache2 debian default page: it works"


@pytest.mark.parametrize("title", ["Welcome to nginx: a beginner's guide", "It works! Our new clinic", "IIS tips"])
def test_article_titles_that_quote_a_default_page(title):
    assert page_signals(html(title, body=ARTICLE), URL).parked_marker == ""


def test_a_full_article_quoting_a_default_page_is_not_one():
    body = "<h1>It works!</h1><p>If you see this page, the nginx web server is successfully installed.</p>" + ARTICLE
    assert page_signals(html("Installing nginx on Debian", body=body), URL).parked_marker == ""
