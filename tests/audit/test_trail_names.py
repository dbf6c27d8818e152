"""The trail read and filtered by name (issue 23 point 6): organisation by name or code,
person by full name or username, object by name (within a type or any), on the page
and through the API; names shown in place of ids; a name that matches nothing is said
plainly, in both languages."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.audit.audit_helpers import TEST_WRITE
from yangguang.audit.services import audit_record
from yangguang.core.context import Actor

pytestmark = pytest.mark.django_db
TRAIL = "/audit/trail/"


@pytest.fixture
def story(tree, users):
    """Two people with full names writing about the two departments."""
    for key, full in (("clerk", "张经办"), ("org_admin", "李管理")):
        users[key].full_name = full
        users[key].save(update_fields=["full_name"])
    for who, org, n in (("clerk", "dept", 3), ("org_admin", "other", 2)):
        for i in range(n):
            with transaction.atomic():
                audit_record(
                    actor=Actor.person(users[who]), action=TEST_WRITE, obj=tree[org],
                    org_id=tree[org].pk, changes={"n": [None, i]},
                )  # fmt: skip
    return tree, users


def _rows(response) -> list[str]:
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [row for row in body.split("<tr>")[1:] if "<td colspan" not in row]


def test_filter_by_organisation_name_or_code(client, story):
    _tree, users = story
    client.force_login(users["sysadmin"])
    by_name = client.get(TRAIL, {"organisation": "某市教育局", "action": "test.audit_write"})
    assert by_name.status_code == 200
    rows = _rows(by_name)
    assert len(rows) == 2 and all("某市教育局" in r and "李管理" in r for r in rows)
    by_code = client.get(TRAIL, {"organisation": "D1", "action": "test.audit_write"})
    assert len(_rows(by_code)) == 3
    # part of a name finds every organisation containing it
    assert len(_rows(client.get(TRAIL, {"organisation": "局", "action": "test.audit_write"}))) == 5


def test_filter_by_person_full_name_or_username(client, story):
    _tree, users = story
    client.force_login(users["sysadmin"])
    rows = _rows(client.get(TRAIL, {"person": "张经办"}))
    assert len(rows) == 3 and all("张经办" in r and "某市财政局" in r for r in rows)
    assert all(">clerk<" not in r for r in rows)  # by name, not the username
    assert len(_rows(client.get(TRAIL, {"person": "orgadmin"}))) == 2


def test_filter_by_object_name(client, story):
    _tree, users = story
    client.force_login(users["sysadmin"])
    rows = _rows(client.get(TRAIL, {"object_type": "orgs.organisation", "object_name": "教育局"}))
    # its creation and the two writes about it, each naming the object
    assert len(rows) == 3 and all("某市教育局" in r for r in rows)
    assert all("单位 · 某市教育局" in r for r in rows)  # the type's name, then the object's
    assert len(_rows(client.get(TRAIL, {"object_name": "某市教育局"}))) == 3


def test_the_inspector_sees_only_the_jurisdiction(client, story):
    _tree, users = story
    client.force_login(users["inspector"])  # supervises 财政局 only
    assert len(_rows(client.get(TRAIL, {"organisation": "局", "action": "test.audit_write"}))) == 3
    assert _rows(client.get(TRAIL, {"person": "李管理"})) == []


def test_names_that_match_nothing_are_said_plainly(client, story):
    _tree, users = story
    client.force_login(users["sysadmin"])
    for params, zh in (
        ({"organisation": "不存在的局"}, "没有名称或代码为「不存在的局」的单位"),
        ({"person": "无名氏"}, "没有姓名或账号为「无名氏」的人员"),
        ({"object_name": "无此物"}, "没有名为「无此物」的对象"),
        ({"object_type": "nope.thing"}, "对象类型「nope.thing」无效"),
        ({"action": "nope.act"}, "动作「nope.act」无效"),
    ):
        r = client.get(TRAIL, params)
        assert r.status_code == 400 and zh in r.content.decode(), params
    client.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    r = client.get(TRAIL, {"person": "无名氏"})
    assert r.status_code == 400 and "no person named" in r.content.decode()


def test_the_api_filters_by_name_and_refuses_in_both_languages(client, story):
    tree, users = story
    client.force_login(users["sysadmin"])
    got = client.get("/api/v1/audit/entries", {"organisation": "某市财政局", "person": "张经办"})
    assert got.status_code == 200
    assert len(got.json()) == 3 and {e["org_id"] for e in got.json()} == {tree["dept"].pk}
    bad = client.get("/api/v1/audit/entries", {"person": "无名氏"})
    assert bad.status_code == 400
    body = bad.json()
    assert body["field"] == "person" and "无名氏" in body["message_zh"]
    assert body["message_en"] == "no person named '无名氏'"
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    names = {p["name"] for p in paths["/api/v1/audit/entries"]["get"]["parameters"]}
    assert {"organisation", "person", "object_name"} <= names
