"""Powers that move stay findable (issue 23 point 5): publishing a 下放 (to a body) or 转移
hands the item to the receiving body's working list, marked as received; the receiving
body exercises it from the publication (search on the portal, in the office and through
the API finds it there) until its next version takes it in; 委托 keeps the power with its
body and names the 受委托组织; the public pages of both bodies say where the power went
and since when; the compare page gives each removal its decision, reason and receiver."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.assertions import refused
from yangguang.audit.models import AuditEntry
from yangguang.powers import services as s
from yangguang.powers.models import (
    ListStatus,
    PowerItem,
    PowerList,
    PowerMove,
    PublishedItem,
)

from .helpers import SYSTEM, as_


def publish(plist, people, drafter="clerk", first="leader", second="gov_leader"):
    s.power_list_submit(actor=as_(people[drafter]), power_list=plist)
    s.power_list_first_approve(actor=as_(people[first]), power_list=plist)
    s.power_list_second_approve(actor=as_(people[second]), power_list=plist)
    return s.power_list_publish(actor=as_(people[second]), power_list=plist)


@pytest.fixture
def other_list(org):
    """The other department's list, with an item of the same code as the one it gets."""
    plist = s.power_list_create(actor=SYSTEM, organisation=org["other"])
    s.power_item_create(
        actor=SYSTEM, power_list=plist, code="XK00001000", name="建设用地规划许可", type="XK"
    )
    return plist


@pytest.fixture
def moved(plist, items, people, org, other_list):
    """D1's round 1: 食品经营许可 (with its sub-items) delegated to the township T1,
    对经营超过保质期食品的处罚 transferred to D2, the other penalty entrusted to T1."""
    clerk = as_(people["clerk"])
    s.legal_basis_add(actor=clerk, item=items["xk"], law="《食品安全法》", article="第三十五条")
    s.decision_record(
        actor=clerk,
        item=items["xk"],
        decision="delegate",
        delegate_level="township",
        delegate_body=org["town"],
        reason="就近办理",
        basis="赋权乡镇事项目录",
    )
    s.decision_record(
        actor=clerk,
        item=items["cf1"],
        decision="transfer",
        transfer_to=org["other"],
        reason="统一受理",
        basis="县政府通知",
    )
    s.decision_record(
        actor=clerk,
        item=items["cf2"],
        decision="entrust",
        entrust_to=org["town"],
        reason="基层执法力量",
        basis="委托执法协议",
    )
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    version = publish(plist, people)
    return {"version": version, "audit_from": before}


def test_publication_hands_the_items_over(moved, org, other_list, plist):
    version = moved["version"]
    # the township had no list: it has one now, a draft, with the received items
    town_list = PowerList.objects.get(organisation=org["town"])
    assert town_list.status == ListStatus.DRAFT
    town = {i.code: i for i in town_list.items.all()}
    assert set(town) == {"XK00001000", "XK00001001", "XK00001002"}
    main = town["XK00001000"]
    assert main.implementing_body == org["town"] and main.level == "township"
    assert town["XK00001001"].parent == main
    assert main.legal_bases.get().article == "第三十五条"
    receipt = main.receipt
    assert receipt.origin == org["dept"] and receipt.decision == "delegate"
    assert (receipt.reason, receipt.basis) == ("就近办理", "赋权乡镇事项目录")
    assert receipt.since == version.published_at and receipt.origin_version == version
    assert receipt.settled_version is None
    # the transfer into a list that has the code already: the next free main number
    moved_cf = other_list.items.get(name="对经营超过保质期食品的处罚")
    assert moved_cf.code == "CF00001000"  # free in D2
    assert moved_cf.receipt.origin_code == "CF00001000"
    # the entrusted item stays with D1 and names the 受委托组织
    kept = PublishedItem.objects.get(version=version, code="CF00002000")
    assert kept.data["entrusted_body"] == org["town"].name
    assert plist.items.get(code="CF00002000").entrusted_body == org["town"].name
    entrusted = PowerMove.objects.get(decision="entrust")
    assert entrusted.receiver == org["town"] and entrusted.item is None
    assert not PowerItem.objects.filter(power_list=town_list, name__contains="未取得许可").exists()
    # the items left D1's list; every write is in the trail of the body it concerns
    assert not plist.items.filter(code__in=["XK00001000", "CF00001000"]).exists()
    new = AuditEntry.objects.filter(seq__gt=moved["audit_from"] or 0).order_by("seq")
    received = new.filter(action="power.item_receive")
    assert received.count() == 4
    assert set(received.values_list("org_id", flat=True)) == {org["town"].pk, org["other"].pk}
    assert new.filter(action="power.list_create", org_id=org["town"].pk).count() == 1
    assert new.last().action == "power.list_publish"


