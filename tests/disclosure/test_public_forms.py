"""No choice is made for the citizen: every form of the portal, parsed, has nothing
ticked or selected beforehand; a missing choice is refused with a clear message; a
name typed in with "anonymous" chosen is asked about once, never dropped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM
from yangguang.audit.models import AuditEntry
from yangguang.disclosure import challenge, protect
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


class Forms(HTMLParser):
    """The forms of a page: per form, its method, the inputs checked beforehand, the
    options selected beforehand and the selects whose first option is a real value
    (a browser shows that one chosen)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._first = [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(),
                               "action": a.get("action") or "", "preset": [], "radios": 0})  # fmt: skip
            return
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("type") in ("radio", "checkbox"):
            form["radios"] += 1
            if "checked" in a:
                form["preset"].append(("checked", a.get("name"), a.get("value")))
        elif tag == "select":
            self._select, self._first = a.get("name"), True
        elif tag == "option":
            if "selected" in a and (a.get("value") or "") != "":  # "—" chooses nothing
                form["preset"].append(("selected", self._select, a.get("value")))
            if self._first and (a.get("value") or "") != "":
                form["preset"].append(("first option chosen", self._select, a.get("value")))
            self._first = False


def parse(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def _answer(html: str) -> tuple[str, str]:
    token = re.search(r'name="captcha_token" value="([^"]+)"', html).group(1)
    return token, challenge.answer_of(token)


def _follow_session(client: Client, tree) -> None:
    """A client following a replied complaint (the page with the rating form)."""
    c, code = s.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="department", organisation=tree["dept"],
        title="窗口排队太久", content="排队两小时",
    )  # fmt: skip
    s.complaint_reply(actor=SYSTEM, complaint=c, reply="已增开窗口", finding="founded")
    assert client.post("/complaints/follow/", {"number": c.number, "code": code}).status_code == 302


def test_no_public_form_comes_with_a_choice_made(tree):
    client = Client()
    _follow_session(client, tree)
    pages = ["/complaints/", "/requests/new/", "/requests/follow/", "/complaints/follow/",
             "/complaints/status/", "/cases/lookup/", "/disclosure/", "/requests/",
             "/statistics/", "/", "/powers/", "/flows/", "/decisions/", "/audit/"]  # fmt: skip
    seen, radios = 0, 0
    for url in pages:
        r = client.get(url)
        if r.status_code == 404 and url == "/cases/lookup/":
            continue  # without the cases app
        assert r.status_code == 200, url
        for form in parse(r.content.decode()):
            if "lang-switch" in form["action"] or form["action"].endswith("/i18n/setlang/"):
                continue  # the language buttons choose nothing for the citizen
            seen += 1
            radios += form["radios"]
            assert form["preset"] == [], (url, form)
    assert seen >= 7 and radios >= 8  # the complaint, request and rating forms were parsed


def _complaint(client: Client, **extra):
    token, answer = _answer(client.get("/complaints/").content.decode())
    data = {"organisation": "D1", "title": "科长收受礼金", "content": "三月一日收受礼金",
            "captcha_token": token, "captcha": answer}  # fmt: skip
    data.update(extra)
    return client.post("/complaints/", data)


def test_missing_choices_are_refused_and_nothing_is_stored(tree):
    before = (
        m.Complaint.objects.count(),
        m.InfoRequest.objects.count(),
        AuditEntry.objects.count(),
    )
    r = _complaint(Client())
    html = r.content.decode()
    assert r.status_code == 400
    for message in ("请选择投诉还是举报", "请选择反映的对象", "请选择实名提交还是匿名提交"):
        assert message in html
    token, answer = _answer(Client().get("/requests/new/").content.decode())
    r = Client().post("/requests/new/", {
        "organisation": "D1", "subject": "预算", "description": "明细", "requester_name": "王五",
        "requester_contact": "138", "captcha_token": token, "captcha": answer,
    })  # fmt: skip
    assert r.status_code == 400 and "请选择是否同意在网站公开答复" in r.content.decode()
    after = (m.Complaint.objects.count(), m.InfoRequest.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_missing_choices_in_english(tree):
    client = Client()
    client.cookies["django_language"] = "en"
    token, answer = _answer(client.get("/complaints/").content.decode())
    r = client.post("/complaints/", {"organisation": "D1", "title": "t", "content": "c",
                                     "captcha_token": token, "captcha": answer})  # fmt: skip
    html = r.content.decode()
    assert r.status_code == 400
    assert "Choose whether you file it under your name or anonymously" in html
    assert "请选择实名提交还是匿名提交" not in html


NAMED = {"kind": "report", "subject_kind": "person", "anonymous": "yes",
         "name": "张三", "contact": "13911112222"}  # fmt: skip


def test_a_name_with_anonymous_chosen_is_asked_about_once(tree):
    client = Client()
    r = _complaint(client, **NAMED)
    html = r.content.decode()
    assert r.status_code == 200 and 'id="identity-question"' in html
    assert m.Complaint.objects.count() == 0  # nothing stored, nothing dropped
    assert 'value="张三"' in html and 'value="13911112222"' in html  # kept in the form
    assert sorted([f["preset"] for f in parse(html) if f["method"] == "post"][-1]) == [
        ("checked", "anonymous", "yes"),
        ("checked", "kind", "report"),
        ("checked", "subject_kind", "person"),
        ("selected", "organisation", "D1"),
    ]  # only what the citizen chose
    # the answer: under the name
    token, answer = _answer(html)
    r = client.post("/complaints/", {"organisation": "D1", "title": "科长收受礼金",
                                     "content": "三月一日收受礼金", **NAMED, "confirm": "named",
                                     "captcha_token": token, "captcha": answer})  # fmt: skip
    assert r.status_code == 201
    c = m.Complaint.objects.get()
    assert not c.anonymous
    assert protect.unseal(c.identity.sealed) == {"name": "张三", "contact": "13911112222"}


def test_the_answer_anonymous_drops_the_name_because_the_citizen_said_so(tree):
    client = Client()
    html = _complaint(client, **NAMED).content.decode()
    token, answer = _answer(html)
    r = client.post("/complaints/", {"organisation": "D1", "title": "科长收受礼金",
                                     "content": "三月一日收受礼金", **NAMED, "confirm": "anonymous",
                                     "captcha_token": token, "captcha": answer})  # fmt: skip
    assert r.status_code == 201
    c = m.Complaint.objects.get()
    assert c.anonymous and not m.ReporterIdentity.objects.exists()


def test_the_service_refuses_a_name_given_with_anonymous(tree):
    from tests.assertions import refused

    with refused("identity_ambiguous", "anonymous", [m.Complaint, m.ReporterIdentity,
                                                    AuditEntry]):  # fmt: skip
        s.complaint_submit(
            actor=SYSTEM, kind="report", subject_kind="person", organisation=tree["dept"],
            title="t", content="c", anonymous=True, name="张三",
        )  # fmt: skip


def test_the_service_needs_the_consent_chosen(tree):
    from tests.assertions import refused

    with refused("required", "publish_consent", [m.InfoRequest, AuditEntry]):
        s.info_request_submit(
            actor=SYSTEM, organisation=tree["dept"], subject="预算", description="明细",
            requester_name="王五", requester_contact="138", publish_consent=None,
        )  # fmt: skip
