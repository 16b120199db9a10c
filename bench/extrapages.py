"""More default and error pages, taken from public packages at bench time: the generalisation check of
bench/realpages.py --extra. Nothing here is committed: the packages are downloaded into the cache folder.

- Debian 12 (`apt-get download`): apache2-data's default site and its multi-language error documents
  (404 and 410, every language, rendered as Apache's server-side includes would: no referer, the "else"
  branch), nginx-common's and lighttpd's default index pages, tomcat10's default ROOT page;
- PyPI (`pip download --no-binary`): Django's technical 404 page and its "The install worked" default page
  (template tags dropped);
- npm (`npm pack`): serve-handler's error page, finalhandler's "Cannot GET" document.

Each page gets a class as in the corpus: an error page is `soft404` (served 200 on every path), a default
or welcome page is `parked`.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.realweb import RealPage  # noqa: E402

DEBIAN = ("apache2-data", "nginx-common", "lighttpd", "tomcat10")
PYPI = ("Django==5.2.8",)
NPM = ("serve-handler@6.1.6", "finalhandler@1.3.1")
_SSI = re.compile(r"<!--#(set|include|echo|if|else|endif)\b(.*?)-->", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def collect(cache: Path) -> list[RealPage]:
    """Download (once) and extract the pages; returns them as corpus pages served by tests/realweb.py."""
    pages_dir = cache / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    pages: list[RealPage] = []

    def add(id_: str, cls: str, html: bytes, description: str) -> None:
        path = pages_dir / f"{id_}.html"
        path.write_bytes(html)
        pages.append(RealPage(id_, cls, 200, {}, "", description, path))

    for name, html in _debian(cache):
        add(*_classify(name), html, name)
    for name, html in _pypi(cache):
        add(*_classify(name), html, name)
    for name, html in _npm(cache):
        add(*_classify(name), html, name)
    return pages


def _classify(name: str) -> tuple[str, str]:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    error = any(w in name for w in ("NOT_FOUND", "GONE", "404", "error", "cannot"))
    return (f"x404-{slug}", "soft404") if error else (f"xpark-{slug}", "parked")


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)


def _debian(cache: Path):
    folder = cache / "debian"
    folder.mkdir(exist_ok=True)
    for package in DEBIAN:
        if not list(folder.glob(f"{package}_*.deb")):
            _run(["apt-get", "download", package], folder)
        deb = next(folder.glob(f"{package}_*.deb"))
        tree = folder / package
        if not tree.is_dir():
            _extract_pages(deb, tree)
    share = folder / "apache2-data" / "usr/share/apache2"
    yield "debian apache2-data default-site/index.html", (share / "default-site/index.html").read_bytes()
    for var in ("HTTP_NOT_FOUND", "HTTP_GONE"):
        text = (share / "error" / f"{var}.html.var").read_text("utf-8")
        for lang, body in re.findall(r"Body:-+(\w[\w-]*)--\n(.*?)\n-+\1--", text, re.S):
            status = {"REDIRECT_STATUS": "410" if var == "HTTP_GONE" else "404"}
            yield f"debian apache2-data error/{var} {lang}", _render_ssi(body, share / "error", status).encode()
    yield "debian nginx-common html/index.html", (folder / "nginx-common/usr/share/nginx/html/index.html").read_bytes()
    yield "debian lighttpd index.html", (folder / "lighttpd/usr/share/lighttpd/index.html").read_bytes()
    root = folder / "tomcat10/usr/share/tomcat10-root/default_root/index.html"
    yield "debian tomcat10 default_root/index.html", root.read_bytes()


def _extract_pages(deb: Path, tree: Path) -> None:
    """Only the package's .html and .var files: nothing else of it (its scripts) lands in the project tree."""
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith((".html", ".var")) and ".." not in member.name:
                target = tree / member.name.lstrip("./")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())


