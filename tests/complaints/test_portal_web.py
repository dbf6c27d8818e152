"""The public forms over HTTP: CAPTCHA, rate limits, wrong codes, inert HTML."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from yangguang.audit.models import AuditEntry
from yangguang.disclosure import abuse, challenge
from yangguang.disclosure import models as m

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _answer(html: str) -> tuple[str, str]:
    token = re.search(r'name="captcha_token" value="([^"]+)"', html).group(1)
    return token, challenge.answer_of(token)


def _report(client: Client, **extra):
    html = client.get("/complaints/").content.decode()
    token, answer = _answer(html)
    data = {
        "kind": "report",
        "subject_kind": "department",
        "organisation": "D1",
        "title": "标题" + XSS,
        "content": "内容" + XSS,
        "anonymous": "yes",
        "captcha_token": token,
        "captcha": answer,
    }
    data.update(extra)
    return client.post("/complaints/", data)


def _counts():
    return (AuditEntry.objects.count(), m.Complaint.objects.count(), m.InfoRequest.objects.count())


def test_file_and_follow_a_report_without_an_account(tree):
    client = Client()
    response = _report(client)
    assert response.status_code == 201
    html = response.content.decode()
    number = re.search(r'id="complaint-number">([^<]+)<', html).group(1)
    code = re.search(r'id="complaint-code">([^<]+)<', html).group(1)
    assert response["Cache-Control"] == "no-store"
    follow = Client()
    r = follow.post("/complaints/follow/", {"number": number, "code": code})
    assert r.status_code == 302
    status = follow.get("/complaints/status/").content.decode()
    assert number in status
    # scripts in text fields are rendered inert
    assert "<script>alert" not in status and "&lt;script&gt;" in status
    r = follow.post("/complaints/status/add/", {"text": "补充材料" + XSS})
    assert r.status_code == 302
    assert m.ComplaintNote.objects.get().text.endswith(XSS)


def test_wrong_codes_never_tell_whether_a_number_exists(tree):
    _report(Client())
    real = m.Complaint.objects.get().number
    client = Client()
    answers, times = [], []
    for number in (real, "JB2026-00000001"):
        start = time.perf_counter()
        r = client.post("/complaints/follow/", {"number": number, "code": "AAAAAAAAAAAA"})
        times.append(time.perf_counter() - start)
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())
        answers.append((r.status_code, body))
    assert answers[0] == answers[1]
    assert answers[0][0] == 404
    assert max(times) < 10 * min(times) + 0.05  # the same hash check either way


def test_a_wrong_captcha_stores_nothing(tree):
    before = _counts()
    html = Client().get("/complaints/").content.decode()
    token, answer = _answer(html)
    r = _report(Client(), captcha_token=token, captcha=str(int(answer) + 1))
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()
    assert _counts() == before


def test_a_captcha_is_used_once(tree):
    client = Client()
    html = client.get("/complaints/").content.decode()
    token, answer = _answer(html)
    assert _report(client, captcha_token=token, captcha=answer).status_code == 201
    before = _counts()
    assert _report(client, captcha_token=token, captcha=answer).status_code == 400
    assert _counts() == before


def test_a_flood_of_submissions_is_refused(tree):
    client = Client()
    limit = abuse.LIMITS["submit"][0]
    for _ in range(limit):
        assert _report(client).status_code == 201
    before = _counts()
    r = _report(client)
    assert r.status_code == 400 and "提交过于频繁" in r.content.decode()
    assert _counts() == before


def test_a_flood_of_lookups_is_refused(tree):
    client = Client()
    for _ in range(abuse.LIMITS["lookup"][0]):
        client.post("/complaints/follow/", {"number": "JB2026-1", "code": "X"})
    r = client.post("/complaints/follow/", {"number": "JB2026-1", "code": "X"})
    assert r.status_code == 429


def test_a_disguised_upload_is_refused_over_http(tree, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _counts()
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    r = _report(Client(), attachments=fake)
    assert r.status_code == 400 and "PDF" in r.content.decode()
    assert _counts() == before


def test_an_information_request_over_http(tree):
    client = Client()
    html = client.get("/requests/new/").content.decode()
    token, answer = _answer(html)
    r = client.post(
        "/requests/new/",
        {
            "organisation": "D1",
            "subject": "预算" + XSS,
            "description": "请公开",
            "requester_name": "王五",
            "requester_contact": "wang@example.cn",
            "publish_consent": "yes",
            "captcha_token": token,
            "captcha": answer,
        },
    )
    assert r.status_code == 201
    req = m.InfoRequest.objects.get()
    assert req.number in r.content.decode() and req.status == "received"


def test_portal_pages_carry_a_csp_without_inline_scripts(tree):
    client = Client()
    for url in ("/", "/disclosure/", "/requests/", "/requests/new/", "/complaints/",
                "/complaints/follow/", "/statistics/", "/powers/", "/flows/", "/decisions/",
                "/audit/"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 200, url
        csp = r["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        html = r.content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_home_links_every_public_part(tree):
    html = Client().get("/").content.decode()
    for href in ("/powers/", "/flows/", "/decisions/", "/disclosure/", "/requests/",
                 "/complaints/", "/audit/", "/statistics/", "#organisations"):  # fmt: skip
        assert f'href="{href}"' in html, href


@pytest.mark.parametrize("path", ["/disclosure/items", "/requests/all", "/statistics/all"])
def test_downloads(tree, path):
    client = Client()
    csv = client.get(path + ".csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    js = client.get(path + ".json")
    assert js.status_code == 200 and isinstance(js.json(), list)
