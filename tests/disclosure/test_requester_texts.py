"""A requester's name or phone written into the texts of a request (its subject, the
description, the clarification asked, the answer) reaches neither the published pages
and downloads, nor the office pages and API of those who may not read it, nor the audit
trail; those who handle it see it on asking, the reading audited."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.disclosure.conftest import at, person
from yangguang.audit.models import AuditEntry
from yangguang.audit.services import AUDIT_SENSITIVE_READ
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s
from yangguang.disclosure.requester import MASK

pytestmark = pytest.mark.django_db

NAME, PHONE = "张小三", "13812345678"


@pytest.fixture
def answered(tree, users):
    clerk = person(users["clerk"])
    req, _code = s.info_request_submit(
        actor=clerk, organisation=tree["dept"], subject=f"{NAME}的低保审批材料",
        description=f"本人{NAME}，电话{PHONE}，申请公开审批材料。", requester_name=NAME,
        requester_contact=PHONE, publish_consent=True, at=at(2026, 3, 2),
    )  # fmt: skip
    req = s.info_request_clarify(
        actor=clerk, request=req, question=f"请{NAME}补充申请的年份", at=at(2026, 3, 3)
    )
    req = s.info_request_resume(actor=clerk, request=req, at=at(2026, 3, 4))
    return s.info_request_answer(
        actor=clerk, request=req, outcome="answered_full",
        answer=f"{NAME}：所申请的审批材料见附件。", at=at(2026, 3, 10),
    )  # fmt: skip


def _carries(text: str) -> bool:
    return NAME in text or PHONE in text


def _payload(entry) -> str:
    """What the entry keeps, decoded (whatever the escaping of the canonical form)."""
    return json.dumps(json.loads(entry.payload), ensure_ascii=False)


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_published_pages_and_downloads_never_carry_it(answered):
    assert m.InfoRequest.objects.filter(m.PUBLIC_REQUEST, pk=answered.pk).exists()
    public = Client()
    for url in (
        "/requests/",
        f"/requests/{answered.number}/",
        "/requests/all.csv",
        "/requests/all.json",
    ):
        body = public.get(url).content.decode()
        assert MASK in body and not _carries(body), url
    detail = public.get(f"/requests/{answered.number}/").content.decode()
    assert "所申请的审批材料见附件" in detail and "低保审批材料" in detail


def test_the_trail_never_carries_it(answered):
    entries = AuditEntry.objects.filter(
        object_type="disclosure.inforequest", object_id=str(answered.pk)
    )
    assert entries.count() == 4  # received, clarification, resumed, answered
    for entry in entries:
        assert not _carries(_payload(entry)), entry.action
    answer = entries.get(action="disclosure.request_answer")
    assert "所申请的审批材料见附件" in _payload(answer)


def test_staff_of_another_body_see_it_masked_those_who_handle_it_on_asking(answered, users):
    other = _login(users["other_clerk"])
    url = f"/office/disclosure/requests/{answered.pk}/"
    for page in (other.get(url), other.get("/office/disclosure/requests/")):
        assert page.status_code == 200 and not _carries(page.content.decode())
    refused = other.post(url, {"step": "requester", "reason": "好奇"})
    assert refused.status_code == 302 and not _carries(refused.content.decode())
    assert not AuditEntry.objects.filter(action=AUDIT_SENSITIVE_READ.code).exists()

    clerk = _login(users["clerk"])
    assert not _carries(clerk.get(url).content.decode())  # masked until asked for
    shown = clerk.post(url, {"step": "requester", "reason": "电话告知答复"})
    assert shown.status_code == 200 and NAME in shown.content.decode()
    read = AuditEntry.objects.get(action=AUDIT_SENSITIVE_READ.code)
    assert read.object_id == str(answered.pk) and "电话告知答复" in _payload(read)


def test_the_staff_api_lists_it_masked(answered, users):
    from yangguang.accounts import services as accounts
    from yangguang.core.context import Actor

    _, secret = accounts.api_token_create(
        actor=Actor.system("tests"), user=users["other_clerk"], name="t"
    )
    rows = Client().get(
        "/api/v1/disclosure/requests", headers={"Authorization": f"Bearer {secret}"}
    )
    assert rows.status_code == 200 and [r["number"] for r in rows.json()] == [answered.number]
    assert not _carries(rows.content.decode())