def test_code_taken_in_the_receiving_list_gets_the_next_number(plist, items, people, org):
    theirs = s.power_list_create(actor=SYSTEM, organisation=org["other"])
    s.power_item_create(actor=SYSTEM, power_list=theirs, code="CF00001000", name="甲", type="CF")
    s.power_item_create(actor=SYSTEM, power_list=theirs, code="CF00003000", name="乙", type="CF")
    s.decision_record(
        actor=as_(people["clerk"]),
        item=items["cf1"],
        decision="transfer",
        transfer_to=org["other"],
        reason="统一受理",
        basis="通知",
    )
    publish(plist, people)
    got = theirs.items.get(name="对经营超过保质期食品的处罚")
    assert got.code == "CF00004000" and got.receipt.origin_code == "CF00001000"


def test_received_items_are_reviewed_in_the_receivers_next_round(moved, org, people, other_list):
    moved_cf = other_list.items.get(name="对经营超过保质期食品的处罚")
    # it cannot simply be deleted: the receiving body decides on it in its round
    with refused("received_item_locked", "item", [PowerItem, PowerMove, AuditEntry]):
        s.power_item_delete(actor=as_(people["other_clerk"]), item=moved_cf)
    client = Client()
    client.force_login(people["other_clerk"])
    html = client.get("/office/powers/D2/").content.decode()
    assert "承接" in html and "某县市场监督管理局" in html
    html = client.get(f"/office/powers/D2/item/{moved_cf.pk}/").content.decode()
    assert "统一受理" in html and "县政府通知" in html
    # its next version takes it in: no longer marked as received
    v1 = publish(other_list, people, drafter="other_clerk", first="other_leader")
    receipt = PowerMove.objects.get(item=moved_cf)
    assert receipt.settled_version == v1 and receipt.taken_in
    assert PublishedItem.objects.filter(version=v1, code=moved_cf.code).exists()
    found = Client().get("/api/v1/powers/items", {"q": "超过保质期"}).json()
    assert found == [
        {
            "organisation": "D2",
            "code": moved_cf.code,
            "name": "对经营超过保质期食品的处罚",
            "received": False,
            "received_from": None,
            "since": None,
        }
    ]
    html = Client().get(f"/powers/org/D2/item/{moved_cf.code}/").content.decode()
    assert "移交本单位行使" in html


def test_public_pages_of_both_bodies(moved, org):
    since = timezone.localdate(moved["version"].published_at).isoformat()
    origin = Client().get("/powers/org/D1/").content.decode()
    assert "移出的职权" in origin and "食品经营许可" in origin
    assert "某镇人民政府" in origin and "某县自然资源局" in origin and since in origin
    assert "委托实施的职权" in origin  # 委托: the power stays, the 受委托组织 named
    # the township has no published list of its own: its page is there all the same
    response = Client().get("/powers/org/T1/")
    assert response.status_code == 200
    town = response.content.decode()
    assert "承接的职权" in town and "食品经营许可" in town and "某县市场监督管理局" in town
    assert since in town and "就近办理" in town
    assert "受委托实施的职权" in town and "对未取得许可从事食品生产经营的处罚" in town
    item = Client().get("/powers/org/T1/item/XK00001000/")
    assert item.status_code == 200
    html = item.content.decode()
    assert "尚未纳入本单位已发布的清单" in html and "XK00001001" in html
    # a body with nothing published and nothing received still has no page
    assert Client().get("/powers/org/G1/").status_code == 404


