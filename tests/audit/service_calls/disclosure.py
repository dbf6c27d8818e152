"""Disclosure, information requests and complaints (issue 9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from yangguang.core.context import Actor

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


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
        if name.startswith("info_request") or name == "requester_read":
            req, _code = s.info_request_submit(
                actor=f["system"], organisation=dept, subject="专项资金", description="明细",
                requester_name="王五", requester_contact="138", publish_consent=True, at=at,
            )  # fmt: skip
            codes = ["disclosure.request_receive"]
            if name == "info_request_submit":
                return codes
            if name == "requester_read":
                s.requester_read(actor=clerk, request=req, reason="电话答复申请人")
                return [*codes, "audit.sensitive_read"]
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
            actor=f["system"], kind="report", subject_kind="person", organisation=dept,
            title="问题", content="内容", anonymous=False, name="张三", contact="139", at=at,
            person_name="clerk",
        )  # fmt: skip
        codes = ["complaints.submit"]
        # a report is handled by the commission over the department (its inspector)
        clerk = lead = inspector = Actor.person(f["users"]["inspector"])
        if name == "complaint_submit":
            return codes
        if name == "complaint_name_person":
            s.complaint_name_person(actor=inspector, complaint=complaint,
                                    user=f["users"]["org_admin"])  # fmt: skip
            return [*codes, "complaints.name_person"]
        if name == "complaint_route":
            from yangguang.orgs import services as orgs

            higher = orgs.organisation_create(
                actor=f["system"], code="C9", name="上级纪委监委", kind="commission",
                region=f["tree"]["region"], jurisdiction=f["tree"]["gov"],
            )  # fmt: skip
            s.complaint_route(actor=inspector, complaint=complaint, commission=higher,
                              reason="报上级")  # fmt: skip
            return [*codes, "org.create", "complaints.route"]
        if name == "complaints_recheck":
            from yangguang.orgs.models import RelativeDeclaration

            s.complaint_assign(actor=inspector, complaint=complaint,
                               assignee=f["users"]["inspector"])  # fmt: skip
            # a relationship already on file (made without the service, whose own
            # recheck would replace the handler at once)
            RelativeDeclaration.objects.create(
                person=f["users"]["inspector"], relative=f["users"]["clerk"],
                relation="spouse", declared_at=at,
            )  # fmt: skip
            s.complaints_recheck(actor=f["system"], user_ids=[f["users"]["inspector"].pk],
                                 trigger="test")  # fmt: skip
            return [*codes, "complaints.assign", "complaints.handler_replaced"]
        if name == "complaint_alerts_raise":
            s.complaint_alerts_raise(actor=f["system"], at=at + dt.timedelta(days=60))
            return [*codes, "complaints.alerts_raise"]
        if name == "complaint_add_info":
            s.complaint_add_info(actor=f["system"], complaint=complaint, text="补充")
            return [*codes, "complaints.add_info"]
        if name == "complaint_assign":
            s.complaint_assign(actor=lead, complaint=complaint, assignee=f["users"]["inspector"])
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


CALLS.update(
    {
        f"yangguang.disclosure.services.{n}": _disclosure(n)
        for n in (
            "complaint_add_info",
            "complaint_alerts_raise",
            "complaint_assign",
            "complaint_name_person",
            "complaint_rate",
            "complaint_reject",
            "complaint_reply",
            "complaint_route",
            "complaint_submit",
            "complaints_recheck",
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
            "requester_read",
        )
    }
)
