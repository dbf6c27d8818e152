"""The powers API: a working list, the steps of its review round (each answering with the
list as GET does; 403 for a person who may not, 409 for a list in another state, 400 for
a return without a reason, bilingual), the search of the powers in force, and the
OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from yangguang.accounts import services as accounts
from yangguang.powers import services as s
from yangguang.powers.models import ListStatus, PowerListVersion

from .helpers import SYSTEM, Unchanged, as_

BASE = "/api/v1/powers/lists/D1"


def token_client(user) -> Client:
    _token, secret = accounts.api_token_create(actor=SYSTEM, user=user, name="清单审核")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(c: Client, url: str, body: dict | None = None):
    return c.post(url, json.dumps(body or {}), content_type="application/json")


def bilingual(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message_zh"] and body["message_en"]
    assert body["message"] == f"{body['message_zh']} ({body['message_en']})"
    return body


def test_get_the_working_list(people, items):
    response = token_client(people["leader"]).get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == "D1" and body["status"] == "draft" and body["version"] == 0
    codes = [i["code"] for i in body["items"]]
    assert codes == sorted(codes) and "XK00001001" in codes
    sub = next(i for i in body["items"] if i["code"] == "XK00001001")
    assert sub["parent_code"] == "XK00001000" and sub["decision"] is None
    assert sub["type"] == {"code": "XK", "name": "行政许可"}


def test_get_is_scoped(people, items):
    bilingual(token_client(people["other_clerk"]).get(BASE), 403, "permission_denied")
    bilingual(Client().get(BASE), 403, "permission_denied")
    assert token_client(people["leader"]).get("/api/v1/powers/lists/NOPE").status_code == 404


def test_a_round_through_the_api(people, items):
    clerk, leader = token_client(people["clerk"]), token_client(people["leader"])
    legal, gov = token_client(people["legal_office"]), token_client(people["gov_leader"])
    s.decision_record(
        actor=as_(people["clerk"]), item=items["cf2"], decision="cancel", reason="废止",
        basis="新法",
    )  # fmt: skip
    response = post(clerk, f"{BASE}/submit")
    assert response.status_code == 200
    assert response.json()["status"] == "first_review"
    assert response.json() == clerk.get(BASE).json()  # the list as GET gives it
    cf2 = next(i for i in response.json()["items"] if i["code"] == "CF00002000")
    assert cf2["decision"]["decision"] == "cancel" and cf2["decision"]["reason"] == "废止"
    assert post(leader, f"{BASE}/first-review", {"decision": "approve"}).json()["status"] == (
        "second_review"
    )
    body = post(legal, f"{BASE}/second-review", {"decision": "return", "reason": "补充依据"})
    assert body.json()["status"] == "draft"
    post(clerk, f"{BASE}/submit")
    post(leader, f"{BASE}/first-review", {"decision": "approve"})
    assert post(legal, f"{BASE}/second-review", {"decision": "approve"}).json()["status"] == (
        "approved"
    )
    response = post(gov, f"{BASE}/publish")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft" and body["version"] == 1
    assert "CF00002000" not in [i["code"] for i in body["items"]]
    version = PowerListVersion.objects.get(organisation__code="D1")
    assert version.drafter == people["clerk"] and version.second_reviewer == people["legal_office"]


def test_refusals(people, items):
    plist = items["xk"].power_list
    clerk, leader = token_client(people["clerk"]), token_client(people["leader"])
    gov, other = token_client(people["gov_leader"]), token_client(people["other_clerk"])
    inspector = token_client(people["inspector"])
    before = Unchanged()  # after the tokens (their creation is audited)
    # 409: a step the list is not at
    bilingual(post(leader, f"{BASE}/first-review", {"decision": "approve"}), 409,
              "power_list_wrong_status")  # fmt: skip
    bilingual(post(gov, f"{BASE}/publish"), 409,
              "power_list_wrong_status")  # fmt: skip
    # 403: a person who may not (role, or out of scope)
    bilingual(post(leader, f"{BASE}/submit"), 403, "permission_denied")
    bilingual(post(other, f"{BASE}/submit"), 403,
              "permission_denied")  # fmt: skip
    bilingual(post(inspector, f"{BASE}/submit"), 403,
              "permission_denied")  # fmt: skip
    before.check()
    post(clerk, f"{BASE}/submit")
    bilingual(post(clerk, f"{BASE}/submit"), 409, "power_list_wrong_status")
    bilingual(post(clerk, f"{BASE}/first-review", {"decision": "approve"}), 403,
              "permission_denied")  # fmt: skip
    # 400: a return without a reason; an unknown decision
    body = bilingual(post(leader, f"{BASE}/first-review", {"decision": "return"}), 400, "required")
    assert body["field"] == "reason"
    bilingual(post(leader, f"{BASE}/first-review", {"decision": "return", "reason": "  "}), 400,
              "required")  # fmt: skip
    bilingual(post(leader, f"{BASE}/first-review", {"decision": "maybe"}), 400,
              "review_decision_unknown")  # fmt: skip
    plist.refresh_from_db()
    assert plist.status == ListStatus.FIRST_REVIEW
    post(leader, f"{BASE}/first-review", {"decision": "approve"})
    # the first reviewer may not do the second review
    bilingual(post(leader, f"{BASE}/second-review", {"decision": "approve"}), 400,
              "own_list_review")  # fmt: skip
    bilingual(post(clerk, f"{BASE}/second-review", {"decision": "approve"}), 403,
              "permission_denied")  # fmt: skip
    # no sign-in: refused before anything
    assert Client().post(f"{BASE}/submit").status_code == 401


@pytest.fixture
def published(people, items):
    plist = items["xk"].power_list
    s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    s.power_list_second_approve(actor=as_(people["gov_leader"]), power_list=plist)
    return s.power_list_publish(actor=as_(people["gov_leader"]), power_list=plist)


def test_search_the_powers_in_force(published, items, people):
    c = Client()
    body = c.get("/api/v1/powers/items", {"q": "食品经营"}).json()
    assert {(p["organisation"], p["code"]) for p in body} == {
        ("D1", "XK00001000"), ("D1", "XK00001001"), ("D1", "XK00001002")
    }  # fmt: skip
    assert body[0]["name"] == "食品经营许可"
    assert [p["code"] for p in c.get("/api/v1/powers/items", {"q": "cf00002"}).json()] == [
        "CF00002000"
    ]
    # matched on name or code only (not the body's name); a draft change is not in force
    assert c.get("/api/v1/powers/items", {"q": "监督管理局"}).json() == []
    s.power_item_update(actor=as_(people["clerk"]), item=items["cf1"], name="改名后的处罚")
    assert c.get("/api/v1/powers/items", {"q": "改名后"}).json() == []
    bilingual(c.get("/api/v1/powers/items", {"q": " "}), 400, "required")


def test_paths_in_the_openapi_document(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, method in [
        ("/api/v1/powers/lists/{org}", "get"),
        ("/api/v1/powers/lists/{org}/submit", "post"),
        ("/api/v1/powers/lists/{org}/first-review", "post"),
        ("/api/v1/powers/lists/{org}/second-review", "post"),
        ("/api/v1/powers/lists/{org}/publish", "post"),
        ("/api/v1/powers/items", "get"),
    ]:
        assert method in paths[path], path
    answers = paths["/api/v1/powers/lists/{org}/second-review"]["post"]["responses"]
    assert {"200", "400", "403", "409"} <= set(answers)
