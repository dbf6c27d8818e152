"""One language per page on the portal (issue 24 point 4), in Debian's chromium: every
portal page reachable by links from the home page (a few per URL pattern, with the demo
county's data), the forms refused as a citizen would get them wrong and the error pages
are read as a visitor sees them (the rendered text, the tab's title and the texts that
stand for something: alt, title, placeholder, aria-label, button values). In Chinese,
none carries a word in Latin letters outside codes, numbers and proper names; in
English (the visitor's choice), the same page speaks English."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from tests.latin import crawl, stray_latin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_PORTAL = ("/office/", "/accounts/", "/api/", "/admin/", "/audit/trail/")
CJK = re.compile(r"[\u4e00-\u9fff]")
# the portal's pages the crawl must reach from the home page by links
REACHED = {
    "portal:home", "portal:organisation", "powers:catalogue", "powers:organisation",
    "powers:item", "flows:list", "flows:detail", "decisions:list", "decisions:detail",
    "public_disclosure:items", "public_disclosure:requests", "public_disclosure:request_new",
    "public_disclosure:complaint_new", "public_disclosure:case_lookup",
    "public_disclosure:statistics", "audit:checkpoints",
}  # fmt: skip

# what a reader sees of the page: its text as rendered, the tab's title, and the texts
# that stand for something (hidden elements, scripts and styles are not seen)
SEEN = """() => {
  const parts = [document.title, document.body.innerText];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('[alt],[title],[placeholder],[aria-label]')) {
    if (el.tagName === 'HTML' || !visible(el)) continue;
    for (const name of ['alt', 'title', 'placeholder', 'aria-label']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
    if (visible(el)) parts.push(el.value);
  }
  return parts.join('\\n');
}"""


@pytest.fixture
def county(demo_county):
    cache.clear()
    yield demo_county
    cache.clear()


def _portal(path: str) -> bool:
    return not path.startswith(NOT_PORTAL)


def _read(page, url: str) -> str:
    response = page.goto(url)
    assert response is not None
    page.wait_for_load_state()
    return page.evaluate(SEEN)


def _refused_forms(page, base: str) -> dict[str, str]:
    """The public forms sent empty or with a wrong code, as a citizen may: what the
    page then says."""
    seen = {}
    for path in ("/requests/new/", "/complaints/"):
        page.goto(base + path)
        page.locator("main form[novalidate] button[type=submit]").last.click()
        page.wait_for_load_state()
        seen[f"{path} (sent empty)"] = page.evaluate(SEEN)
    for path, fields in (
        ("/cases/lookup/", {"#id_number": "YGX-0000-00000", "#id_code": "ABCDEFGH"}),
        ("/requests/follow/", None),
        ("/complaints/follow/", None),
    ):
        page.goto(base + path)
        form = page.locator("main form.form-narrow").first
        if fields is None:  # whatever the follow form asks: something wrong
            for field in form.locator("input:not([type=hidden])").all():
                field.fill("ZZ-0000-0000")
        else:
            for selector, value in fields.items():
                page.fill(selector, value)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        seen[f"{path} (wrong code)"] = page.evaluate(SEEN)
    page.goto(base + "/powers/org/NO-SUCH-ORG/")
    seen["/powers/org/NO-SUCH-ORG/ (404)"] = page.evaluate(SEEN)
    return seen


def test_every_portal_page_speaks_one_language(page, live_server, county):
    pages = crawl(Client(), "/", within=_portal)
    urls = list(pages)
    reached = {name for name, _html in pages.values()}
    assert reached >= REACHED, REACHED - reached  # every section, not only the home page
    base = live_server.url
    found, texts = {}, {}
    for url in urls:
        text = _read(page, base + url)
        assert page.locator("html").get_attribute("lang") == "zh-hans", url
        assert CJK.search(text), url
        texts[url] = text
    texts.update(_refused_forms(page, base))
    for url, text in texts.items():
        words = stray_latin(text)
        if words:
            found[url] = words
    report = "\n".join(f"{url}: {' '.join(words[:15])}" for url, words in found.items())
    total = sum(len(w) for w in found.values())
    assert not found, f"{total} Latin words on {len(found)} of {len(texts)} pages:\n{report}"

    # the visitor's own choice: English, and the same pages in English
    page.goto(base + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    chinese_heavy = []
    for url in urls[:40]:
        _read(page, base + url)
        assert page.locator("html").get_attribute("lang") == "en", url
        # names of bodies, powers and people stay Chinese; the interface does not
        chrome = page.evaluate(
            "() => [document.querySelector('nav') && document.querySelector('nav').innerText,"
            " document.querySelector('footer') && document.querySelector('footer').innerText]"
            ".join(' ')"
        )
        if CJK.search(chrome or ""):
            chinese_heavy.append(urlsplit(url).path)
    assert chinese_heavy == [], chinese_heavy
