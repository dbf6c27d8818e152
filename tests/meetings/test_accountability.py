"""Accountability cases listed and closed (issue 23 point 6): the office list with its
filters, one case and its closing (page and API), the office menu and home for the
commission's inspectors, refusals in both languages for everyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import SYSTEM, UserFactory
from yangguang.accounts import services as accounts
from yangguang.core.context import Actor
from yangguang.meetings import models as m
from yangguang.meetings import services as s

from .conftest import refused

pytestmark = pytest.mark.django_db
LIST = "/office/accountability/"


@pytest.fixture
def two(world):
    """An open case on the department (a meeting check's finding, naming the principal)
    and a closed one on the other department."""
    insp = Actor.person(world.inspector)
    open_ = s.case_open(
        actor=insp, organisation=world.dept, finding="check:notice_late:1", rule="notice_late",
        summary="议题未提前告知", persons=[world.principal], opened_on=dt.date(2026, 7, 20),
    )  # fmt: skip
    closed = s.case_open(
        actor=insp, organisation=world.other, finding="check:quorum_not_met:2",
        rule="quorum_not_met", summary="到会人数不足", opened_on=dt.date(2026, 7, 1),
    )  # fmt: skip
    s.case_close(actor=insp, case=closed, conclusion="已批评教育")
    return open_, closed


def _api(user):
    _, secret = accounts.api_token_create(actor=SYSTEM, user=user, name=f"t-{user.username}")
    client, headers = Client(), {"Authorization": f"Bearer {secret}"}

    def call(url, body=None):
        if body is None:
            return client.get(url, headers=headers)
        return client.post(url, data=body, content_type="application/json", headers=headers)

    return call


def _bilingual(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["message_zh"] and body["message_en"] and body["message_zh"] != body["message_en"]
    if field is not None:
        assert body["field"] == field
    return body


def test_list_with_filters_names_and_labels(client, world, two):
    open_, _closed = two
    client.force_login(world.inspector)
    text = client.get(LIST).content.decode()
    for expected in ("议题未按时告知", "到会人数不足", "王局长", "某县财政局", "某县教育局"):
        assert expected in text
    assert "notice_late" not in text.split("<main")[-1].split("</table>")[0].split("<tbody>")[-1]
    assert reverse("accountability:detail", args=[open_.pk]) in text
    only_open = client.get(LIST, {"status": "open"}).content.decode()
    assert "议题未按时告知" in only_open and "到会人数不足" not in only_open
    by_org = client.get(LIST, {"organisation": "JYJ"}).content.decode()
    assert "到会人数不足" in by_org and "议题未按时告知" not in by_org
    bad = client.get(LIST, {"status": "whatever"})
    assert bad.status_code == 400 and "状态「whatever」无效" in bad.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    text = client.get(LIST).content.decode()
    assert "Accountability cases" in text and "topic notified too late" in text


def test_close_through_the_page(client, world, two):
    open_, _closed = two
    client.force_login(world.inspector)
    url = reverse("accountability:detail", args=[open_.pk])
    page = client.get(url).content.decode()
    assert 'name="conclusion"' in page and "王局长" in page and "三重一大合规检查" in page
    r = client.post(url, {"conclusion": " "})
    assert r.status_code == 400 and "办理结论" in r.content.decode()
    r = client.post(url, {"conclusion": "约谈提醒, 责令整改"}, follow=True)
    open_.refresh_from_db()
    assert open_.status == m.CaseStatus.CLOSED and open_.conclusion == "约谈提醒, 责令整改"
    text = r.content.decode()
    assert (
        "问责案件已办结" in text
        and "约谈提醒, 责令整改" in text
        and 'name="conclusion"' not in text
    )


@pytest.mark.parametrize("who", ["clerk", "principal", "outsider"])
def test_others_are_refused_and_not_offered_the_menu(client, world, two, who):
    user = getattr(world, who)
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    r = client.post(reverse("accountability:detail", args=[two[0].pk]), {"conclusion": "x"})
    assert r.status_code == 403
    two[0].refresh_from_db()
    assert two[0].status == m.CaseStatus.OPEN
    assert LIST not in client.get("/office/").content.decode()
    body = _bilingual(_api(user)("/api/v1/accountability-cases"), 403)
    assert "纪检监察" in body["message_zh"]


def test_the_inspector_is_offered_the_menu_and_the_open_cases_on_the_home(client, world, two):
    client.force_login(world.inspector)
    home = client.get("/office/").content.decode()
    assert f'href="{LIST}"' in home
    assert f"{LIST}?status=open" in home and "待办结的问责案件" in home
    s.case_close(actor=Actor.person(world.inspector), case=two[0], conclusion="已整改")
    assert "待办结的问责案件" not in client.get("/office/").content.decode()


def test_api_list_detail_close(world, two):
    open_, closed = two
    call = _api(world.inspector)
    r = call("/api/v1/accountability-cases")
    assert r.status_code == 200, r.content
    rows = r.json()
    assert [c["id"] for c in rows] == [open_.pk, closed.pk]
    first = rows[0]
    assert (first["organisation"], first["rule_zh"], first["rule_en"], first["persons"]) == (
        "CZJ", "议题未按时告知", "topic notified too late", ["王局长"],
    )  # fmt: skip
    assert first["opened_by"] == "方监督" and first["alert"] is None
    assert [c["id"] for c in call("/api/v1/accountability-cases?status=closed").json()] == [
        closed.pk
    ]
    _bilingual(call("/api/v1/accountability-cases?status=nope"), 400, "status")
    _bilingual(call("/api/v1/accountability-cases?organisation=NOPE"), 400, "organisation")
    assert call(f"/api/v1/accountability-cases/{open_.pk}").json()["summary"] == "议题未提前告知"
    assert call("/api/v1/accountability-cases/999999").status_code == 404
    _bilingual(call(f"/api/v1/accountability-cases/{open_.pk}/close", {"conclusion": ""}), 400)
    r = call(f"/api/v1/accountability-cases/{open_.pk}/close", {"conclusion": "诫勉谈话"})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["status_en"], r.json()["conclusion"]) == (
        "closed", "Done", "诫勉谈话",
    )  # fmt: skip
    body = _bilingual(call(f"/api/v1/accountability-cases/{open_.pk}/close", {"conclusion": "再"}),
                      400, "status")  # fmt: skip
    assert body["code"] == "case_closed"


def test_close_refused_leaves_everything(world, two):
    with refused("case_closed", "status"):
        s.case_close(actor=Actor.person(world.inspector), case=two[1], conclusion="再次")


def test_a_commission_outside_the_jurisdiction_does_not_see_the_case(world, two):
    from yangguang.orgs import services as orgs

    far = orgs.organisation_create(
        actor=SYSTEM, code="JW2", name="另一纪委", kind="commission", region=world.dept.region,
        jurisdiction=world.other,
    )  # fmt: skip
    stranger = UserFactory(username="far", full_name="远方", organisation=far, role="inspector")
    call = _api(stranger)
    assert [c["id"] for c in call("/api/v1/accountability-cases").json()] == [two[1].pk]
    assert call(f"/api/v1/accountability-cases/{two[0].pk}").status_code == 404


def test_accountability_paths_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/accountability-cases", "/api/v1/accountability-cases/{pk}",
            "/api/v1/accountability-cases/{pk}/close"} <= set(paths)  # fmt: skip
