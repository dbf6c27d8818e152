"""How to call every public service in a test, and the exact audit actions it must write.

``test_every_service_audited.py`` discovers every public function of every
``yangguang.*.services`` module and fails for any that is missing here. To add yours: a
line ``"app.services.function": callable``; the callable gets the fixtures ``f`` (a dict:
``tree``, ``users``, ``system``) and returns the list of action codes the call must write,
in order (``[]`` for helpers that write nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from yangguang.core.context import Actor

TODAY = dt.date(2026, 1, 5)
F = dict[str, Any]


def _audit_record(f: F) -> list[str]:
    from audit_helpers import write

    write(1)
    return ["test.audit_write"]


def _audit_record_many(f: F) -> list[str]:
    from audit_helpers import TEST_WRITE
    from django.db import transaction

    from yangguang.audit.services import AuditRecord, audit_record_many

    with transaction.atomic():
        audit_record_many(
            actor=f["system"],
            records=[
                AuditRecord(TEST_WRITE, object_type="test.thing", object_id=i) for i in range(3)
            ],
        )
    return ["test.audit_write"] * 3


def _checkpoint(f: F) -> list[str]:
    from yangguang.audit.services import checkpoint_create

    checkpoint_create(actor=f["system"])
    return ["audit.checkpoint"]


def _sensitive(f: F) -> list[str]:
    from yangguang.audit.services import audit_read_sensitive

    audit_read_sensitive(
        actor=Actor.person(f["users"]["inspector"]), obj=f["tree"]["dept"], reason="核查"
    )
    return ["audit.sensitive_read"]


def _helpers(f: F) -> list[str]:
    from yangguang.audit.services import chain_hash, diff, snapshot

    chain_hash("0" * 64, b"x")
    diff({"a": 1}, {"a": 2})
    snapshot(f["tree"]["dept"], ["name"])
    return []


def _post(f: F):
    from yangguang.orgs.services import post_create

    return post_create(
        actor=f["system"], organisation=f["tree"]["dept"], code="P1", name="会计", risk_grade="low"
    )


def _holding(f: F):
    from yangguang.orgs.services import post_assign

    return post_assign(actor=f["system"], post=_post(f), user=f["users"]["clerk"], start=TODAY)


def _term(f: F, role: str = "principal"):
    from yangguang.orgs.services import leadership_appoint

    return leadership_appoint(
        actor=f["system"],
        organisation=f["tree"]["dept"],
        user=f["users"]["clerk"],
        role=role,
        title="局长" if role == "principal" else "副局长",
        start=TODAY,
    )


def _orgs(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.orgs import services as s

        sys_ = f["system"]
        tree = f["tree"]
        if name == "region_create":
            s.region_create(actor=sys_, code="450000", name="广西", level="province")
            return ["region.create"]
        if name == "organisation_create":
            s.organisation_create(
                actor=sys_,
                code="X9",
                name="新单位",
                kind="department",
                region=tree["region"],
                parent=tree["gov"],
            )
            return ["org.create"]
        if name == "organisation_update":
            s.organisation_update(actor=sys_, organisation=tree["dept"], name="改名后的财政局")
            return ["org.update"]
        if name == "post_create":
            _post(f)
            return ["post.create"]
        if name == "post_update":
            s.post_update(actor=sys_, post=_post(f), name="出纳")
            return ["post.create", "post.update"]
        if name == "post_assign":
            _holding(f)
            return ["post.create", "post.assign"]
        if name == "post_release":
            s.post_release(actor=sys_, holding=_holding(f), end=TODAY + dt.timedelta(days=30))
            return ["post.create", "post.assign", "post.release"]
        if name == "leadership_appoint":
            _term(f)
            return ["leadership.appoint"]
        if name == "leadership_end":
            s.leadership_end(actor=sys_, term=_term(f), end=TODAY + dt.timedelta(days=9))
            return ["leadership.appoint", "leadership.end"]
        if name == "valid_exemption":
            s.valid_exemption(_term(f), "finance", TODAY)
            return ["leadership.appoint"]
        if name == "charge_assign":
            s.charge_assign(
                actor=sys_, term=_term(f, "deputy"), area="other", label="后勤", since=TODAY
            )
            return ["leadership.appoint", "leadership.charge_assign"]
        if name == "charge_remove":
            charge = s.charge_assign(
                actor=sys_, term=_term(f, "deputy"), area="other", label="后勤", since=TODAY
            )
            s.charge_remove(actor=sys_, charge=charge)
            return ["leadership.appoint", "leadership.charge_assign", "leadership.charge_remove"]
        if name == "exemption_record":
            s.exemption_record(
                actor=sys_,
                term=_term(f),
                area="finance",
                reason="编制不足, 经批准",
                approver=f["users"]["sysadmin"],
                approved_on=TODAY,
            )
            return ["leadership.appoint", "leadership.exemption_record"]
        raise AssertionError(name)

    return call


def _accounts(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.accounts import services as s

        sys_, users, tree = f["system"], f["users"], f["tree"]
        clerk = users["clerk"]
        if name == "user_create":
            s.user_create(
                actor=sys_,
                username="new",
                full_name="新人",
                organisation=tree["dept"],
                role="clerk",
            )
            return ["account.create"]
        if name == "user_update":
            s.user_update(actor=sys_, user=clerk, full_name="改名")
            return ["account.update"]
        if name == "user_set_password":
            s.user_set_password(actor=sys_, user=clerk, password="a-long enough passphrase 42")
            return ["account.set_password"]
        if name == "user_deactivate":
            s.user_deactivate(actor=sys_, user=clerk)
            return ["account.deactivate"]
        if name == "api_token_create":
            s.api_token_create(actor=sys_, user=clerk, name="接口")
            return ["account.token_create"]
        if name == "api_token_revoke":
            token, _ = s.api_token_create(actor=sys_, user=clerk, name="接口")
            s.api_token_revoke(actor=sys_, token=token)
            return ["account.token_create", "account.token_revoke"]
        if name == "is_locked":
            s.is_locked(clerk)
            return []
        if name == "login_record_failure":
            s.login_record_failure(username=clerk.username, user=clerk)
            return ["account.login_failed"]
        if name == "login_record_success":
            s.login_record_success(user=clerk)
            return ["account.login"]
        if name == "login_record_logout":
            s.login_record_logout(user=clerk)
            return ["account.logout"]
        raise AssertionError(name)

    return call


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


SERVICE_CALLS: dict[str, Callable[[F], list[str]]] = {
    "yangguang.audit.services.audit_record": _audit_record,
    "yangguang.audit.services.audit_record_many": _audit_record_many,
    "yangguang.audit.services.checkpoint_create": _checkpoint,
    "yangguang.audit.services.audit_read_sensitive": _sensitive,
    "yangguang.audit.services.chain_hash": _helpers,
    "yangguang.audit.services.diff": _helpers,
    "yangguang.audit.services.snapshot": _helpers,
    **{
        f"yangguang.orgs.services.{n}": _orgs(n)
        for n in (
            "region_create",
            "organisation_create",
            "organisation_update",
            "post_create",
            "post_update",
            "post_assign",
            "post_release",
            "leadership_appoint",
            "leadership_end",
            "valid_exemption",
            "charge_assign",
            "charge_remove",
            "exemption_record",
        )
    },
    **{
        f"yangguang.accounts.services.{n}": _accounts(n)
        for n in (
            "user_create",
            "user_update",
            "user_set_password",
            "user_deactivate",
            "api_token_create",
            "api_token_revoke",
            "is_locked",
            "login_record_failure",
            "login_record_success",
            "login_record_logout",
        )
    },
    **{
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
    },
}


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


SERVICE_CALLS["yangguang.powers.services.power_items_import"] = _powers_import


# --- meetings (三重一大) ---------------------------------------------------------------------


def _meetings(name: str) -> Callable[[F], list[str]]:
    """A held meeting of the department (three members, the inspector observing) with one
    topic under discussion, built step by step; each step's action code is expected."""

    def call(f: F) -> list[str]:
        from yangguang.accounts.models import User
        from yangguang.meetings import services as s
        from yangguang.meetings.models import Vetting

        sys_, tree, users = f["system"], f["tree"], f["users"]
        dept = tree["dept"]
        when = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        out: list[str] = []

        def step(code: str, fn):
            result = fn()
            out.append(code)
            return result

        if name == "decision_rules_set":
            s.decision_rules_set(actor=sys_, organisation=dept, notice_days=3)
            return ["meetings.rules_set"]
        if name in ("matter_create", "matter_retire"):
            matter = s.matter_create(
                actor=sys_, organisation=dept, category="funds", name="大额", body="leadership"
            )
            if name == "matter_retire":
                s.matter_retire(actor=sys_, matter=matter)
                return ["meetings.matter_create", "meetings.matter_retire"]
            return ["meetings.matter_create"]
        if name == "veto_rule_create":
            s.veto_rule_create(actor=sys_, code="audit", name="经济责任审计中", effect="delay")
            return ["meetings.veto_rule_create"]
        if name in ("integrity_record_create", "integrity_record_end"):
            rec = s.integrity_record_create(
                actor=sys_, person=users["clerk"], kind="sanction", start=TODAY, source="处分决定"
            )
            if name == "integrity_record_end":
                s.integrity_record_end(actor=sys_, record=rec, end=TODAY)
                return ["meetings.integrity_create", "meetings.integrity_end"]
            return ["meetings.integrity_create"]
        if name in ("case_open", "case_close"):
            case = s.case_open(
                actor=sys_, organisation=dept, finding="notice_late:x", rule="notice_late",
                summary="议题未按时告知", persons=[users["clerk"]], opened_on=TODAY,
            )  # fmt: skip
            if name == "case_close":
                s.case_close(actor=sys_, case=case, conclusion="批评教育", closed_on=TODAY)
                return ["meetings.case_open", "meetings.case_close"]
            return ["meetings.case_open"]
        if name == "recorded_action_create":
            s.recorded_action_create(
                actor=sys_, kind="payment", organisation=dept, on=TODAY, reference="P1", amount=1
            )
            return ["meetings.recorded_action_create"]
        if name == "overdue_alerts_raise":
            if s.overdue_alerts_raise(actor=sys_, on=TODAY) != []:
                raise AssertionError("no task: no alert")
            out_of_setup: list[str] = []
        else:
            out_of_setup = []

        members = [
            User.objects.create_user(
                f"mt_{i}", password=None, full_name=f"成员{i}", role="leader", organisation=dept
            )
            for i in range(3)
        ]
        meeting = step(
            "meetings.meeting_create",
            lambda: s.meeting_create(
                actor=sys_, organisation=dept, body="party_committee", title="党组会议",
                convener=members[0], starts_at=when, members=members,
                observers=[users["inspector"]],
            ),
        )  # fmt: skip
        if name == "meeting_create":
            return out
        if name == "meeting_cancel":
            s.meeting_cancel(actor=sys_, meeting=meeting, reason="改期")
            return [*out, "meetings.meeting_cancel"]
        topic = step(
            "meetings.topic_add",
            lambda: s.topic_add(
                actor=sys_, meeting=meeting, title="任免", proposer=members[1],
                category="personnel", candidate=users["clerk"],
            ),
        )  # fmt: skip
        if name == "topic_add":
            return out
        if name == "material_attach":
            s.material_attach(actor=sys_, topic=topic, name="a.pdf", content=b"%PDF-1.4 x")
            return [*out, "meetings.material_attach"]
        step(
            "meetings.notice_send",
            lambda: s.notice_send(actor=sys_, topic=topic, sent_at=when - dt.timedelta(days=3)),
        )
        if name == "notice_send":
            return out
        vetting = step(
            "meetings.vetting_request", lambda: s.vetting_request(actor=sys_, topic=topic)
        )
        if name == "vetting_request":
            return out
        if name == "vetting_opinion_record":
            s.vetting_opinion_record(
                actor=sys_, vetting_row=Vetting.objects.get(pk=vetting.pk), opinion="clear",
                inspector=users["inspector"],
            )  # fmt: skip
            return [*out, "meetings.vetting_opinion"]
        step(
            "meetings.meeting_hold",
            lambda: s.meeting_hold(actor=sys_, meeting=meeting, held_at=when),
        )
        if name == "meeting_hold":
            return out
        if name == "recusal_record":
            s.recusal_record(actor=sys_, topic=topic, member=members[2], reason="亲属")
            return [*out, "meetings.recusal_record"]
        if name == "record_write":
            s.record_write(
                actor=sys_, meeting=meeting, kind="verbatim", text="记录", recorder=members[1]
            )
            return [*out, "meetings.record_write"]
        if name == "announcement_record":
            s.announcement_record(
                actor=sys_, meeting=meeting, announced_at=when + dt.timedelta(days=1),
                scope="全局干部", text="通报",
            )  # fmt: skip
            return [*out, "meetings.announcement_record"]
        if name.startswith("minutes_"):
            minutes = step(
                "meetings.minutes_create",
                lambda: s.minutes_create(actor=sys_, meeting=meeting, text="纪要"),
            )
            if name == "minutes_update":
                s.minutes_update(actor=sys_, minutes=minutes, text="纪要二")
                return [*out, "meetings.minutes_update"]
            if name == "minutes_create":
                return out
            step(
                "meetings.minutes_approve",
                lambda: s.minutes_approve(
                    actor=sys_, minutes=minutes, approver=members[0],
                    approved_at=when + dt.timedelta(days=1),
                ),
            )  # fmt: skip
            if name == "minutes_amend":
                s.minutes_amend(actor=sys_, minutes=minutes, text="修订", reason="笔误")
                return [*out, "meetings.minutes_amend"]
            return out
        step("meetings.topic_open", lambda: s.topic_open(actor=sys_, topic=topic))
        if name == "topic_open":
            return out
        for member in members[::-1]:
            step(
                "meetings.speech_record",
                lambda member=member: s.speech_record(
                    actor=sys_, topic=topic, member=member, summary="同意"
                ),
            )
            if name == "speech_record":
                return out
        for member in members:
            step(
                "meetings.vote_record",
                lambda member=member: s.vote_record(
                    actor=sys_, topic=topic, member=member, choice="agree"
                ),
            )
            if name == "vote_record":
                return out
        step(
            "meetings.topic_decide",
            lambda: s.topic_decide(
                actor=sys_, topic=topic, outcome="passed", decided_at=when + dt.timedelta(hours=1)
            ),
        )
        if name == "topic_decide":
            return out
        task = step(
            "meetings.task_assign",
            lambda: s.task_assign(
                actor=sys_, topic=topic, owner=members[1], description="办理", due=TODAY
            ),
        )
        if name == "task_assign":
            return out
        if name == "progress_record":
            s.progress_record(actor=sys_, task=task, on=TODAY, note="进行中")
            return [*out, "meetings.progress_record"]
        if name == "overdue_alerts_raise":
            s.overdue_alerts_raise(actor=sys_, on=TODAY + dt.timedelta(days=1))
            return [*out_of_setup, *out, "meetings.alerts_raise"]
        raise AssertionError(name)

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.meetings.services.{n}": _meetings(n)
        for n in (
            "announcement_record",
            "case_close",
            "case_open",
            "decision_rules_set",
            "integrity_record_create",
            "integrity_record_end",
            "material_attach",
            "matter_create",
            "matter_retire",
            "meeting_cancel",
            "meeting_create",
            "meeting_hold",
            "minutes_amend",
            "minutes_approve",
            "minutes_create",
            "minutes_update",
            "notice_send",
            "overdue_alerts_raise",
            "progress_record",
            "record_write",
            "recorded_action_create",
            "recusal_record",
            "speech_record",
            "task_assign",
            "topic_add",
            "topic_decide",
            "topic_open",
            "veto_rule_create",
            "vetting_opinion_record",
            "vetting_request",
            "vote_record",
        )
    }
)


