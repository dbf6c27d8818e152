"""On a 390 px phone nothing scrolls sideways: every portal page of the demo county (found
by following the portal's own links from its home, two pages per URL pattern), and the
office pages the probe found too wide (the scores, the audit trail), in Debian's
chromium. A page that is too wide is reported with the element that sticks out."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
_HREF = re.compile(r"""<a\b[^>]*?\bhref="([^"#]*)(?:#[^"]*)?"[^>]*>""", re.I)
_NOT_PORTAL = re.compile(
    r"(\.(json|csv|xlsx|pdf|svg|bpmn|txt)$|^/(api|static|i18n|office|audit|accounts)/)"
)
# the widest thing on the page: what makes it scroll sideways
WIDEST = """() => {
  const limit = window.innerWidth;
  let worst = null;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && !el.closest('.table-wrap') && (!worst || r.right > worst.right))
      worst = {right: Math.round(r.right), tag: el.tagName.toLowerCase(),
               cls: el.className && el.className.baseVal === undefined ? el.className : '',
               text: (el.textContent || '').trim().slice(0, 60)};
  }
  return {scroll: document.documentElement.scrollWidth, inner: limit, worst};
}"""


def portal_pages(client: Client, *, per_pattern: int = 2, limit: int = 250) -> list[str]:
    """The portal's pages reachable from its home by links (GET, HTML answers only)."""
    pages: list[str] = []
    counts: dict[str, int] = {}
    queue, seen = ["/"], {"/"}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        try:
            name = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if counts.get(name, 0) >= per_pattern:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        counts[name] = counts.get(name, 0) + 1
        pages.append(url)
        for href in _HREF.findall(response.content.decode()):
            parts = urlsplit(unescape(href))
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not _NOT_PORTAL.search(parts.path):
                seen.add(target)
                queue.append(target)
    return pages


@pytest.fixture
def county(demo_county):
    cache.clear()
    yield demo_county
    cache.clear()


def _too_wide(page, url: str) -> dict | None:
    page.goto(url)
    page.wait_for_load_state()
    found = page.evaluate(WIDEST)
    return found if found["scroll"] > found["inner"] + 1 else None


def _sign_in(context, live_server, username: str) -> None:
    """The person's session, made as ``force_login`` makes it, handed to the browser."""
    from django.conf import settings

    from yangguang.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, county):
    pages = portal_pages(Client())
    names = {resolve(urlsplit(u).path).view_name for u in pages}
    # the crawl reached the portal's parts, the page with an unbroken SHA-256 among them
    assert {"portal:home", "portal:organisation", "powers:organisation", "powers:item",
            "flows:detail", "decisions:list", "public_disclosure:items"} <= names, names  # fmt: skip
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    wide = {}
    try:
        for url in pages:
            found = _too_wide(page, live_server.url + url)
            if found:
                wide[url] = found
        _sign_in(context, live_server, "inspector")
        for url in ("/office/", "/office/cases/scores/", "/audit/trail/", "/office/cases/alerts/"):
            found = _too_wide(page, live_server.url + url)
            assert "/accounts/login/" not in page.url, url  # seen as the inspector
            if found:
                wide[url] = found
    finally:
        context.close()
    assert wide == {}, "\n".join(f"{u}: {f}" for u, f in wide.items())
    print(f"{len(pages)} portal pages of {len(names)} patterns at 390 px, none too wide")
