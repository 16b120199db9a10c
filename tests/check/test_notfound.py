"""mentionfinder.check.notfound: the "not found" statement of a checked page's title or h1 (soft 404s)."""

import pytest

from tests.check.test_clues import ARTICLE, signals

ERROR_TITLES = [
    "404 Not Found",
    "Page not found | Site",
    "Page Not Found – The Very Long Name of Our Community Clinic",
    "Error 404 - Site",
    "404",
    "404 | Acme",
    "Oops! That page can’t be found.",
    "Oops! That page can't be found.",
    "Sorry, the page you requested does not exist",
    "This page is no longer available",
    "The page you are looking for doesn't exist",
    "404 - Page Not Found",
    "Error 404: Page not found",
    "File not found",
    "We can't find that page",
    "Not Found",
    "Page Not Found (404)",
    "Site not found · GitHub Pages",
    "The requested URL was not found on this server",
    "Nothing found",
    # stock pages of servers and frameworks
    "Error 404 (Not Found)!!1",
    "HTTP Status 404 – Not Found",
    "HTTP Status 404 - /guides/sleep",
    "Object not found!",
    "Action not found",
    "Route not found",
    "An Error Occurred: Not Found",
    "Status code 404",
    "Error 410",
]
MULTILINGUAL = [
    "Page introuvable",
    "Oups ! Page introuvable – Boutique",
    "Seite nicht gefunden",
    "Fehler 404 - Seite nicht gefunden",
    "Página no encontrada",
    "Pagina non trovata",
    "Pagina niet gevonden",
    "Página não encontrada",
    "Strona nie została znaleziona",
    "Страница не найдена",
    "ページが見つかりません",
    "找不到页面",
    "页面不存在",
    "Objekt nicht gefunden!",
    "Objeto no localizado",
    "Oggetto non trovato!",
    "Nie znaleziono obiektu!",
]
NOT_ERRORS = [
    "How to fix a 404 error on WordPress",
    "Not Found: the lost art of letter writing",
    "Error handling in Python",
    "Page Not Found: How to Fix It",
    "Why page not found errors hurt your SEO",
    "The 404 page: a design gallery",
    "Seite nicht gefunden – was tun?",
    "Found: the missing manuscripts",
    "Lost and found office hours",
    "Top 10 creative 404 pages",
    "Error codes explained",
    "Products not found in stores anymore are back",
    "What to do when a page is no longer available",
    "Page not found errors in Google Search Console",
    "Gardening tips for spring",
    "An Error Occurred: what our outage taught us",
    "Objects found in the attic",
    "Action plans that work",
    "Status report 404: our annual review",
    "",
]


@pytest.mark.parametrize("title", ERROR_TITLES + MULTILINGUAL)
def test_error_phrase_in_title(title):
    assert signals(title=title, body=ARTICLE).error_phrase


@pytest.mark.parametrize("title", ERROR_TITLES + MULTILINGUAL)
def test_error_phrase_in_h1(title):
    assert signals(title="Acme Garden Supplies", h1=title).error_phrase


@pytest.mark.parametrize("title", NOT_ERRORS)
def test_no_error_phrase(title):
    assert signals(title=title, h1=title, body=ARTICLE).error_phrase == ""


def test_error_phrase_is_the_matched_part_and_never_from_body():
    assert signals(title="Page not found | Acme Garden").error_phrase == "Page not found"
    assert signals(title="Error 404 - Acme").error_phrase == "Error 404"
    body = "This page not found a home. 404 Not Found. Sorry, the page you requested does not exist."
    assert signals(title="Acme blog", h1="Dealing with broken links", body=body).error_phrase == ""
