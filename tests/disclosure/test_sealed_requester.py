"""A requester's name, contact, address and ID number are stored sealed (``core.sealed``):
the database holds tokens only, those who may read them still do (each reading audited),
a wrong key is a clear refusal, and the migration seals the rows already there."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at
from yangguang.accounts import services as accounts
from yangguang.audit.models import AuditEntry
from yangguang.core import sealed
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

CLEAR = ("王小五", "13812345678", "清水镇清水村8号", "11010519491231002X")
COLUMNS = "requester_name, requester_contact, requester_address, requester_id_number"


def _submit(tree) -> m.InfoRequest:
    req, _code = s.info_request_submit(
        actor=SYSTEM, organisation=tree["dept"], subject="资金", description="明细",
        requester_name=CLEAR[0], requester_contact=CLEAR[1], requester_address=CLEAR[2],
        requester_id_number=CLEAR[3], publish_consent=True, at=at(2026, 3, 2),
    )  # fmt: skip
    return req


def _stored(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM disclosure_inforequest WHERE id = %s", [pk])
        return tuple(cursor.fetchone())


@pytest.mark.django_db
def test_the_database_holds_tokens_and_the_readers_read_the_text(tree, users):
    req = _submit(tree)
    stored = _stored(req.pk)
    for clear, raw in zip(CLEAR, stored, strict=True):
        assert raw.startswith(sealed.TOKEN_PREFIX) and clear not in raw
        assert sealed.unseal(sealed.REQUESTER, raw) == clear
    assert tuple(m.InfoRequest.objects.values_list(*COLUMNS.split(", ")).get(pk=req.pk)) == CLEAR
    reads = AuditEntry.objects.filter(action="audit.sensitive_read")
    clerk = Client()
    clerk.force_login(users["clerk"])
    shown = clerk.post(
        f"/office/disclosure/requests/{req.pk}/", {"step": "requester", "reason": "电话答复"}
    ).content.decode()
    assert all(value in shown for value in CLEAR[:3])
    _, secret = accounts.api_token_create(actor=SYSTEM, user=users["inspector"], name="t")
    api = Client().post(
        f"/api/v1/disclosure/requests/{req.number}/requester",
        data={"reason": "核查"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status_code == 200, api.content
    assert api.json()["contact"] == CLEAR[1] and api.json()["id_number"] == CLEAR[3]
    assert reads.count() == 2  # each reading audited, with its reason
    assert {r for r in ("电话答复", "核查") if any(r in e.payload for e in reads)} == {
        "电话答复",
        "核查",
    }
    # a later save (a handling step) keeps them sealed and readable
    s.info_request_clarify(actor=SYSTEM, request=req, question="请说明年份", at=at(2026, 3, 3))
    assert all(v.startswith(sealed.TOKEN_PREFIX) for v in _stored(req.pk))
    req.refresh_from_db()
    assert req.requester_name == CLEAR[0]


@pytest.mark.django_db
def test_a_wrong_key_is_a_clear_refusal_and_loses_nothing(tree, users, monkeypatch):
    req = _submit(tree)
    before = _stored(req.pk)
    monkeypatch.setenv("YANGGUANG_REQUESTER_KEY", Fernet.generate_key().decode())
    reads = AuditEntry.objects.filter(action="audit.sensitive_read")
    clerk = Client()
    clerk.force_login(users["clerk"])
    page = clerk.get(f"/office/disclosure/requests/{req.pk}/")
    assert page.status_code == 200  # the request still opens, its requester withheld
    asked = clerk.post(
        f"/office/disclosure/requests/{req.pk}/",
        {"step": "requester", "reason": "电话答复"},
        follow=True,
    )
    assert asked.status_code == 200 and "无法解密" in asked.content.decode()
    _, secret = accounts.api_token_create(actor=SYSTEM, user=users["clerk"], name="t")
    api = Client().post(
        f"/api/v1/disclosure/requests/{req.number}/requester",
        data={"reason": "核查"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status_code == 400 and api.json()["code"] == "sealed_unreadable"
    assert "cannot be decrypted" in api.json()["message_en"]
    assert reads.count() == 0
    fresh = m.InfoRequest.objects.get(pk=req.pk)
    s.info_request_clarify(actor=SYSTEM, request=fresh, question="请说明", at=at(2026, 3, 3))
    assert _stored(req.pk) == before  # saved with the wrong key: the tokens as they were
    monkeypatch.delenv("YANGGUANG_REQUESTER_KEY")
    fresh.refresh_from_db()
    assert fresh.requester_contact == CLEAR[1]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_rows_there_and_opens_them_back(tree):
    req = _submit(tree)
    try:
        _migrate(("disclosure", "0006_request_code_and_personal_data"))
        assert _stored(req.pk) == CLEAR  # back: clear text in plain columns
        _migrate(("disclosure", "0007_requester_sealed"))
        stored = _stored(req.pk)
        assert all(v.startswith(sealed.TOKEN_PREFIX) for v in stored)
        assert not any(c in v for c, v in zip(CLEAR, stored, strict=True))
        _migrate(("disclosure", "0007_requester_sealed"))  # again: nothing sealed twice
        req.refresh_from_db()
        assert (req.requester_name, req.requester_id_number) == (CLEAR[0], CLEAR[3])
    finally:
        _migrate(("disclosure", "0007_requester_sealed"))