def _flows(name: str) -> Callable[[F], list[str]]:
    """Flowcharts: a department's power with a basic draft chart (setup writes
    ``power.list_create``, ``power.item_create`` and ``flow.process_create``)."""

    def call(f: F) -> list[str]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from yangguang.accounts.models import User
        from yangguang.flows import services as s
        from yangguang.flows.bpmn import export_bpmn
        from yangguang.flows.compiled import from_db
        from yangguang.powers import services as ps

        sys_, tree = f["system"], f["tree"]
        plist = ps.power_list_create(actor=sys_, organisation=tree["dept"])
        power = ps.power_item_create(
            actor=sys_, power_list=plist, code="XK00001000", name="许可", type="XK"
        )
        setup = ["power.list_create", "power.item_create"]
        if name == "import_bpmn":
            p = s.process_create(actor=sys_, power=power, template="basic")
            for n in p.nodes.filter(kind="task"):
                n.lane = "岗"
                n.save()
            s.import_bpmn(actor=sys_, power=power, xml_bytes=export_bpmn(from_db(p)))
            return [*setup, "flow.process_create", "flow.process_import"]
        p = s.process_create(actor=sys_, power=power, template="basic")
        out = [*setup, "flow.process_create"]
        if name == "process_create":
            return out
        task = p.nodes.filter(kind="task").first()
        flow = task.outgoing.get()

        def risk():
            out.append("flow.risk_add")
            return s.risk_point_add(actor=sys_, node=task, description="风险", grade="B")

        def measure():
            r = risk()
            out.append("flow.measure_add")
            return s.measure_add(actor=sys_, risk_point=r, description="措施", owner="科长")

        def ready():
            for n in p.nodes.filter(kind="task"):
                s.step_update(actor=sys_, node=n, lane="窗口")
                out.append("flow.step_update")
            measure()

        if name == "process_update":
            s.process_update(actor=sys_, process=p, name="改名")
        elif name == "process_discard":
            s.process_discard(actor=sys_, process=p)
        elif name in ("process_publish", "process_new_version"):
            ready()
            s.process_publish(actor=sys_, process=p)
            out.append("flow.process_publish")
            if name == "process_new_version":
                s.process_new_version(actor=sys_, process=p)
        elif name == "step_insert":
            s.step_insert(actor=sys_, flow=flow, name="新环节", limit_days=1)
        elif name == "step_update":
            s.step_update(actor=sys_, node=task, limit_days=2)
        elif name == "step_delete":
            s.step_delete(actor=sys_, node=task)
        elif name == "step_move":
            s.step_move(actor=sys_, node=task, direction="down")
        elif name in ("branch_insert", "branch_add"):
            split, _ = s.branch_insert(
                actor=sys_, flow=flow, kind="parallel", branches=[{"name": "甲"}, {"name": "乙"}]
            )
            if name == "branch_add":
                out.append("flow.branch_insert")
                s.branch_add(actor=sys_, gateway=split, name="丙")
        elif name == "loop_insert":
            s.loop_insert(
                actor=sys_,
                flow=flow,
                back_to=task,
                name="补正",
                condition="缺",
                exit_condition="齐",
            )
        elif name == "flow_update":
            s.flow_update(actor=sys_, flow=flow, condition="x")
        elif name in ("sod_set", "sod_delete"):
            tasks = list(p.nodes.filter(kind="task"))[:2]
            g = s.sod_set(actor=sys_, process=p, tasks=tasks)
            if name == "sod_delete":
                out.append("flow.sod_set")
                s.sod_delete(actor=sys_, group=g)
        elif name == "risk_point_add":
            risk()
            return out
        elif name in ("risk_point_update", "risk_point_delete"):
            r = risk()
            if name == "risk_point_update":
                s.risk_point_update(actor=sys_, risk_point=r, grade="A")
            else:
                s.risk_point_delete(actor=sys_, risk_point=r)
        elif name == "measure_add":
            measure()
            return out
        elif name in ("measure_update", "measure_delete", "evidence_attach"):
            m = measure()
            if name == "measure_update":
                s.measure_update(actor=sys_, measure=m, status="done")
            elif name == "measure_delete":
                s.measure_delete(actor=sys_, measure=m)
            else:
                s.evidence_attach(
                    actor=sys_, measure=m, file=SimpleUploadedFile("e.pdf", b"%PDF-1.4")
                )
        elif name == "grade_override":
            s.grade_override(actor=sys_, process=p, grade="A", reason="重点领域")
        elif name in ("risk_review_advance", "risk_review_return"):
            measure()
            clerk = User.objects.create_user(
                "fl_clerk", password=None, full_name="c", role="clerk", organisation=tree["dept"]
            )
            lead = User.objects.create_user(
                "fl_lead", password=None, full_name="l", role="leader", organisation=tree["dept"]
            )
            for _ in range(3):
                s.risk_review_advance(actor=sys_, process=p, by=clerk)
            if name == "risk_review_advance":
                return [*out, *["flow.review_advance"] * 3]
            s.risk_review_return(actor=sys_, process=p, reason="不全", by=lead)
            return [*out, *["flow.review_advance"] * 3, "flow.review_return"]
        else:
            raise AssertionError(name)
        code = {
            "process_update": "process_update",
            "process_discard": "process_discard",
            "process_new_version": "process_new_version",
            "step_insert": "step_insert",
            "step_update": "step_update",
            "step_delete": "step_delete",
            "step_move": "step_move",
            "branch_insert": "branch_insert",
            "branch_add": "branch_add",
            "loop_insert": "loop_insert",
            "flow_update": "flow_update",
            "sod_set": "sod_set",
            "sod_delete": "sod_delete",
            "risk_point_update": "risk_update",
            "risk_point_delete": "risk_delete",
            "measure_update": "measure_update",
            "measure_delete": "measure_delete",
            "evidence_attach": "evidence_attach",
            "grade_override": "grade_override",
        }.get(name)
        return out + ([f"flow.{code}"] if code else [])

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.flows.services.{n}": _flows(n)
        for n in __import__("yangguang.flows.services", fromlist=["__all__"]).__all__
    }
)


