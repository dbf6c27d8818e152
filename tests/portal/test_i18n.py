from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "yangguang"
EN_PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


def load_tool():
    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "tools" / "compile_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_mo_matches_po():
    tool = load_tool()
    pos = tool.catalogues()
    assert EN_PO in pos
    for po in pos:
        assert po.with_suffix(".mo").read_bytes() == tool.compile_po(po), po
    assert tool.main(["--check"]) == 0


def test_every_template_string_has_an_english_translation():
    with EN_PO.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string}
    missing = set()
    for template in PACKAGE.glob("*/templates/**/*.html"):
        for msgid in re.findall(r"{% translate '([^']+)' %}", template.read_text(encoding="utf-8")):
            if msgid not in translated:
                missing.add((template.name, msgid))
    assert missing == set()


def test_chinese_by_default_and_english_on_request(db):
    client = Client()
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到正文" in html and "本平台公开各单位" in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "This platform publishes" in html
    assert "跳到正文" not in html
    login = client.get("/accounts/login/").content.decode()
    assert "Staff sign-in" in login and "Password" in login
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "跳到正文" in client.get("/").content.decode()


def test_chinese_whatever_the_browser_asks(db):
    """The browser's Accept-Language does not switch the interface: only the visitor's
    own choice (the language cookie) does."""
    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html and "跳到正文" in html
    assert response["Content-Language"] == "zh-hans"
    assert "Cookie" in response["Vary"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.cookies["django_language"] = "xx-unknown"
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


def test_language_switch_is_a_plain_form(db):
    html = Client().get("/").content.decode()
    form = re.search(
        r'<form class="lang-switch" action="/i18n/setlang/" method="post".*?</form>', html, re.S
    )
    assert form, "the switch must work without JavaScript"
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert 'value="en"' in form.group(0) and 'value="zh-hans"' in form.group(0)
