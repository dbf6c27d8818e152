"""Cases (办件), electronic supervision, integration events and performance scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from yangguang.core.context import Actor

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


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
    bpmn = Path(__file__).resolve().parents[3] / "src/yangguang/flows/fixtures/registration.bpmn"
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
        if name in ("alert_confirm", "alert_withdraw", "alert_assign"):
            s.supervision_rule_set(
                actor=inspector, organisation=dept, rule="red_card", automatic=False
            )
            case = s.case_register(actor=clerk, power=power, applicant="张三", at=t0)
            alert = Alert.objects.get(case=case, rule="red_card")
            if name == "alert_confirm":
                s.alert_confirm(actor=inspector, alert=alert)
            elif name == "alert_assign":
                s.alert_assign(actor=inspector, alert=alert, assignee=f["users"]["inspector"])
            else:
                s.alert_withdraw(actor=inspector, alert=alert, reason="节假日调整")
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


CALLS.update(
    {
        f"yangguang.cases.services.{n}": _cases(n)
        for n in __import__("yangguang.cases.services", fromlist=["__all__"]).__all__
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


CALLS["yangguang.cases.services.events_ingest"] = _cases_ingest


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


CALLS.update(
    {
        f"yangguang.cases.services.{n}": _cases_scores(n)
        for n in ("score_sheet_set", "score_appeal_file", "score_appeal_decide")
    }
)
