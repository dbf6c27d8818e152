"""Power lists (权力清单): types, items, details, review and publication, the import."""

from __future__ import annotations

from collections.abc import Callable

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _powers(name: str) -> Callable[[F], list[str]]:
    """Power lists: a draft list of the department with one main item (setup writes
    ``power.list_create`` and ``power.item_create``)."""

    def call(f: F) -> list[str]:
        from yangguang.accounts.models import User
        from yangguang.powers import services as s
        from yangguang.powers.models import PowerType

        sys_, tree = f["system"], f["tree"]
        setup = ["power.list_create", "power.item_create"]
        if name == "power_type_create":
            s.power_type_create(actor=sys_, code="BA", name="行政备案")
            return ["power.type_create"]
        if name == "power_type_update":
            s.power_type_update(
                actor=sys_, power_type=PowerType.objects.get(code="QT"), sort_order=1
            )
            return ["power.type_update"]
        plist = s.power_list_create(actor=sys_, organisation=tree["dept"])
        if name == "power_list_create":
            return ["power.list_create"]
        item = s.power_item_create(
            actor=sys_, power_list=plist, code="CF00001000", name="罚款", type="CF"
        )
        simple = {
            "power_item_create": lambda: None,
            "power_item_update": lambda: s.power_item_update(actor=sys_, item=item, name="x"),
            "power_item_delete": lambda: s.power_item_delete(actor=sys_, item=item),
            "legal_basis_add": lambda: s.legal_basis_add(actor=sys_, item=item, law="法"),
            "material_add": lambda: s.material_add(actor=sys_, item=item, name="申请书"),
            "fee_add": lambda: s.fee_add(
                actor=sys_, item=item, name="费", standard="0", basis="文"
            ),
            "responsibility_add": lambda: s.responsibility_add(
                actor=sys_, item=item, stage="filing", duty="立案"
            ),
            "accountability_add": lambda: s.accountability_add(
                actor=sys_, item=item, description="不作为"
            ),
            "benchmark_add": lambda: s.benchmark_add(
                actor=sys_, power=item, grade="slight", description="轻微", other_penalties="警告"
            ),
            "decision_record": lambda: s.decision_record(
                actor=sys_, item=item, decision="keep", reason="r", basis="b"
            ),
        }
        written = {
            "power_item_create": [],
            "power_item_update": ["power.item_update"],
            "power_item_delete": ["power.item_delete"],
            "decision_record": ["power.decision_record"],
        }
        if name in simple:
            simple[name]()
            return setup + written.get(name, ["power.child_add"])
        if name == "power_detail_delete":
            basis = s.legal_basis_add(actor=sys_, item=item, law="法")
            s.power_detail_delete(actor=sys_, detail=basis)
            return [*setup, "power.child_add", "power.child_delete"]

        def person(username: str, role: str, org) -> User:
            return User.objects.create_user(
                username, password=None, full_name=username, role=role, organisation=org
            )

        drafter = person("pw_drafter", "clerk", tree["dept"])
        first = person("pw_first", "leader", tree["dept"])
        second = person("pw_second", "leader", tree["gov"])
        steps = [
            (
                "power_list_submit",
                lambda: s.power_list_submit(actor=sys_, power_list=plist, by=drafter),
                "power.list_submit",
            ),
            (
                "power_list_first_return",
                lambda: s.power_list_first_return(
                    actor=sys_, power_list=plist, reason="退", by=first
                ),
                "power.first_return",
            ),
            (
                "power_list_first_approve",
                lambda: s.power_list_first_approve(actor=sys_, power_list=plist, by=first),
                "power.first_approve",
            ),
            (
                "power_list_second_return",
                lambda: s.power_list_second_return(
                    actor=sys_, power_list=plist, reason="退", by=second
                ),
                "power.second_return",
            ),
            (
                "power_list_second_approve",
                lambda: s.power_list_second_approve(actor=sys_, power_list=plist, by=second),
                "power.second_approve",
            ),
            (
                "power_list_publish",
                lambda: s.power_list_publish(actor=sys_, power_list=plist),
                "power.list_publish",
            ),
        ]
        path = {
            "power_list_submit": ["power_list_submit"],
            "power_list_first_return": ["power_list_submit", "power_list_first_return"],
            "power_list_first_approve": ["power_list_submit", "power_list_first_approve"],
            "power_list_second_return": [
                "power_list_submit",
                "power_list_first_approve",
                "power_list_second_return",
            ],
            "power_list_second_approve": [
                "power_list_submit",
                "power_list_first_approve",
                "power_list_second_approve",
            ],
            "power_list_publish": [
                "power_list_submit",
                "power_list_first_approve",
                "power_list_second_approve",
                "power_list_publish",
            ],
        }[name]
        out = list(setup)
        for step, run, code in steps:
            if step in path:
                run()
                out.append(code)
        return out

    return call


CALLS.update(
    {
        f"yangguang.powers.services.{n}": _powers(n)
        for n in (
            "power_type_create",
            "power_type_update",
            "power_list_create",
            "power_item_create",
            "power_item_update",
            "power_item_delete",
            "legal_basis_add",
            "material_add",
            "fee_add",
            "responsibility_add",
            "accountability_add",
            "benchmark_add",
            "power_detail_delete",
            "decision_record",
            "power_list_submit",
            "power_list_first_approve",
            "power_list_first_return",
            "power_list_second_approve",
            "power_list_second_return",
            "power_list_publish",
        )
    }
)


def _powers_import(f: F) -> list[str]:
    """The Excel import service: one new item and one changed item (setup writes
    ``power.list_create`` and ``power.item_create``)."""
    from yangguang.powers import services as s
    from yangguang.powers.excel.apply import ItemRow

    sys_, tree = f["system"], f["tree"]
    plist = s.power_list_create(actor=sys_, organisation=tree["dept"])
    s.power_item_create(actor=sys_, power_list=plist, code="CF00001000", name="罚款", type="CF")
    rows = [
        ItemRow(row=1, code="CF00001000", name="罚款(改)", type_code="CF"),
        ItemRow(
            row=2, code="XK00001000", name="许可", type_code="XK", legal_bases=[("法", "", "")]
        ),
    ]
    s.power_items_import(actor=sys_, power_list=plist, rows=rows)
    s.power_items_import(actor=sys_, power_list=plist, rows=rows)  # again: nothing written
    return ["power.list_create", "power.item_create", "power.item_create", "power.item_update"]


CALLS["yangguang.powers.services.power_items_import"] = _powers_import


def _powers_code_format(f: F) -> list[str]:
    """An organisation's own code scheme: set on a list it makes (``power.list_create``),
    set again to the same (nothing written), then back to the deployment's."""
    from yangguang.powers import services as s

    sys_, tree = f["system"], f["tree"]
    template = "{type}-HW-{main:03d}[-{sub:02d}]"
    s.power_list_code_format_set(actor=sys_, organisation=tree["dept"], code_format=template)
    s.power_list_code_format_set(actor=sys_, organisation=tree["dept"], code_format=template)
    s.power_list_code_format_set(actor=sys_, organisation=tree["dept"], code_format="")
    return ["power.list_create", "power.code_format_set", "power.code_format_set"]


CALLS["yangguang.powers.services.power_list_code_format_set"] = _powers_code_format
