"""Items and their details: the services, every bad input (nothing half-written), and
who may edit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.powers import services as s
from yangguang.powers.models import (
    DiscretionBenchmark,
    LegalBasis,
    PowerItem,
    PowerType,
)

from .helpers import SYSTEM, as_


def last_action() -> str:
    return AuditEntry.objects.order_by("-seq").values_list("action", flat=True).first()


def test_items_and_details(items, plist, org):
    xk = items["xk"]
    assert (xk.main, xk.sub, xk.parent) == (1, 0, None)
    assert (items["sub1"].main, items["sub1"].sub, items["sub1"].parent) == (1, 1, xk)
    assert xk.implementing_body == org["dept"]
    assert items["cf2"].type.code == "CF"  # by name
    basis = s.legal_basis_add(
        actor=SYSTEM,
        item=xk,
        law="《中华人民共和国食品安全法》",
        article="第三十五条",
        text="国家对食品生产经营实行许可制度。",
    )
    assert basis.sort_order == 1 and last_action() == "power.child_add"
    s.material_add(actor=SYSTEM, item=xk, name="食品经营许可申请书", copies=1, source="申请人自备")
    s.fee_add(actor=SYSTEM, item=xk, name="工本费", standard="不收费", basis="财税〔2015〕102号")
    s.responsibility_add(actor=SYSTEM, item=xk, stage="acceptance", duty="依法受理或不予受理")
    s.accountability_add(
        actor=SYSTEM,
        item=xk,
        description="对符合条件的申请不予受理",
        basis="《行政许可法》第七十二条",
    )
    bench = s.benchmark_add(
        actor=SYSTEM,
        power=items["cf1"],
        grade="ordinary",
        description="货值金额一万元以下",
        fine_min="50000",
        fine_max=100000,
    )
    assert bench.fine_min == Decimal("50000.00")
    assert xk.legal_bases.count() == xk.materials.count() == xk.fees.count() == 1
    updated = s.power_item_update(
        actor=SYSTEM, item=xk, name="食品经营许可(含仅销售预包装食品备案)"
    )
    assert updated.name.startswith("食品经营许可(") and last_action() == "power.item_update"
    s.power_detail_delete(actor=SYSTEM, detail=basis)
    assert not LegalBasis.objects.exists() and last_action() == "power.child_delete"
    s.power_item_delete(actor=SYSTEM, item=items["sub2"])
    assert not PowerItem.objects.filter(code="XK00001002").exists()


BAD_ITEMS = [
    ({"code": "XK00009000", "type": "ZZ"}, "type", "power_type_unknown"),
    ({"code": "XK9", "type": "XK"}, "code", "power_code_invalid"),
    ({"code": "xk00009000", "type": "XK"}, "code", "power_code_invalid"),
    ({"code": "CF00009000", "type": "XK"}, "code", "power_code_type_mismatch"),
    ({"code": "XK00001000", "type": "XK"}, "code", "power_code_duplicate"),
    ({"code": "XK00009001", "type": "XK"}, "parent", "sub_item_without_main"),
    (
        {
            "code": "XK00009000",
            "type": "XK",
            "statutory_limit": 0,
            "statutory_unit": "working_days",
        },
        "statutory_limit",
        "time_limit_not_positive",
    ),
    (
        {"code": "XK00009000", "type": "XK", "promised_limit": -3, "promised_unit": "months"},
        "promised_limit",
        "time_limit_not_positive",
    ),
    (
        {"code": "XK00009000", "type": "XK", "statutory_limit": 5},
        "statutory_unit",
        "time_limit_unit_invalid",
    ),
    (
        {"code": "XK00009000", "type": "XK", "statutory_unit": "months"},
        "statutory_limit",
        "time_limit_missing",
    ),
    ({"code": "XK00009000", "type": "XK", "name": "  "}, "name", "required"),
    ({"code": "XK00009000", "type": "XK", "level": "galaxy"}, "level", "level_unknown"),
    ({"code": "XK00009000", "type": "XK", "bogus": 1}, "bogus", "field_not_updatable"),
]


@pytest.mark.parametrize(("kwargs", "field", "code"), BAD_ITEMS)
def test_bad_items_are_refused_and_nothing_is_written(items, plist, unchanged, kwargs, field, code):
    kwargs = {"name": "某事项", **kwargs}
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.power_item_create(actor=SYSTEM, power_list=plist, **kwargs)
    assert (exc.value.field, exc.value.error_code) == (field, code)
    assert "(" in str(exc.value)  # Chinese first, English in brackets
    before.check()


def test_sub_item_rules(items, plist, org, unchanged):
    before = unchanged()
    cases = [
        # main item of another main-item number
        ({"code": "XK00002001", "parent": items["xk"]}, "sub_item_main_mismatch"),
        # a sub-item as the main item
        ({"code": "XK00001009", "parent": items["sub1"]}, "sub_item_main_mismatch"),
        # a main item with a parent
        ({"code": "XK00003000", "parent": items["xk"]}, "main_item_with_parent"),
        # a post of another organisation
        ({"code": "XK00003000", "responsible_post": org["other_post"]}, "responsible_post_foreign"),
    ]
    for kwargs, code in cases:
        with pytest.raises(DomainError) as exc:
            s.power_item_create(actor=SYSTEM, power_list=plist, name="x", type="XK", **kwargs)
        assert exc.value.error_code == code, kwargs
    before.check()


def test_inactive_type_is_refused(plist, people):
    jl = PowerType.objects.get(code="JL")
    s.power_type_update(actor=as_(people["sysadmin"]), power_type=jl, active=False)
    with pytest.raises(DomainError) as exc:
        s.power_item_create(
            actor=SYSTEM, power_list=plist, code="JL00001000", name="奖励", type="JL"
        )
    assert exc.value.error_code == "power_type_inactive"


def test_power_types_are_configurable(people):
    t = s.power_type_create(
        actor=as_(people["sysadmin"]), code="BA", name="行政备案", sort_order=120
    )
    assert last_action() == "power.type_create" and t.active
    with pytest.raises(PermissionDeniedError):
        s.power_type_create(actor=as_(people["org_admin"]), code="FX", name="非行政许可")
    with pytest.raises(DomainError) as exc:
        s.power_type_create(actor=SYSTEM, code="fx", name="非行政许可")
    assert exc.value.field == "code"
    with pytest.raises(DomainError):
        s.power_type_create(actor=SYSTEM, code="XK", name="重复")


def test_update_and_delete_rules(items, unchanged):
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.power_item_update(actor=SYSTEM, item=items["xk"], code="XK00005000")
    assert exc.value.error_code == "main_item_code_locked"
    with pytest.raises(DomainError) as exc:
        s.power_item_update(
            actor=SYSTEM, item=items["cf1"], statutory_limit=0, statutory_unit="months"
        )
    assert exc.value.error_code == "time_limit_not_positive"
    with pytest.raises(DomainError) as exc:
        s.power_item_update(actor=SYSTEM, item=items["cf1"], code="CF00002000")
    assert exc.value.error_code == "power_code_duplicate"
    with pytest.raises(DomainError) as exc:
        s.power_item_update(actor=SYSTEM, item=items["cf1"], power_list=None)
    assert exc.value.error_code == "field_not_updatable"
    with pytest.raises(DomainError) as exc:
        s.power_item_delete(actor=SYSTEM, item=items["xk"])
    assert exc.value.error_code == "main_item_has_sub_items"
    before.check()


BAD_DETAILS = [
    (s.legal_basis_add, {"law": " "}, "law"),
    (s.material_add, {"name": "申请书", "copies": 0}, "copies"),
    (s.material_add, {"name": ""}, "name"),
    (s.material_add, {"name": "申请书", "form": "papyrus"}, "form"),
    (s.fee_add, {"name": "工本费", "standard": "10元", "basis": ""}, "basis"),
    (s.responsibility_add, {"stage": "nowhere", "duty": "x"}, "stage"),
    (s.responsibility_add, {"stage": "filing", "duty": ""}, "duty"),
    (s.accountability_add, {"description": ""}, "description"),
]


@pytest.mark.parametrize(("service", "kwargs", "field"), BAD_DETAILS)
def test_bad_details(items, unchanged, service, kwargs, field):
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        service(actor=SYSTEM, item=items["xk"], **kwargs)
    assert exc.value.field == field
    before.check()


BAD_BENCHMARKS = [
    ({"grade": "ordinary", "fine_min": 1, "fine_max": 2}, "xk", "benchmark_not_penalty"),
    ({"grade": "medium", "fine_min": 1, "fine_max": 2}, "cf1", "grade_unknown"),
    ({"grade": "ordinary", "fine_min": 5, "fine_max": 2}, "cf1", "fine_range_inverted"),
    ({"grade": "ordinary", "fine_min": -5, "fine_max": 2}, "cf1", "amount_invalid"),
    ({"grade": "ordinary", "fine_min": "abc", "fine_max": 2}, "cf1", "amount_invalid"),
    ({"grade": "ordinary", "fine_min": 5}, "cf1", "fine_range_incomplete"),
    ({"grade": "ordinary"}, "cf1", "benchmark_no_penalty"),
    ({"grade": "slight", "fine_min": 0, "fine_max": 1}, "cf1", "benchmark_duplicate"),
]


@pytest.mark.parametrize(("kwargs", "item", "code"), BAD_BENCHMARKS)
def test_bad_benchmarks(items, unchanged, kwargs, item, code):
    s.benchmark_add(
        actor=SYSTEM,
        power=items["cf1"],
        grade="slight",
        description="首次轻微",
        other_penalties="警告",
    )
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.benchmark_add(actor=SYSTEM, power=items[item], description="情形", **kwargs)
    assert exc.value.error_code == code
    before.check()


def test_who_may_edit(plist, items, people, unchanged):
    s.power_item_create(
        actor=as_(people["clerk"]),
        power_list=plist,
        code="JC00001000",
        name="食品安全监督检查",
        type="JC",
    )
    s.power_item_create(
        actor=as_(people["org_admin"]),
        power_list=plist,
        code="JC00002000",
        name="特种设备检查",
        type="JC",
    )
    before = unchanged()
    for who in ("leader", "other_clerk", "inspector", "gov_leader"):
        with pytest.raises(PermissionDeniedError):
            s.power_item_create(
                actor=as_(people[who]), power_list=plist, code="JC00003000", name="x", type="JC"
            )
        with pytest.raises(PermissionDeniedError):
            s.legal_basis_add(actor=as_(people[who]), item=items["xk"], law="法")
    with pytest.raises(PermissionDeniedError):
        s.power_list_create(actor=as_(people["other_clerk"]), organisation=plist.organisation)
    before.check()


def test_one_list_per_organisation(plist, unchanged):
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        s.power_list_create(actor=SYSTEM, organisation=plist.organisation)
    assert exc.value.error_code == "power_list_exists"
    before.check()


def test_database_constraints_back_the_services(items):
    # a sub-item without a main item, a non-positive time limit: refused by the database too
    with pytest.raises(IntegrityError), transaction.atomic():
        PowerItem.objects.filter(pk=items["sub1"].pk).update(parent=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        PowerItem.objects.filter(pk=items["xk"].pk).update(statutory_limit=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscretionBenchmark.objects.create(
            power=items["cf1"], grade="grave", description="x", fine_min=10, fine_max=5
        )
