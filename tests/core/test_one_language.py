"""One language per page in the back office (issue 24 point 4): every page a role can
reach by links from its home, in Chinese, carries no Latin words outside codes, numbers
and proper names, and names people by name, never by username; a refused form says why
in Chinese only; the downloads people read (the inspection report PDF, the Excel
headers) are in the reader's language. The portal's pages are read in a browser
(``tests/browser/test_one_language.py``)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.latin import crawl, stray_latin, visible_text

# the demo county's roles: system and organisation administrators, a clerk and a
# leader of 财政局, a clerk of 市场监管局 (cases with alerts), the county head, the
# commission's inspector
ROLES = ("admin", "orgadmin", "czj.clerk", "czj.lead", "scjgj.clerk", "zf.xianzhang", "inspector")
# the account administration pages show the account's login (用户名), their subject
ACCOUNT_PAGES = {"backoffice:people", "backoffice:person", "backoffice:person_update"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def county(demo_county):
    cache.clear()
    yield demo_county
    cache.clear()


def _client(username: str) -> Client:
    from yangguang.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _usernames() -> set[str]:
    from yangguang.accounts.models import User

    return set(User.objects.values_list("username", flat=True))


def _office(path: str) -> bool:
    return path.startswith(("/office/", "/audit/trail/"))


def _report(found: dict) -> str:
    lines = [f"{who} {url}: {' '.join(words[:12])}" for (who, url), words in found.items()]
    total = sum(len(w) for w in found.values())
    return f"{total} Latin words on {len(found)} pages:\n" + "\n".join(lines[:60])


def test_every_office_page_speaks_chinese_only(county):
    usernames = _usernames()
    found, pages = {}, 0
    for username in ROLES:
        for url, (name, html) in crawl(_client(username), "/office/", within=_office).items():
            pages += 1
            assert '<html lang="zh-hans"' in html, url
            text = visible_text(html)
            assert CJK.search(text), url
            words = stray_latin(text)
            if name not in ACCOUNT_PAGES:
                # a username is never a name (logins are for the accounts' own pages)
                words += sorted(w for w in set(re.findall(r"[\w.]+", text)) & usernames)
            else:
                words = [w for w in words if w not in usernames]
            if words:
                found[(username, url)] = words
    assert pages > 200, pages  # the crawl reached the back office, not only its home
    assert not found, _report(found)


def test_the_scanner_finds_what_it_must():
    """The check itself: a label in two languages, a raw code and a username are found;
    codes, numbers, hashes and formats are not."""
    html = (
        "<html><head><title>办件 · 通过 (passed)</title></head><body>"
        "<p>规则 notice_late, 责任人 zrzyj.clerk</p><p title='cases.alert_escalate'>预警</p>"
        "<script>var x = 'hidden';</script><p hidden>missing_step</p>"
        "<p>YGX-XK-0001 · CZJ-2026-00012 · 2026-01-05 · 3f2a9c0d1e · PDF · Excel · 12 个</p>"
        "</body></html>"
    )
    words = stray_latin(visible_text(html))
    assert words == ["passed", "notice_late", "zrzyj.clerk", "cases.alert_escalate"]


def test_a_refusal_is_in_chinese_only(county):
    """A service's refusal on a page (a flash message, a form's field) in one language."""
    client = _client("czj.clerk")
    response = client.post(
        "/office/orgs/relatives/", {"step": "declare", "relative": "无此人", "relation": "spouse"}
    )
    assert response.status_code == 302
    html = client.get("/office/orgs/relatives/").content.decode()
    assert "没有姓名或账号为「无此人」的在职人员" in html
    assert stray_latin(visible_text(html)) == []
    admin = _client("orgadmin")
    html = admin.post("/office/orgs/YGX-ZF/leadership/appoint/", {}).content.decode()
    assert "请填写此项" in html and "this field is required" not in html
    assert stray_latin(visible_text(html)) == []
    english = _client("orgadmin")
    english.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    html = english.post("/office/orgs/YGX-ZF/leadership/appoint/", {}).content.decode()
    assert "this field is required" in html and "请填写此项" not in html


def test_the_inspection_report_pdf_in_one_language(county, monkeypatch):
    """The quarterly report's paragraphs: Chinese only (rules by name, not by code);
    in English once the reader chose it."""
    import reportlab.platypus
    from django.utils import timezone, translation

    from yangguang.meetings import report
    from yangguang.meetings.checks import RULES
    from yangguang.orgs.models import Organisation

    texts: list[str] = []

    class Recording(reportlab.platypus.Paragraph):
        def __init__(self, text, *args, **kwargs):
            texts.append(text)
            super().__init__(text, *args, **kwargs)

    monkeypatch.setattr(reportlab.platypus, "Paragraph", Recording)
    today = timezone.localdate()
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    org = Organisation.objects.get(code="YGX-XW")
    assert report.build_pdf(org, quarter).startswith(b"%PDF")
    words = [w for t in texts for w in stray_latin(t.replace("&amp;", "&"))]
    assert words == [], words
    assert not any(code in t for t in texts for code in RULES)
    texts.clear()
    with translation.override("en"):
        report.build_pdf(org, quarter)
    assert any("Findings by rule" in t for t in texts)
    assert not [t for t in texts if "一、" in t or "问题汇总" in t]


def test_excel_headers_in_chinese(county):
    """The header rows people read in the Excel downloads: the risk catalogue and an
    organisation's power list."""
    from openpyxl import load_workbook

    from yangguang.powers.models import PowerListVersion

    office = _client("inspector")
    version = PowerListVersion.objects.select_related("organisation").first()
    downloads = [
        (office, "/office/flows/catalogue.xlsx", 2),
        (Client(), f"/powers/org/{version.organisation.code}/download.xlsx", 3),
    ]
    for client, url, header_rows in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        sheet = load_workbook(
            io.BytesIO(
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        ).active
        cells = [
            str(c.value) for row in sheet.iter_rows(max_row=header_rows) for c in row if c.value
        ]
        assert cells and all(CJK.search(c) for c in cells if not c.isdigit()), (url, cells)
        assert [w for c in cells for w in stray_latin(c)] == [], (url, cells)


def test_a_domain_error_in_one_language_on_pages_and_both_in_the_api():
    from django import forms
    from django.utils import translation

    from yangguang.accounts.models import User
    from yangguang.core import labels
    from yangguang.core.errors import DomainError

    exc = DomainError(code="x", field="name", zh="名称已被使用", en="the name is taken")
    assert str(exc) == "name: 名称已被使用 (the name is taken)"  # the command line
    assert exc.as_dict()["message_zh"] == "名称已被使用"
    assert exc.as_dict()["message_en"] == "the name is taken"

    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "a"})
    form.is_valid()
    form.add_error(None, exc)
    with translation.override("zh-hans"):
        assert exc.text() == "名称已被使用"
        assert str(form.errors["name"][0]) == "名称已被使用"
    with translation.override("en"):
        assert exc.text() == "the name is taken"
        assert str(form.errors["name"][0]) == "the name is taken"
    with translation.override("zh-hans"):
        assert labels.system_actor("cases.sweep") == "系统 · 办件时限巡检"
        assert labels.system_actor("anything else") == "系统"
        assert labels.person(User(username="zs", full_name="张三")) == "张三"
        assert labels.person(None) == "—"
