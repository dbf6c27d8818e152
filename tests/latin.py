"""One language per page: the Latin words a Chinese page shows, and the pages to look at.

``stray_latin(text)`` lists the words in Latin letters of a page's visible text that are
neither codes, numbers nor proper names (a tight allow-list: item and case numbers,
hashes, file formats and products, the language switch's "English"). ``visible_text``
is what a reader sees of an HTML page; ``crawl`` follows a site's links from a page, a
few pages per URL pattern, for the tests that scan every page (the portal in a browser,
``tests/browser/test_one_language.py``; the back office as several roles,
``tests/core/test_one_language.py``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# words a Chinese page may show in Latin letters: names of formats and standards, the
# language switch's own name, the county's own short name in codes
ALLOWED_WORDS = {
    "PDF",
    "Excel",
    "SVG",
    "API",
    "JSON",
    "CSV",
    "XLSX",
    "BPMN",
    "XES",
    "OpenAPI",
    "English",
    "SHA-256",
    "Ed25519",
    "Merkle",
    "htmx",
    # file types an upload asks for (".xlsx、.xls、.ods 或 .csv")
    "xlsx",
    "xls",
    "ods",
    "csv",
    "OFD",
    "Word",
    "MB",
    "KB",
}
# a token: a run of Latin letters, digits and the joiners codes use
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/@+=-]*")
_LETTER = re.compile(r"[A-Za-z]")
# codes: upper-case letters with digits and hyphens (YGX-XK-0001, CZJ-2026-00012,
# 11532300MB0000001X), hex hashes, base64 keys, dates and times in ISO form
_CODE_PATTERNS = [
    re.compile(r"^[A-Z0-9]+(?:[-_./][A-Z0-9]+)*$"),  # upper-case codes and numbers
    re.compile(r"^[0-9a-f]{8,}(?:\.{1,3}|…)?$"),  # hex hashes (and their shortened form)
    re.compile(r"^[A-Za-z0-9+/=]{32,}$"),  # base64 (public keys, signatures)
    re.compile(r"^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:[+-]\d{2}:\d{2}|Z)?)?$"),  # ISO dates
    re.compile(r"^[A-Za-z0-9-]+\.(?:json|csv|xlsx|pdf|svg|bpmn)$"),  # file names offered
]


class _Text(HTMLParser):
    """The text a reader sees: element text outside scripts, styles, templates and
    hidden elements, and the texts that stand for something (alt, title, placeholder,
    aria-label, the value of buttons)."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}  # fmt: skip
    SHOWN = ("alt", "title", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides what it holds)
        self.hidden = 0

    def _shown_attrs(self, tag: str, attrs: dict) -> None:
        if self.hidden:
            return
        self.parts.extend(attrs[name] or "" for name in self.SHOWN if attrs.get(name))
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.parts.append(attrs.get("value") or "")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hides = tag in self.SKIP or "hidden" in attrs
        if not hides:
            self._shown_attrs(tag, attrs)
        if tag in self.VOID:
            return
        self.stack.append((tag, hides))
        self.hidden += hides

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if not (tag in self.SKIP or "hidden" in attrs):
            self._shown_attrs(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.VOID or tag not in (t for t, _ in self.stack):
            return
        while self.stack:
            top, hides = self.stack.pop()
            self.hidden -= hides
            if top == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The visible text of an HTML page (``<title>`` included: it is the tab's name)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _allowed(token: str, names: set[str]) -> bool:
    token = token.strip(".:/-=_")
    if not token or not _LETTER.search(token):
        return True
    if token in ALLOWED_WORDS or token in names:
        return True
    return any(p.match(token) for p in _CODE_PATTERNS)


# the placeholders of a code template an administrator types ("{type}{main:05d}")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[0-9A-Za-z]+)?\}")


def stray_latin(text: str, names: set[str] = frozenset()) -> list[str]:
    """The words in Latin letters of ``text`` that are not codes, numbers or names."""
    text = _PLACEHOLDER.sub(" ", text)
    return [t for t in _TOKEN.findall(text) if not _allowed(t, names)]


# --- pages ------------------------------------------------------------------------------

_HREF = re.compile(r"""<a\b[^>]*?\bhref="([^"#]*)(?:#[^"]*)?"[^>]*>""", re.I)
# not pages: downloads (their headers are checked on their own), the API, static files
_NOT_PAGES = re.compile(
    r"(\.(json|csv|xlsx|pdf|svg|bpmn|txt)$|^/api/|^/static/|^/i18n/|/public-key$)"
)


def crawl(client, start: str, *, within, per_pattern: int = 2, limit: int = 400) -> dict:
    """``{path: (view name, html)}`` of the pages reachable from ``start`` by links,
    ``within(path)`` deciding which to follow, at most ``per_pattern`` pages per URL
    pattern (the first found), GET only."""
    from html import unescape
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    pages: dict[str, tuple[str, str]] = {}
    counts: dict[str, int] = {}
    queue = [start]
    seen = {start}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        name = match.view_name
        if counts.get(name, 0) >= per_pattern:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        counts[name] = counts.get(name, 0) + 1
        html = response.content.decode()
        pages[url] = (name, html)
        for href in _HREF.findall(html):
            href = unescape(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or _NOT_PAGES.search(parts.path) or not within(parts.path):
                continue
            seen.add(target)
            if parts.query:
                queue.append(target)
            else:  # pages without a query first: a list's filters show the same page
                queue.insert(_first_query(queue), target)
    return pages


def _first_query(queue: list[str]) -> int:
    return next((i for i, u in enumerate(queue) if "?" in u), len(queue))
