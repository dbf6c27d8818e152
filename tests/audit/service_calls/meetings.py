"""Collective decisions (三重一大)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ._common import TODAY, F

CALLS: dict[str, Callable[[F], list[str]]] = {}


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


CALLS.update(
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