# --- workdays (the working-day calendar) ------------------------------------------------


def _workdays(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.workdays import services as s

        sysadmin = Actor.person(f["users"]["sysadmin"])
        if name == "calendar_day_add":
            s.calendar_day_add(
                actor=sysadmin, date=dt.date(2027, 1, 1), kind="holiday", name="元旦"
            )
            return ["workdays.day_add"]
        if name == "calendar_day_remove":
            day = s.calendar_day_add(
                actor=sysadmin,
                date=dt.date(2026, 3, 2),
                kind="local_holiday",
                name="地方节日",
                organisation=f["tree"]["dept"],
            )
            s.calendar_day_remove(actor=sysadmin, day=day)
            return ["workdays.day_add", "workdays.day_remove"]
        if name == "calendar_year_complete":
            s.calendar_day_add(
                actor=sysadmin, date=dt.date(2027, 1, 1), kind="holiday", name="元旦"
            )
            s.calendar_year_complete(actor=sysadmin, year=2027)
            s.calendar_year_complete(actor=sysadmin, year=2027, complete=False)
            return ["workdays.day_add", "workdays.year_complete", "workdays.year_reopen"]
        raise AssertionError(name)

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.workdays.services.{n}": _workdays(n)
        for n in ("calendar_day_add", "calendar_day_remove", "calendar_year_complete")
    }
)


