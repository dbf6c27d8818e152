"""The 依申请公开 receiving list: the bodies the 政府信息公开条例 binds, not the party
committee, the commission or village committees; the service refuses the others on
every path (portal form and API), in both languages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.assertions import refused
from tests.disclosure.conftest import SYSTEM
from yangguang.accounts import services as accounts
from yangguang.audit.models import AuditEntry
from yangguang.disclosure import challenge
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s
from yangguang.orgs import services as orgs

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(tree):
    region = tree["gov"].region
    made = {}
    for code, name, kind, parent in (
        ("XW", "某县县委", "party_committee", None),
        ("QSZ", "某县清水镇", "township", tree["gov"]),
        ("QSC", "清水村村民委员会", "village_committee", None),
        ("ZX", "某县政务服务中心", "public_institution", tree["gov"]),
        ("CT", "某县城投公司", "state_enterprise", tree["gov"]),
    ):
        made[code] = orgs.organisation_create(
            actor=SYSTEM, code=code, name=name, kind=kind, region=region,
            parent=made.get("QSZ") if code == "QSC" else parent,
        )  # fmt: skip
    by_code = {o.code: o for o in (tree["gov"], tree["dept"], tree["other"], tree["commission"])}
    return {**tree, **by_code, **made}


RECEIVING = {"G1", "D1", "D2", "QSZ", "ZX"}
NOT_RECEIVING = {"XW", "C1", "QSC", "CT"}


def _options(html: str) -> set[str]:
    select = re.search(r'<select name="organisation".*?</select>', html, re.S).group(0)
    return {v for v in re.findall(r'value="([^"]*)"', select) if v}


def test_the_portal_offers_only_the_bodies_bound_by_the_regulation(county):
    assert _options(Client().get("/requests/new/").content.decode()) == RECEIVING
    # the complaint form still names every organisation
    assert _options(Client().get("/complaints/").content.decode()) >= NOT_RECEIVING
    api = Client().get("/api/v1/disclosure/bodies")
    assert api.status_code == 200 and {b["code"] for b in api.json()} == RECEIVING


@pytest.mark.parametrize("code", sorted(NOT_RECEIVING))
def test_the_service_refuses_the_others(county, code):
    with refused("not_subject_to_regulation", "organisation", [m.InfoRequest, AuditEntry]):
        s.info_request_submit(
            actor=SYSTEM, organisation=county[code], subject="预算", description="明细",
            requester_name="王五", requester_contact="138", publish_consent=True,
        )  # fmt: skip


def test_a_posted_party_committee_gets_the_reason(county):
    client = Client()
    html = client.get("/requests/new/").content.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', html).group(1)
    answer = challenge.answer_of(token)
    r = client.post("/requests/new/", {
        "organisation": "XW", "subject": "预算", "description": "明细", "requester_name": "王五",
        "requester_contact": "138", "publish_consent": "yes", "captcha_token": token,
        "captcha": answer,
    })  # fmt: skip
    assert r.status_code == 400 and "不适用《中华人民共和国政府信息公开条例》" in r.content.decode()
    assert not m.InfoRequest.objects.exists()


def test_staff_register_a_written_request_through_the_api(county):
    clerk = accounts.user_create(
        actor=SYSTEM, username="d1-clerk", full_name="财政局经办", organisation=county["D1"],
        role="clerk",
    )  # fmt: skip
    _, secret = accounts.api_token_create(actor=SYSTEM, user=clerk, name="t")
    headers = {"Authorization": f"Bearer {secret}"}
    body = {"organisation": "D1", "subject": "预算", "description": "明细",
            "requester_name": "王五", "requester_contact": "13800000000"}  # fmt: skip
    client = Client()
    r = client.post("/api/v1/disclosure/requests", body, content_type="application/json",
                    headers=headers)  # fmt: skip
    assert r.status_code == 400 and r.json()["field"] == "publish_consent"  # no default
    r = client.post("/api/v1/disclosure/requests", {**body, "publish_consent": True},
                    content_type="application/json", headers=headers)  # fmt: skip
    assert r.status_code == 201 and len(r.json()["code"]) == 12
    number = r.json()["number"]
    status = client.get(f"/api/v1/disclosure/requests/{number}/status",
                        {"code": r.json()["code"]})  # fmt: skip
    assert status.status_code == 200 and status.json()["status"] == "received"
    listed = client.get("/api/v1/disclosure/requests", headers=headers)
    assert [x["number"] for x in listed.json()] == [number]
    assert "王五" not in listed.content.decode()
    r = client.post("/api/v1/disclosure/requests", {**body, "organisation": "XW",
                                                    "publish_consent": True},
                    content_type="application/json", headers=headers)  # fmt: skip
    assert r.status_code == 403  # XW is outside the clerk's scope; a sysadmin gets the rule
    admin = accounts.user_create(actor=SYSTEM, username="root", full_name="管理员",
                                 organisation=None, role="sysadmin")  # fmt: skip
    _, admin_secret = accounts.api_token_create(actor=SYSTEM, user=admin, name="t")
    r = client.post("/api/v1/disclosure/requests", {**body, "organisation": "QSC",
                                                    "publish_consent": True},
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {admin_secret}"})  # fmt: skip
    assert r.status_code == 400 and r.json()["code"] == "not_subject_to_regulation"
    assert r.json()["message_zh"] and "Regulations" in r.json()["message_en"]
    r = client.post("/api/v1/disclosure/requests", {**body, "organisation": "D2",
                                                    "publish_consent": True},
                    content_type="application/json", headers=headers)  # fmt: skip
    assert r.status_code == 403  # another body's request is registered by that body