def test_search_finds_the_power_at_the_receiving_body(moved, people):
    # the portal
    html = Client().get("/powers/", {"q": "食品经营许可"}).content.decode()
    assert "承接的职权" in html and "/powers/org/T1/item/XK00001000/" in html
    html = Client().get("/powers/", {"q": "保质期", "org": "D2"}).content.decode()
    assert "/powers/org/D2/item/CF00001000/" in html
    # the API: by name, by code
    body = Client().get("/api/v1/powers/items", {"q": "食品经营许可"}).json()
    assert {(p["organisation"], p["code"]) for p in body} == {
        ("T1", "XK00001000"),
        ("T1", "XK00001001"),
        ("T1", "XK00001002"),
    }
    assert all(p["received"] and p["received_from"] == "D1" for p in body)
    by_code = Client().get("/api/v1/powers/items", {"q": "CF00001000"}).json()
    assert [(p["organisation"], p["received"]) for p in by_code] == [("D2", True)]
    entrusted = Client().get("/api/v1/powers/items", {"q": "未取得许可"}).json()
    assert [(p["organisation"], p["received"]) for p in entrusted] == [("D1", False)]
    # the office
    client = Client()
    client.force_login(people["gov_leader"])
    html = client.get("/office/powers/", {"q": "食品经营许可"}).content.decode()
    assert "某镇人民政府" in html and "承接自某县市场监督管理局" in html


def test_compare_gives_a_cancel_its_reason(moved, plist, people):
    s.decision_record(
        actor=as_(people["clerk"]),
        item=plist.items.get(code="CF00002000"),
        decision="cancel",
        reason="无法定依据",
        basis="国发〔2017〕46号",
    )
    publish(plist, people, first="leader2")
    html = Client().get("/powers/org/D1/compare/", {"old": 1, "new": 2}).content.decode()
    assert "取消" in html and "无法定依据" in html and "国发〔2017〕46号" in html


def test_compare_names_the_receiving_body(plist, items, people, org):
    v1 = publish(plist, people)
    s.decision_record(
        actor=as_(people["clerk"]),
        item=plist.items.get(code="XK00001000"),
        decision="delegate",
        delegate_level="township",
        delegate_body=org["town"],
        reason="就近办理",
        basis="赋权乡镇事项目录",
    )
    s.decision_record(
        actor=as_(people["clerk"]),
        item=plist.items.get(code="CF00001000"),
        decision="transfer",
        transfer_to=org["other"],
        reason="统一受理",
        basis="县政府通知",
    )
    v2 = publish(plist, people, first="leader2")
    response = Client().get("/powers/org/D1/compare/", {"old": v1.number, "new": v2.number})
    html = response.content.decode()
    assert "删除" not in html
    for text in ("下放", "乡镇", "某镇人民政府", "就近办理", "赋权乡镇事项目录"):
        assert text in html, text
    for text in ("转移", "某县自然资源局", "统一受理", "县政府通知"):
        assert text in html, text
    assert 'href="/powers/org/T1/"' in html


def test_entrust_needs_its_body(items, people, org):
    with refused("entrust_target_required", "entrust_to", [PowerItem, AuditEntry]):
        s.decision_record(
            actor=as_(people["clerk"]),
            item=items["cf1"],
            decision="entrust",
            reason="基层执法",
            basis="协议",
        )
    with refused("entrust_to_self", "entrust_to", [PowerItem, AuditEntry]):
        s.decision_record(
            actor=as_(people["clerk"]),
            item=items["cf1"],
            decision="entrust",
            entrust_to=org["dept"],
            reason="基层执法",
            basis="协议",
        )


def test_decision_page_offers_entrust(items, people, org):
    client = Client()
    client.force_login(people["clerk"])
    url = f"/office/powers/D1/item/{items['cf1'].pk}/decision/"
    response = client.post(
        url, {"decision": "entrust", "entrust_to": "T1", "reason": "基层执法", "basis": "协议"}
    )
    assert response.status_code == 302
    assert items["cf1"].decision.entrust_to == org["town"]