# --- conformance (checks of event logs) --------------------------------------------------


def _conformance(name: str) -> Callable[[F], list[str]]:
    """A published basic chart of a department's power; an inspector uploads a CSV log."""

    def call(f: F) -> list[str]:
        from yangguang.conformance import services as cs
        from yangguang.flows import services as s
        from yangguang.powers import services as ps

        sys_, tree = f["system"], f["tree"]
        plist = ps.power_list_create(actor=sys_, organisation=tree["dept"])
        power = ps.power_item_create(
            actor=sys_, power_list=plist, code="XK00009000", name="许可", type="XK"
        )
        p = s.process_create(actor=sys_, power=power, template="basic")
        out = ["power.list_create", "power.item_create", "flow.process_create"]
        for n in p.nodes.filter(kind="task"):
            s.step_update(actor=sys_, node=n, lane="窗口")
            out.append("flow.step_update")
        s.risk_point_add(
            actor=sys_, node=p.nodes.filter(kind="task").first(), description="风险", grade="B"
        )
        s.measure_add(
            actor=sys_, risk_point=p.nodes.filter(kind="task").first().risk_points.get(),
            description="措施", owner="科长",
        )  # fmt: skip
        p = s.process_publish(actor=sys_, process=p)
        out += ["flow.risk_add", "flow.measure_add", "flow.process_publish"]
        inspector = Actor.person(f["users"]["inspector"])
        csv = "case_id,activity,timestamp,resource\nC1,受理,2026-01-05T09:00,张三\n".encode()
        run = cs.conformance_run_start(actor=inspector, process=p, log_name="a.csv", data=csv)
        out.append("conformance.run_start")
        if name == "conformance_run_execute":
            cs.conformance_run_execute(actor=inspector, run=run)
            out.append("conformance.run_finish")
        return out

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.conformance.services.{n}": _conformance(n)
        for n in ("conformance_run_start", "conformance_run_execute")
    }
)


