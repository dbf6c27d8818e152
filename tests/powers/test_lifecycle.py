"""The review lifecycle, decisions, publication, versions and their immutability."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from yangguang.audit.models import AuditEntry
from yangguang.core import access
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.powers import selectors as sel
from yangguang.powers import services as s
from yangguang.powers.models import ListStatus, PowerItem, PowerListVersion, PublishedItem
from yangguang.powers.triggers import disabled

from .helpers import SYSTEM, as_


def through(plist, people, first="leader", second="gov_leader", drafter="clerk"):
    s.power_list_submit(actor=as_(people[drafter]), power_list=plist)
    s.power_list_first_approve(actor=as_(people[first]), power_list=plist)
    s.power_list_second_approve(actor=as_(people[second]), power_list=plist)
    return s.power_list_publish(actor=as_(people[second]), power_list=plist)


def test_full_round_with_decisions(plist, items, people, org):
    clerk = as_(people["clerk"])
    s.legal_basis_add(
        actor=clerk, item=items["cf1"], law="《食品安全法》", article="第一百二十四条"
    )
    s.decision_record(
        actor=clerk,
        item=items["sub2"],
        decision="cancel",
        reason="无法定依据",
        basis="国发〔2017〕46号",
    )
    s.decision_record(
        actor=clerk,
        item=items["cf2"],
        decision="merge",
        merge_into=items["cf1"],
        reason="同一违法行为",
        basis="清理意见",
    )
    s.power_list_submit(actor=clerk, power_list=plist)
    plist.refresh_from_db()
    assert plist.status == ListStatus.FIRST_REVIEW and plist.drafter == people["clerk"]
    # in first review, the first reviewer records decisions; editing is closed
    with pytest.raises(DomainError) as exc:
        s.power_item_update(actor=clerk, item=items["xk"], name="改名")
    assert exc.value.error_code == "power_list_not_draft"
    s.decision_record(
        actor=as_(people["leader"]),
        item=items["xk"],
        decision="adjust",
        reason="合并子项",
        basis="审改办意见",
    )
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    s.power_list_second_approve(actor=as_(people["legal_office"]), power_list=plist)
    version = s.power_list_publish(actor=as_(people["gov_leader"]), power_list=plist)
    assert AuditEntry.objects.order_by("-seq").first().action == "power.list_publish"

    assert version.number == 1 and version.item_count == 3
    assert (
        version.first_reviewer == people["leader"]
        and version.second_reviewer == people["legal_office"]
    )
    assert hashlib.sha256(version.snapshot.encode()).hexdigest() == version.sha256
    data = json.loads(version.snapshot)
    assert data["format"] == "yangguang.powers/2"
    assert not {"drafter", "first_reviewer", "second_reviewer"} & set(data)  # not public
    assert [i["code"] for i in data["items"]] == ["CF00001000", "XK00001000", "XK00001001"]
    review = {e["code"]: e for e in data["review"]}
    assert review["CF00002000"]["target"] == {"item": "CF00001000"}
    assert review["XK00001000"]["decision"] == "adjust"
    codes = set(PublishedItem.objects.filter(version=version).values_list("code", flat=True))
    assert codes == {"CF00001000", "XK00001000", "XK00001001"}
    cf1 = PublishedItem.objects.get(version=version, code="CF00001000")
    assert cf1.data["legal_bases"][0]["article"] == "第一百二十四条"

    # the working list reopened as a draft, without the items that left, without decisions
    plist.refresh_from_db()
    assert plist.status == ListStatus.DRAFT and plist.drafter is None
    assert set(plist.items.values_list("code", flat=True)) == codes
    assert not PowerItem.objects.filter(decision__isnull=False).exists()

    figures = sel.version_figures(version)
    assert (
        figures.declared,
        figures.kept,
        figures.cancelled,
        figures.merged,
        figures.adjusted,
    ) == (
        5,
        2,
        1,
        1,
        1,
    )

    # second round: change, add, remove → version 2, compared by code
    s.power_item_update(
        actor=clerk,
        item=plist.items.get(code="CF00001000"),
        promised_limit=30,
        promised_unit="calendar_days",
    )
    s.power_item_create(
        actor=clerk, power_list=plist, code="JC00001000", name="食品安全监督检查", type="JC"
    )
    s.power_item_delete(actor=clerk, item=plist.items.get(code="XK00001001"))
    v2 = through(plist, people, first="leader2")
    assert v2.number == 2
    diff = sel.versions_compare(old=version, new=v2)
    assert diff.added == [("JC00001000", "食品安全监督检查")]
    assert diff.removed == [("XK00001001", "食品经营许可(新办)")]
    assert [c.code for c in diff.changed] == ["CF00001000"]
    assert diff.changed[0].fields == {
        "promised_limit": (None, {"unit": "calendar_days", "value": 30})
    }
    assert sel.versions_compare(old=v2, new=v2).unchanged
    history = sel.version_history(organisation=org["dept"])
    assert [(h.number, h.item_count) for h in history] == [(2, 3), (1, 3)]
    # the public catalogue shows the latest version only, and finds by keyword
    assert sel.published_items(keyword="监督检查").count() == 1
    assert sel.published_items(organisation=org["dept"]).count() == 3
    assert sel.published_items(type_code="CF").count() == 1
    assert sel.published_items(keyword="许可").count() == 1


def test_drafter_never_approves_own_list(plist, items, people, unchanged):
    # an organisation administrator drafts; as first reviewer he is refused
    s.power_list_submit(actor=as_(people["org_admin"]), power_list=plist)
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.power_list_first_approve(actor=as_(people["org_admin"]), power_list=plist)
    assert exc.value.error_code == "own_list_review"
    with pytest.raises(DomainError):
        s.power_list_first_return(actor=as_(people["org_admin"]), power_list=plist, reason="自退")
    before.check()
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    before = unchanged()
    for who in ("org_admin", "leader"):  # the drafter, the first reviewer
        with pytest.raises(DomainError) as exc:
            s.power_list_second_approve(actor=as_(people[who]), power_list=plist)
        assert exc.value.error_code in {"own_list_review"} or who == "org_admin"
    before.check()


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("submit", "leader"),
        ("submit", "other_clerk"),
        ("submit", "inspector"),
        ("first", "clerk2"),
        ("first", "gov_leader"),
        ("first", "other_leader"),
        ("first", "inspector"),
        ("second", "clerk2"),
        ("second", "other_leader"),
        ("second", "org_admin"),  # an org admin of the organisation itself: not a higher body
        ("second", "inspector"),
        ("publish", "clerk2"),
        ("publish", "other_leader"),
    ],
)
def test_wrong_roles_are_refused(plist, items, people, unchanged, step, who):
    if step != "submit":
        s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    if step in ("second", "publish"):
        s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    if step == "publish":
        s.power_list_second_approve(actor=as_(people["gov_leader"]), power_list=plist)
    call = {
        "submit": s.power_list_submit,
        "first": s.power_list_first_approve,
        "second": s.power_list_second_approve,
        "publish": s.power_list_publish,
    }[step]
    before = unchanged()
    with pytest.raises(DomainError):  # PermissionDeniedError is one
        call(actor=as_(people[who]), power_list=plist)
    before.check()


def test_returns_and_wrong_status(plist, items, people, unchanged):
    before = unchanged()
    for call in (s.power_list_first_approve, s.power_list_second_approve, s.power_list_publish):
        with pytest.raises(DomainError) as exc:
            call(actor=as_(people["leader"]), power_list=plist)
        assert exc.value.error_code == "power_list_wrong_status"
    before.check()
    s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    with pytest.raises(DomainError) as exc:
        s.power_list_first_return(actor=as_(people["leader"]), power_list=plist, reason=" ")
    assert exc.value.field == "reason"
    s.power_list_first_return(actor=as_(people["leader"]), power_list=plist, reason="设定依据不全")
    plist.refresh_from_db()
    assert plist.status == ListStatus.DRAFT and plist.return_reason == "设定依据不全"
    s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    s.power_list_second_return(
        actor=as_(people["gov_leader"]), power_list=plist, reason="请补充追责情形"
    )
    plist.refresh_from_db()
    assert plist.status == ListStatus.DRAFT and plist.first_reviewer is None


def test_empty_list_cannot_be_submitted(plist, people, unchanged):
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    assert exc.value.error_code == "power_list_empty"
    before.check()


def test_system_records_steps_of_named_people(plist, items, people):
    with pytest.raises(DomainError) as exc:
        s.power_list_submit(actor=SYSTEM, power_list=plist)
    assert exc.value.field == "by"
    s.power_list_submit(actor=SYSTEM, power_list=plist, by=people["clerk"])
    with pytest.raises(DomainError):
        s.power_list_first_approve(actor=SYSTEM, power_list=plist, by=people["clerk"])
    with pytest.raises(DomainError) as exc:  # a person acts in his or her own name only
        s.power_list_first_approve(
            actor=as_(people["leader"]), power_list=plist, by=people["leader2"]
        )
    assert exc.value.error_code == "by_not_actor"
    s.power_list_first_approve(actor=SYSTEM, power_list=plist, by=people["leader"])
    s.power_list_second_approve(actor=SYSTEM, power_list=plist, by=people["gov_leader"])
    version = s.power_list_publish(actor=SYSTEM, power_list=plist)
    assert version.published_by is None and version.published_by_name == "tests"


BAD_DECISIONS = [
    ({"decision": "abolish"}, "decision"),
    ({"decision": "cancel", "reason": ""}, "reason"),
    ({"decision": "cancel", "basis": ""}, "basis"),
    ({"decision": "delegate"}, "delegate_level"),
    ({"decision": "merge"}, "merge_into"),
    ({"decision": "transfer"}, "transfer_to"),
    ({"decision": "keep", "delegate_level": "township"}, "delegate_level"),
    ({"decision": "cancel", "merge_into": "cf2"}, "merge_into"),
    ({"decision": "merge", "merge_into": "cf1"}, "merge_into"),  # into itself
    ({"decision": "transfer", "transfer_to": "dept"}, "transfer_to"),  # to itself
]


@pytest.mark.parametrize(("kwargs", "field"), BAD_DECISIONS)
def test_bad_decisions(plist, items, org, unchanged, kwargs, field):
    kwargs = {"reason": "理由", "basis": "依据", **kwargs}
    for key in ("merge_into",):
        if key in kwargs:
            kwargs[key] = items[kwargs[key]]
    if "transfer_to" in kwargs:
        kwargs["transfer_to"] = org[kwargs["transfer_to"]]
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.decision_record(actor=SYSTEM, item=items["cf1"], **kwargs)
    assert exc.value.field == field
    before.check()


def test_decisions_delegate_transfer_and_replace(plist, items, org, people):
    d = s.decision_record(
        actor=SYSTEM,
        item=items["cf2"],
        decision="delegate",
        delegate_level="township",
        delegate_body=org["town"],
        reason="便民",
        basis="省政府令",
    )
    d2 = s.decision_record(
        actor=SYSTEM,
        item=items["cf2"],
        decision="transfer",
        transfer_to=org["other"],
        reason="职能调整",
        basis="三定方案",
    )
    assert d.pk == d2.pk and d2.delegate_level == "" and d2.transfer_to == org["other"]
    # a cancelled main item takes its sub-items with it
    s.decision_record(
        actor=SYSTEM, item=items["xk"], decision="cancel", reason="取消", basis="国务院决定"
    )
    s.power_list_submit(actor=SYSTEM, power_list=plist, by=people["clerk"])
    with pytest.raises(PermissionDeniedError):
        s.decision_record(
            actor=as_(people["clerk"]), item=items["cf1"], decision="keep", reason="r", basis="b"
        )
    s.power_list_first_approve(actor=SYSTEM, power_list=plist, by=people["leader"])
    s.power_list_second_approve(actor=SYSTEM, power_list=plist, by=people["gov_leader"])
    version = s.power_list_publish(actor=SYSTEM, power_list=plist)
    assert version.item_count == 1
    f = sel.version_figures(version)
    assert (f.declared, f.kept, f.cancelled, f.transferred, f.reduced) == (5, 1, 3, 1, 4)
    assert str(f.share_reduced) == "80.0"


def test_published_versions_are_immutable(plist, items, people):
    version = through(plist, people)
    item = PublishedItem.objects.filter(version=version).first()
    for statement in (
        lambda: PowerListVersion.objects.filter(pk=version.pk).update(item_count=99),
        lambda: PowerListVersion.objects.filter(pk=version.pk).delete(),
        lambda: PublishedItem.objects.filter(pk=item.pk).update(name="篡改"),
        lambda: PublishedItem.objects.filter(pk=item.pk).delete(),
    ):
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
            statement()
    version.refresh_from_db()
    assert version.item_count == 5
    # a DBA can switch the triggers off (only the demo reset does)
    with disabled(connection), transaction.atomic():
        PublishedItem.objects.filter(pk=item.pk).update(name="DBA")
        transaction.set_rollback(True)


def test_access_scoping(plist, items, people):
    version = through(plist, people)
    anonymous = type("Anon", (), {"is_authenticated": False, "is_active": False})()
    assert access.restrict(PublishedItem.objects.all(), anonymous).count() == 5
    assert access.restrict(PowerListVersion.objects.all(), anonymous).get() == version
    assert not access.restrict(PowerItem.objects.all(), anonymous).exists()
    assert access.restrict(PowerItem.objects.all(), people["clerk"]).count() == 5
    assert not access.restrict(PowerItem.objects.all(), people["other_clerk"]).exists()
    assert sel.power_lists(user=people["other_clerk"]).count() == 0
    assert sel.power_items(user=people["leader"], power_list=plist).count() == 5
