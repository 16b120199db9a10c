"""Matcher words: a URL or a text → its lower-case words (URL words weighted by segment), and their stems."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

__all__ = ["DIRECTORY_INDEXES", "PAGE_EXTENSIONS", "STOP_WORDS", "ParsedUrl", "stem", "text_tokens", "url_tokens"]

STOP_WORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up us very was we were what when where which while
who whom why will with would you your yours yourself yourselves
""".split()
)

#: Page extensions cut from the end of a URL path ("sleep_tips-2019.html" → "sleep_tips-2019").
PAGE_EXTENSIONS = frozenset("html htm xhtml shtml php php3 php4 php5 asp aspx jsp jspx cfm cgi pl do action".split())
#: A last segment that only names the folder's index page ("/guides/index.html" = "/guides/").
DIRECTORY_INDEXES = frozenset(("index", "default"))

_RUN = re.compile(r"[^\W_]+")
_CHUNKS = re.compile(r"[0-9]+|[^\W\d_]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")


def _split_run(run: str) -> list[str]:
    """Split one alphanumeric run between letters and digits and at camelCase humps.

    Letters and digits are only separated when the letters are a word of their own (3+ letters):
    "html5" → html, 5 and "Firefox23" → Firefox, 23, but "h4", "mp3", "e2e", "i18n", "3d" stay whole.
    """
    if run.isalpha() and (run.islower() or run.istitle()):
        return [run]  # the common case: a plain word
    glued: list[str] = []
    short_letters = False  # did the previous chunk end in a run of 1–2 letters?
    for chunk in _CHUNKS.findall(run):
        is_digits = chunk.isdigit()
        if glued and ((is_digits and short_letters) or (not is_digits and len(chunk) <= 2)):
            glued[-1] += chunk
        else:
            glued.append(chunk)
        short_letters = not is_digits and len(chunk) <= 2
    parts: list[str] = []
    for piece in glued:
        if piece.isascii() and piece.isalpha():
            parts.extend(_CAMEL.findall(piece))
        else:
            parts.append(piece)
    return parts


def text_tokens(text: str) -> list[str]:
    """The words of a title, anchor text or snippet, by the same rules as :func:`url_tokens`."""
    out: list[str] = []
    stop: list[str] = []
    for run in _RUN.findall(text):
        if run.isalpha() and (run.islower() or run.istitle()):  # a plain word: the common case
            word = run.lower()
            if len(word) > 1:
                (stop if word in STOP_WORDS else out).append(word)
            continue
        parts = _split_run(run)
        for part in parts:
            word = part.lower()
            if len(word) > 1 or word.isdigit():
                # A stop-word inside an identifier is part of a name: "insertBefore", "isNaN".
                if len(parts) == 1 and word in STOP_WORDS:
                    stop.append(word)
                else:
                    out.append(word)
    return out or stop


class ParsedUrl:
    """A URL cut up once: host (without "www."), path segments, query values with letters."""

    __slots__ = ("host", "segments", "values")

    def __init__(self, url: str) -> None:
        url = url.strip()
        if "://" not in url and not url.startswith(("/", "//")):
            url = "/" + url  # a bare path such as "guides/sleep"
        try:
            parts = urlsplit(url)
            host, path, query = (parts.hostname or ""), parts.path, parts.query
        except ValueError:
            host, path, query = "", url, ""
        self.host = host[4:] if host.startswith("www.") else host
        segments = [seg for seg in unquote(path).split("/") if seg]
        if segments:
            match = _EXTENSION.search(segments[-1])
            if match and match.group(1).lower() in PAGE_EXTENSIONS:
                # "tips.html" → "tips"; "index.html" stands for its folder.
                last = segments[-1][: match.start()]
                if last and last.lower() not in DIRECTORY_INDEXES:
                    segments[-1] = last
                else:
                    segments.pop()
        self.segments = segments
        self.values: list[str] = []
        for pair in query.split("&") if query else ():
            value = unquote(pair.partition("=")[2].replace("+", " "))
            if any(c.isalpha() for c in value):
                self.values.append(value)

    def parts(self) -> list[str]:
        """Path segments; wiki-style "Namespace:Title" parts count as segments of their own."""
        if not any(":" in seg for seg in self.segments):
            return self.segments
        return [part for seg in self.segments for part in seg.split(":") if part]

    def weighted_words(self) -> list[tuple[str, float]]:
        """(word, weight): the last segment weighs 1, its folders less (see _segment_weight).

        Query values with letters ("index.php?title=Heart_health", "?p=sleep-tips") name the
        page: they weigh 1 and the whole path counts as folders.
        """
        parts = self.parts()
        last = len(parts) - (0 if self.values else 1)
        out: list[tuple[str, float]] = []
        for i, part in enumerate(parts):
            up = last - i
            weight = _SEGMENT_WEIGHTS[up] if up < len(_SEGMENT_WEIGHTS) else _segment_weight(up)
            out.extend((word, weight) for word in _segment_words(part))
        for value in self.values:
            out.extend((word, 1.0) for word in text_tokens(value))
        return out

    def slug_words(self) -> list[str]:
        """The words that name the page: query values with letters, else the last segment."""
        if self.values:
            return [word for value in self.values for word in text_tokens(value)]
        parts = self.parts()
        return list(_segment_words(parts[-1])) if parts else []


@lru_cache(maxsize=1 << 16)
def _segment_words(segment: str) -> tuple[str, ...]:
    """The words of one path segment (folder names repeat: cached)."""
    return tuple(text_tokens(segment))


def url_tokens(url: str) -> list[str]:
    """The words of a URL's path (and of query values that contain letters), in order.

    - host, fragment and query keys are ignored; the path is percent-decoded;
    - the extension of the last segment is dropped ("tips.html"), and "index.html" altogether;
    - words are split on ``- _ / . : ~ +`` and every other non-alphanumeric, at camelCase humps
      ("HeartHealthGuide" → heart, health, guide) and between letters and digits when the
      letters make a word ("html5" → html, 5; but "h4", "mp3", "i18n" stay whole);
    - lower-cased; single letters and English stop-words are dropped ("on", "a", "the"), except
      inside a camelCase name ("insertBefore") or when nothing else is left ("/about");
    - pure numbers are KEPT ("2019", "23"): versions and years tell pages apart, and the IDF
      weighting makes a number found everywhere count for nothing.

    >>> url_tokens("https://example.com/HeartHealthGuide/sleep_tips-2019.html")
    ['heart', 'health', 'guide', 'sleep', 'tips', '2019']
    """
    parsed = ParsedUrl(url)
    words = [word for part in parsed.parts() for word in _segment_words(part)]
    for value in parsed.values:
        words.extend(text_tokens(value))
    return words


_VOWELS = frozenset("aeiouy")


def stem(word: str) -> str:
    """A light English stemmer so that plural and singular meet: "tips"/"tip" → "tip",
    "studies"/"study" → "studi", "guides"/"guide" → "guid", "matches"/"match" → "match".

    Only for comparing words; the words shown to people are never stemmed.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "i"
    elif word[-1] == "s" and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) >= 4 and word[-1] == "e":
        word = word[:-1]
    if len(word) >= 4 and word[-1] == "y" and word[-2] not in _VOWELS:
        word = word[:-1] + "i"
    return word


def _segment_weight(levels_up: int) -> float:
    """Weight of a path segment's words: the last segment 1, its folder 0.71, then 0.58, 0.5 …"""
    return 1.0 / math.sqrt(1 + levels_up)


_SEGMENT_WEIGHTS = tuple(_segment_weight(i) for i in range(16))