# --- cases (办件 and electronic supervision) ----------------------------------------------


def _cases_world(f: F) -> tuple[list[str], Any]:
    """A published power of the department on the registration flowchart (受理 → 审核 →
    确认登记); the clerk holds both posts."""
    from pathlib import Path

    from yangguang.flows import services as fs
    from yangguang.orgs import services as orgs
    from yangguang.powers import services as ps

    sys_, dept, clerk = f["system"], f["tree"]["dept"], f["users"]["clerk"]
    out = []
    for code, name in (("W", "窗口受理岗"), ("B", "业务科室")):
        post = orgs.post_create(
            actor=sys_, organisation=dept, code=code, name=name, risk_grade="low"
        )
        orgs.post_assign(actor=sys_, post=post, user=clerk, start=dt.date(2024, 1, 1))
        out += ["post.create", "post.assign"]
    plist = ps.power_list_create(actor=sys_, organisation=dept)
    power = ps.power_item_create(
        actor=sys_, power_list=plist, code="XK00007000", name="登记", type="XK"
    )
    bpmn = Path(__file__).resolve().parents[2] / "src/yangguang/flows/fixtures/registration.bpmn"
    p = fs.import_bpmn(actor=sys_, power=power, xml_bytes=bpmn.read_bytes())
    fs.process_publish(actor=sys_, process=p)
    out += ["power.list_create", "power.item_create", "flow.process_import"]
    out += ["flow.process_publish"]
    return out, power


