"""The two services no page reached before: an organisation's rules of procedure
(``decision_rules_set``: the office page and ``PUT /api/v1/meetings/organisations/
{code}/decision-rules``, for its administrators) and the commission's integrity records
(``integrity_record_create`` / ``integrity_record_end``: the office page, for its
inspectors), with the access the services enforce."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tests.factories import SYSTEM, UserFactory
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.orgs import services as orgs

from .conftest import MEETING_DAY, one_audit, snapshot_rows

RULES_URL = "/office/meetings/rules/"
INTEGRITY_URL = "/office/meetings/integrity/"
API = "/api/v1/meetings/organisations"


def office(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rules_form(**overrides) -> dict:
    return {
        "personnel_quorum": "two_thirds",
        "notice_days": "3",
        "minutes_days": "5",
        "decision_window_days": "120",
        **overrides,
    }


def test_an_administrator_sets_the_rules_on_the_page(world):
    admin = UserFactory(username="czj.admin", organisation=world.dept, role="org_admin")
    client = office(admin)
    page = client.get(RULES_URL).content.decode()
    assert "某县财政局" in page and "尚未设定议事规则" in page
    with one_audit("meetings.rules_set"):
        response = client.post(f"{RULES_URL}?org=CZJ", rules_form())
    assert response.status_code == 302 and response["Location"] == f"{RULES_URL}?org=CZJ"
    rules = m.DecisionRules.objects.get(organisation=world.dept)
    assert (rules.personnel_quorum, rules.notice_days, rules.minutes_days) == (
        "two_thirds",
        3,
        5,
    )
    assert rules.decision_window_days == 120
    page = client.get(f"{RULES_URL}?org=CZJ").content.decode()
    assert 'value="120"' in page and "尚未设定议事规则" not in page


def test_a_bad_value_is_a_field_error_nothing_written(world):
    admin = UserFactory(username="czj.admin", organisation=world.dept, role="org_admin")
    before = snapshot_rows()
    response = office(admin).post(f"{RULES_URL}?org=CZJ", rules_form(notice_days="9999"))
    assert response.status_code == 200
    assert "天数必须在 0–3650 之间" in " ".join(response.context["form"].errors["notice_days"])
    assert snapshot_rows() == before and not m.DecisionRules.objects.exists()


def test_who_may_set_the_rules(world):
    admin = UserFactory(username="czj.admin", organisation=world.dept, role="org_admin")
    # another organisation's administrator does not see this one; clerks and inspectors 403
    other = UserFactory(username="jyj.admin", organisation=world.other, role="org_admin")
    assert office(other).get(f"{RULES_URL}?org=CZJ").status_code == 404
    assert office(other).post(f"{RULES_URL}?org=CZJ", rules_form()).status_code == 404
    for user in (world.clerk, world.inspector):
        assert office(user).get(RULES_URL).status_code == 403
        assert office(user).post(f"{RULES_URL}?org=CZJ", rules_form()).status_code == 403
    assert not m.DecisionRules.objects.exists()
    assert "议事规则" in office(admin).get("/office/meetings/").content.decode()


def test_the_rules_through_the_api(world):
    admin = UserFactory(username="czj.admin", organisation=world.dept, role="org_admin")
    client = office(admin)
    got = client.get(f"{API}/CZJ/decision-rules").json()
    assert got == {
        "organisation": "CZJ",
        "personnel_quorum": "half",
        "notice_days": 2,
        "minutes_days": 7,
        "decision_window_days": 180,
    }
    put = client.put(
        f"{API}/CZJ/decision-rules", {"notice_days": 4}, content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["notice_days"] == 4
    assert put.json()["minutes_days"] == 7  # only what is given changes
    bad = client.put(
        f"{API}/CZJ/decision-rules",
        {"personnel_quorum": "all"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "personnel_quorum"
    clerk = office(world.clerk)
    assert clerk.get(f"{API}/CZJ/decision-rules").json()["notice_days"] == 4  # staff read
    denied = clerk.put(
        f"{API}/CZJ/decision-rules", {"notice_days": 1}, content_type="application/json"
    )
    assert denied.status_code == 403
    assert office(world.outsider).get(f"{API}/CZJ/decision-rules").status_code == 404
    assert m.DecisionRules.objects.get(organisation=world.dept).notice_days == 4


def integrity_form(world, **overrides) -> dict:
    return {
        "op": "create",
        "person": world.deputies[0].pk,
        "kind": "sanction",
        "start": "2026-07-01",
        "end": "",
        "source": "县纪委处分决定〔2026〕3号",
        "note": "",
        **overrides,
    }


def test_an_inspector_keeps_integrity_records_on_the_page(world):
    client = office(world.inspector)
    page = client.get(INTEGRITY_URL).content.decode()
    assert "尚无廉政档案记录" in page and "处分影响期" in page  # the kinds by name
    with one_audit("meetings.integrity_create"):
        response = client.post(INTEGRITY_URL, integrity_form(world))
    assert response.status_code == 302
    record = m.IntegrityRecord.objects.get()
    assert (record.person, record.kind, record.end) == (world.deputies[0], "sanction", None)
    page = client.get(INTEGRITY_URL).content.decode()
    assert "副局长1" in page and "处分影响期" in page and f'id="form-end-{record.pk}"' in page
    # ended: refused before its start, then ended
    before = snapshot_rows()
    response = client.post(
        INTEGRITY_URL, {"op": "end", "record": record.pk, "end": "2026-06-01"}, follow=True
    )
    assert "不能早于开始日期" in response.content.decode()
    assert snapshot_rows() == before
    with one_audit("meetings.integrity_end"):
        client.post(INTEGRITY_URL, {"op": "end", "record": record.pk, "end": "2026-12-01"})
    record.refresh_from_db()
    assert record.end == dt.date(2026, 12, 1)
    assert "已结束" in client.get(INTEGRITY_URL).content.decode()


def test_integrity_bad_input_is_a_field_error(world):
    client = office(world.inspector)
    before = snapshot_rows()
    response = client.post(INTEGRITY_URL, integrity_form(world, source=""))
    assert response.status_code == 200
    assert "来源" in " ".join(response.context["form"].errors["source"])
    response = client.post(INTEGRITY_URL, integrity_form(world, end="2026-06-01"))
    assert "不能早于开始日期" in " ".join(response.context["form"].errors["end"])
    assert snapshot_rows() == before


def test_who_may_keep_integrity_records(world):
    record = s.integrity_record_create(
        actor=SYSTEM, person=world.clerk, kind="investigation", start=MEETING_DAY,
        source="县纪委立案决定书",
    )  # fmt: skip
    admin = UserFactory(username="czj.admin", organisation=world.dept, role="org_admin")
    before = snapshot_rows()
    for user in (world.clerk, admin, world.principal):
        client = office(user)
        assert client.get(INTEGRITY_URL).status_code == 403
        assert client.post(INTEGRITY_URL, integrity_form(world)).status_code == 403
        end = {"op": "end", "record": record.pk, "end": "2026-12-01"}
        assert client.post(INTEGRITY_URL, end).status_code == 403
    # an inspector of another jurisdiction sees none of them and cannot add one here
    team = orgs.organisation_create(
        actor=SYSTEM, code="JYJ-JJZ", name="派驻教育局纪检组", kind="department",
        region=world.other.region, parent=world.other,
    )  # fmt: skip
    far = UserFactory(username="far.insp", organisation=team, role="inspector")
    before = snapshot_rows()
    page = office(far).get(INTEGRITY_URL).content.decode()
    assert "县纪委立案决定书" not in page and "李经办" not in page
    assert "县纪委立案决定书" in office(world.inspector).get(INTEGRITY_URL).content.decode()
    response = office(far).post(INTEGRITY_URL, integrity_form(world))
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert snapshot_rows() == before
