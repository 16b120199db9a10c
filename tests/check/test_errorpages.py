"""mentionfinder.check.errorpages: stock server and framework error pages judged by their headings and text."""

import pytest

from tests.check.test_clues import ARTICLE, html, signals
from tests.helpers import cases

URL = "https://site.test/some/deep/page"


def page(title="", body="", head=""):
    return html(title, body=body, head=head)


# title ~ body (HTML) ~ the statement found: pages whose title says nothing, or not enough.
POSITIVES = cases(
    r"""
Error ~ <pre>Cannot GET /guides/sleep</pre> ~ Cannot GET /guides/sleep
Error ~ <pre>Cannot POST /api/v1/x</pre> ~ Cannot POST /api/v1/x
Irving's Blog ~ <h1>Irving's Blog</h1><main><h1>Document not found (404)</h1></main> ~ Document not found (404)
My site ~ <h2>404</h2><p>Back home</p> ~ 404
Tomcat/8.0 - Error report ~ <h1>HTTP Status 404 - /x</h1><p>description</p> ~ HTTP Status 404
Error report ~ <p>The requested resource is not available.</p> ~ The requested resource is not available
Error ~ <p>It did not find a current representation for the target resource.</p> ~ did not find a current representation
Oops! ~ <h1>Oops! An Error Occurred</h1><h2>The server returned a "404 Not Found".</h2> ~ the server returned a "404
Site ~ <p>The requested URL /a/b was not found on this server.</p> ~ the requested url /a/b was not found on this server
Server Error ~ <p>The resource you are looking for has been removed.</p> ~ the resource you are looking for
Error ~ <p>No route found for "GET /x"</p> ~ no route found for "get
Play ~ <p>Action not found</p><p>For request 'GET /x'</p> ~ Action not found
Site ~ <p>Objekt nicht gefunden!</p><p>Der angeforderte URL konnte nicht gefunden werden.</p> ~ Objekt nicht gefunden
Site ~ <p>Der angeforderte URL konnte auf dem Server nicht gefunden werden.</p> ~ der angeforderte url
Site ~ <h1>Objet non trouvé !</h1> ~ Objet non trouvé
Site ~ <p>Nie znaleziono żądanego URLa na tym serwerze.</p> ~ nie znaleziono żądanego url
Blog ~ <div class="error">Page not found (404)</div> ~ Page not found (404)
"""
)


@pytest.mark.parametrize("title, body, statement", POSITIVES)
def test_error_pages(title, body, statement):
    assert signals(title=title, body=body).error_phrase.lower().startswith(statement.lower())


NEGATIVES = cases(
    r"""
# Ordinary thin pages that only mention errors, routes, objects or "cannot get".
Contact us ~ <p>Write to us. I cannot get /etc/hosts to work either, said Bob.</p>
Search ~ <p>Nothing found</p><p>Try another word.</p>
Search ~ <p>Not found</p>
Status codes ~ <p>A 404 error means the page is missing; a 410 means it is gone for good.</p>
Our tools ~ <h2>Route planner</h2><p>Object storage, action plans.</p>
Bus times ~ <table><tr><td>404</td><td>Central station</td></tr></table>
Not Acceptable! ~ <p>An appropriate representation of the requested resource could not be found on this server.</p>
Why did I get "Cannot GET /"? ~ <p>Express prints it when no route matches.</p>
"""
)


@pytest.mark.parametrize("title, body", NEGATIVES)
def test_ordinary_thin_pages(title, body):
    assert signals(title=title, body=body).error_phrase == ""


def test_a_full_page_quoting_an_error_page_is_not_one():
    body = "<h2>404</h2><p>The requested URL /x was not found on this server.</p><pre>Cannot GET /</pre>"
    body += f"<p>{ARTICLE}</p>"
    assert signals(title="How our server answers missing pages", body=body).error_phrase == ""