def _cases(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from yangguang.cases import services as s
        from yangguang.cases.models import Alert, Step
        from yangguang.workdays.core import SHANGHAI

        out, power = _cases_world(f)
        clerk = Actor.person(f["users"]["clerk"])
        inspector = Actor.person(f["users"]["inspector"])
        dept = f["tree"]["dept"]
        t0 = dt.datetime(2026, 1, 5, 9, tzinfo=SHANGHAI)
        if name == "supervision_rule_set":
            s.supervision_rule_set(actor=inspector, organisation=dept, rule="yellow_card")
            return [*out, "cases.rule_set"]
        if name == "supervision_sweep":
            s.supervision_rule_set(
                actor=inspector, organisation=dept, rule="red_card", enabled=False
            )
            s.case_register(actor=clerk, power=power, applicant="张三", at=t0)
            s.supervision_rule_set(actor=inspector, organisation=dept, rule="red_card")
            s.supervision_sweep(actor=f["system"])
            return [*out, "cases.rule_set", "cases.register", "cases.rule_set", "cases.sweep"]
        if name in ("alert_confirm", "alert_dismiss"):
            s.supervision_rule_set(
                actor=inspector, organisation=dept, rule="red_card", automatic=False
            )
            case = s.case_register(actor=clerk, power=power, applicant="张三", at=t0)
            alert = Alert.objects.get(case=case, rule="red_card")
            if name == "alert_confirm":
                s.alert_confirm(actor=inspector, alert=alert)
            else:
                s.alert_dismiss(actor=inspector, alert=alert, reason="节假日调整")
            return [*out, "cases.rule_set", "cases.register", f"cases.{name}"]
        case = s.case_register(actor=clerk, power=power, applicant="张三", at=t0)
        out.append("cases.register")
        step = Step.objects.get(case=case, status="open")
        if name == "case_register":
            return out
        if name == "step_complete":
            s.step_complete(actor=clerk, step=step, at=t0)
            return [*out, "cases.step_complete"]
        if name == "case_finish":
            s.case_finish(actor=clerk, case=case, outcome="withdrawn")
            return [*out, "cases.finish"]
        if name == "document_attach":
            doc = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")
            s.document_attach(actor=clerk, step=step, file=doc)
            return [*out, "cases.document_attach"]
        if name == "fee_record":
            s.fee_record(actor=clerk, case=case, item="工本费", amount="10")
            return [*out, "cases.fee_record"]
        if name == "enquiry_receive":
            s.enquiry_receive(actor=clerk, organisation=dept, person="李四", subject="咨询")
            return [*out, "cases.enquiry_receive"]
        if name == "responsibility_handover":
            from yangguang.accounts.models import User

            other = User.objects.create_user(
                "clerk2", password=None, full_name="clerk2", role="clerk", organisation=dept
            )
            s.responsibility_handover(actor=clerk, case=case, to=other, reason="调岗")
            return [*out, "cases.handover"]
        alert = Alert.objects.filter(case=case, rule="red_card").get()
        if name == "alert_explain":
            s.alert_explain(actor=clerk, alert=alert, explanation="说明", correction="纠正")
            return [*out, "cases.alert_explain"]
        if name == "alert_close":
            s.alert_explain(actor=clerk, alert=alert, explanation="说明", correction="纠正")
            s.alert_close(actor=inspector, alert=alert, review="同意")
            return [*out, "cases.alert_explain", "cases.alert_close"]
        if name == "alert_escalate":
            s.alert_escalate(actor=inspector, alert=alert, review="问责")
            return [*out, "meetings.case_open", "cases.alert_escalate"]
        raise AssertionError(name)

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.cases.services.{n}": _cases(n)
        for n in __import__("yangguang.cases.services", fromlist=["__all__"]).__all__
    }
)