def _render_ssi(body: str, base: Path, variables: dict[str, str] | None = None, depth: int = 0) -> str:
    """Apache's SSI as it runs for an error document with no referer: set, echo, include, if/else (else taken)."""
    variables = {"SERVER_NAME": "www.example.test", **(variables or {})}
    out: list[str] = []
    keep = [True]
    pos = 0
    for m in _SSI.finditer(body):
        if all(keep):
            out.append(body[pos : m.start()])
        pos = m.end()
        verb, attrs = m.group(1), dict(_ATTR.findall(m.group(2)))
        if verb == "if":
            keep.append("HTTP_REFERER" not in m.group(2) and "CONTENT_LANGUAGE" not in m.group(2))
        elif verb == "else":
            keep[-1] = not keep[-1]
        elif verb == "endif":
            keep.pop()
        elif not all(keep):
            continue
        elif verb == "set":
            variables[attrs.get("var", "")] = attrs.get("value", "")
        elif verb == "echo":
            out.append(variables.get(attrs.get("var", ""), ""))
        elif verb == "include" and depth < 3:
            target = (base / attrs.get("virtual", "")).resolve()
            if target.is_file() and target.suffix == ".html":
                out.append(_render_ssi(target.read_text("utf-8"), target.parent, variables, depth + 1))
    out.append(body[pos:])
    return "".join(out)


def _pypi(cache: Path):
    folder = cache / "pypi"
    folder.mkdir(exist_ok=True)
    for spec in PYPI:
        name = spec.split("==")[0].lower()
        if not list(folder.glob(f"{name}-*.tar.gz")):
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", spec]
            _run([*cmd, "-d", str(folder)], folder)
    sdist = next(folder.glob("django-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        for member in ("django/views/templates/technical_404.html", "django/views/templates/default_urlconf.html"):
            found = next(m for m in tar.getmembers() if m.name.endswith(member))
            text = tar.extractfile(found).read().decode("utf-8")
            label = "technical 404" if "404" in member else "default_urlconf"
            yield f"pypi {sdist.name} {label}", _drop_template_tags(text).encode()


def _drop_template_tags(text: str) -> str:
    """A Django template with its tags dropped and its variables left empty, the way it renders bare."""
    text = re.sub(r"{%\s*translate\s+\"([^\"]*)\"\s*%}", r"\1", text)
    text = re.sub(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", r"\1", text, flags=re.S)
    text = re.sub(r"{%.*?%}", "", text, flags=re.S)
    return re.sub(r"{{.*?}}", "", text, flags=re.S)


def _npm(cache: Path):
    folder = cache / "npm"
    folder.mkdir(exist_ok=True)
    for spec in NPM:
        name = spec.rsplit("@", 1)[0]
        if not list(folder.glob(f"{name}-*.tgz")):
            _run(["npm", "pack", "--silent", spec], folder)
    with tarfile.open(next(folder.glob("serve-handler-*.tgz"))) as tar:
        source = tar.extractfile("package/src/error.js").read().decode("utf-8")
    # A compiled doT template: var out='<html>...'+(it.statusCode)+'...'+(it.message)+'...';
    template = re.search(r"var out='(.*?)';return out;", source, re.S).group(1)
    page = template.replace("'+(it.statusCode)+'", "404")
    page = page.replace("'+(it.message)+'", "The requested path could not be found")
    yield "npm serve-handler error.js 404", page.encode()
    with tarfile.open(next(folder.glob("finalhandler-*.tgz"))) as tar:
        source = tar.extractfile("package/index.js").read().decode("utf-8")
    # createHtmlDocument(message): the document is built from string literals around the escaped message.
    body = re.search(r"function createHtmlDocument[^{]*{.*?return (.*?)\n}", source, re.S).group(1)
    literals = re.findall(r"'((?:[^'\\]|\\.)*)'", body)
    html = "".join(s.replace("\\n", "\n") for s in literals if s != "")
    yield "npm finalhandler cannot GET", html.replace("<pre>", "<pre>Cannot GET /guides/sleep").encode()