# --- disclosure, information requests, complaints (issue 9) -----------------------------


def _disclosure(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.disclosure import services as s

        sh = dt.timezone(dt.timedelta(hours=8))
        at = dt.datetime(2026, 3, 2, 10, tzinfo=sh)
        clerk = Actor.person(f["users"]["clerk"])
        lead = Actor.person(f["users"]["org_admin"])
        dept = f["tree"]["dept"]
        if name in ("quarterly_due", "request_deadline"):
            s.quarterly_due("2026Q1")
            return []
        if name.startswith("disclosure_item") or name == "disclosure_alerts_raise":
            item = s.disclosure_item_create(
                actor=clerk, organisation=dept, category="budget", title="预算", content="x",
                due_date=dt.date(2026, 3, 1),
            )  # fmt: skip
            codes = ["disclosure.item_create"]
            if name == "disclosure_alerts_raise":
                s.disclosure_alerts_raise(actor=f["system"], on=dt.date(2026, 3, 2))
                return [*codes, "disclosure.alerts_raise"]
            if name == "disclosure_item_create":
                return codes
            item = s.disclosure_item_submit(actor=clerk, item=item)
            codes.append("disclosure.item_submit")
            if name == "disclosure_item_submit":
                return codes
            item = s.disclosure_item_review(actor=lead, item=item, approve=True)
            codes.append("disclosure.item_review")
            if name == "disclosure_item_review":
                return codes
            item = s.disclosure_item_publish(actor=clerk, item=item)
            codes.append("disclosure.item_publish")
            if name == "disclosure_item_publish":
                return codes
            s.disclosure_item_feedback(actor=clerk, item=item, feedback="无异议")
            return [*codes, "disclosure.item_feedback"]
        if name.startswith("info_request"):
            req = s.info_request_submit(
                actor=f["system"], organisation=dept, subject="专项资金", description="明细",
                requester_name="王五", requester_contact="138", at=at,
            )  # fmt: skip
            codes = ["disclosure.request_receive"]
            if name == "info_request_submit":
                return codes
            if name in ("info_request_clarify", "info_request_resume"):
                req = s.info_request_clarify(actor=clerk, request=req, question="年份?", at=at)
                codes.append("disclosure.request_clarify")
                if name == "info_request_resume":
                    s.info_request_resume(actor=clerk, request=req, at=at + dt.timedelta(days=2))
                    codes.append("disclosure.request_resume")
                return codes
            if name == "info_request_extend":
                s.info_request_extend(actor=lead, request=req, reason="汇总")
                return [*codes, "disclosure.request_extend"]
            if name == "info_request_answer":
                s.info_request_answer(
                    actor=clerk, request=req, outcome="answered_full", answer="见附表",
                    at=at + dt.timedelta(days=3),
                )  # fmt: skip
                return [*codes, "disclosure.request_answer"]
            s.info_request_withdraw(actor=clerk, request=req)
            return [*codes, "disclosure.request_withdraw"]
        complaint, _code = s.complaint_submit(
            actor=f["system"], kind="report", subject_kind="department", organisation=dept,
            title="问题", content="内容", anonymous=False, name="张三", contact="139", at=at,
        )  # fmt: skip
        codes = ["complaints.submit"]
        if name == "complaint_submit":
            return codes
        if name == "complaint_add_info":
            s.complaint_add_info(actor=f["system"], complaint=complaint, text="补充")
            return [*codes, "complaints.add_info"]
        if name == "complaint_assign":
            s.complaint_assign(actor=lead, complaint=complaint, assignee=f["users"]["clerk"])
            return [*codes, "complaints.assign"]
        if name == "complaint_reject":
            s.complaint_reject(actor=clerk, complaint=complaint, reason="不属于受理范围")
            return [*codes, "complaints.reject"]
        if name in ("reporter_identity_read", "protected_reader_designate",
                    "protected_reader_revoke"):  # fmt: skip
            admin = Actor.person(f["users"]["sysadmin"])
            reader = s.protected_reader_designate(
                actor=admin, commission=f["tree"]["commission"], user=f["users"]["inspector"],
                reason="指定核查",
            )  # fmt: skip
            codes.append("complaints.reader_designate")
            if name == "protected_reader_revoke":
                s.protected_reader_revoke(actor=admin, designation=reader, reason="调岗")
                return [*codes, "complaints.reader_revoke"]
            if name == "reporter_identity_read":
                inspector = Actor.person(f["users"]["inspector"])
                s.reporter_identity_read(actor=inspector, complaint=complaint, reason="核查")
                codes.append("audit.sensitive_read")
            return codes
        complaint = s.complaint_reply(
            actor=clerk, complaint=complaint, reply="已整改", finding="founded"
        )
        codes.append("complaints.reply")
        if name == "complaint_rate":
            s.complaint_rate(actor=f["system"], complaint=complaint, satisfaction="satisfied")
            codes.append("complaints.rate")
        return codes

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.disclosure.services.{n}": _disclosure(n)
        for n in (
            "complaint_add_info",
            "complaint_assign",
            "complaint_rate",
            "complaint_reject",
            "complaint_reply",
            "complaint_submit",
            "disclosure_alerts_raise",
            "disclosure_item_create",
            "disclosure_item_feedback",
            "disclosure_item_publish",
            "disclosure_item_review",
            "disclosure_item_submit",
            "info_request_answer",
            "info_request_clarify",
            "info_request_extend",
            "info_request_resume",
            "info_request_submit",
            "info_request_withdraw",
            "protected_reader_designate",
            "protected_reader_revoke",
            "quarterly_due",
            "reporter_identity_read",
            "request_deadline",
        )
    }
)


def _cases_ingest(f: F) -> list[str]:
    """One create event through the integration service: the case's own entry, then the
    batch's."""
    from yangguang.cases import services as s
    from yangguang.workdays.core import SHANGHAI

    out, _power = _cases_world(f)
    at = dt.datetime(2026, 1, 5, 9, tzinfo=SHANGHAI).isoformat()
    event = {"id": "1", "type": "create", "case": "E-1", "power": "XK00007000",
             "applicant": "张三", "at": at}  # fmt: skip
    (r,) = s.events_ingest(actor=Actor.person(f["users"]["clerk"]), source="t", events=[event])
    assert r["status"] == "accepted", r
    return [*out, "cases.register", "cases.ingest"]


SERVICE_CALLS["yangguang.cases.services.events_ingest"] = _cases_ingest


def _cases_scores(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.cases import services as s
        from yangguang.cases.models import Alert
        from yangguang.workdays.core import SHANGHAI

        inspector = Actor.person(f["users"]["inspector"])
        items = [{"category": "时效", "kind": "alert_red", "points": -10}]
        s.score_sheet_set(actor=inspector, organisation=f["tree"]["dept"], name="绩效", items=items)
        if name == "score_sheet_set":
            return ["cases.score_sheet_set"]
        out, power = _cases_world(f)
        clerk = Actor.person(f["users"]["clerk"])
        t0 = dt.datetime(2026, 1, 5, 9, tzinfo=SHANGHAI)
        case = s.case_register(actor=clerk, power=power, applicant="张三", at=t0)
        alert = Alert.objects.filter(case=case, rule="red_card").get()
        appeal = s.score_appeal_file(actor=clerk, alert=alert, reason="系统故障")
        codes = ["cases.score_sheet_set", *out, "cases.register", "cases.score_appeal_file"]
        if name == "score_appeal_file":
            return codes
        s.score_appeal_decide(actor=inspector, appeal=appeal, upheld=True, decision="属实")
        return [*codes, "cases.score_appeal_decide"]

    return call


SERVICE_CALLS.update(
    {
        f"yangguang.cases.services.{n}": _cases_scores(n)
        for n in ("score_sheet_set", "score_appeal_file", "score_appeal_decide")
    }
)
