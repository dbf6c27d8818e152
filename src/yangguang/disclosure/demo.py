"""Load the demo county's disclosure items, information requests and complaints through
the services (``yangguang.demo.data.disclosure``), in every status. Called by the demo
loader once the organisations and accounts exist."""

from __future__ import annotations

import contextlib
import datetime

from django.utils import timezone

from yangguang.core.context import Actor
from yangguang.demo.data import disclosure as data
from yangguang.disclosure import services as s
from yangguang.workdays.core import UnknownYearError

SYSTEM = Actor.system("demo")
REPLIES = {
    "founded": "经核查，情况属实，已督促整改。",
    "partly": "经核查，情况部分属实，已责成整改，其余反映事项查无实据。",
    "unfounded": "经核查，反映情况不属实，已向当事人说明。",
}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _actors(out, org_code: str) -> tuple[Actor, Actor]:
    """(clerk, leader): the demo loader acts as the system throughout (its trail shows
    one actor, "demo"); the people appear where a service records them (assignees)."""
    return SYSTEM, SYSTEM


def load(out) -> None:
    today = timezone.localdate()
    _items(out, today)
    _requests(out, today)
    _complaints(out, today)
    _readers(out, today)
    s.disclosure_alerts_raise(actor=SYSTEM, on=today)
    s.complaint_alerts_raise(actor=SYSTEM)  # open complaints already past their deadline


def _items(out, today: datetime.date) -> None:
    order = ["preparing", "in_review", "reviewed", "published", "feedback"]
    for org, category, title, schedule, when, step, published in data.ITEMS:
        clerk, lead = _actors(out, org)
        kwargs = {"period": when} if schedule == "quarterly" else {}
        if schedule != "quarterly":
            kwargs["due_date"] = today + datetime.timedelta(days=when)
        item = s.disclosure_item_create(
            actor=clerk, organisation=out.orgs[org], category=category, title=title,
            content=f"{title}。（演示数据）", schedule=schedule, **kwargs,
        )  # fmt: skip
        reached = order.index(step)
        if reached >= 1:
            item = s.disclosure_item_submit(actor=clerk, item=item)
        if reached >= 2:
            item = s.disclosure_item_review(actor=lead, item=item, approve=True, note="同意公开")
        if reached >= 3:
            on = min(item.due_date + datetime.timedelta(days=published), today)
            item = s.disclosure_item_publish(actor=clerk, item=item, on=on)
        if reached >= 4:
            s.disclosure_item_feedback(actor=clerk, item=item, feedback="公开后未收到异议。")


def _requests(out, today: datetime.date) -> None:
    for i, (org, subject, offset, outcome, extra) in enumerate(data.REQUESTS):
        clerk, lead = _actors(out, org)
        received = _at(today + datetime.timedelta(days=offset), 9 + i % 6)
        req, _code = s.info_request_submit(
            actor=SYSTEM, organisation=out.orgs[org], subject=subject,
            description=f"申请公开：{subject}。", requester_name=f"申请人{i + 1}",
            requester_contact=f"1360000{i:04d}", publish_consent=extra.get("consent", True),
            at=received,
        )  # fmt: skip
        answered = _at(min(today, (received + datetime.timedelta(days=12)).date()), 16)
        if outcome == "clarification":
            s.info_request_clarify(
                actor=clerk, request=req, question="请明确所指项目名称。", at=received
            )
            continue
        if extra.get("extended"):
            with contextlib.suppress(UnknownYearError):
                s.info_request_extend(actor=lead, request=req, reason="需协调多个部门汇总")
        if outcome == "received":
            continue
        if outcome == "withdrawn":
            s.info_request_withdraw(actor=clerk, request=req, note="申请人来电撤回")
            continue
        texts = {
            "answered_full": "所申请信息见附件明细表。",
            "answered_part": "部分信息属于过程性信息，不予公开；其余见附件。",
            "refused": "所申请信息涉及商业秘密和个人隐私，第三方不同意公开。",
            "not_held": "经检索，本机关未制作或获取该信息。",
        }
        s.info_request_answer(
            actor=clerk, request=req, outcome=outcome, answer=texts[outcome],
            refusal_ground=extra.get("ground", ""), at=answered,
        )  # fmt: skip


def _complaints(out, today: datetime.date) -> None:
    for org, kind, subject_kind, title, offset, status, extra in data.COMPLAINTS:
        clerk, lead = _actors(out, org)
        named = extra.get("named")
        complaint, _code = s.complaint_submit(
            actor=SYSTEM, kind=kind, subject_kind=subject_kind, organisation=out.orgs[org],
            title=title, content=f"{title}，请核查处理。（演示数据）",
            anonymous=named is None, name=named[0] if named else "",
            contact=named[1] if named else "", case_number=extra.get("case", ""),
            person_name=extra.get("person", ""),
            at=_at(today + datetime.timedelta(days=offset)),
        )  # fmt: skip
        if status == "received":
            continue
        if extra.get("commission"):
            # handled by the commission's own people, through the same checks as the office
            # pages: reports go to the commission, and nobody conflicted may handle them
            secretary, inspector = (out.users[u] for u in extra["commission"])
            lead, clerk = Actor.person(secretary), Actor.person(inspector)
        if status == "rejected":
            s.complaint_reject(actor=lead, complaint=complaint, reason="不属于投诉举报受理范围。")
            continue
        if kind == "report":  # a report is assigned within the commission
            assignee = out.users.get(extra.get("commission", ("", "inspector"))[1])
        else:
            assignee = out.users.get("czj.clerk") if org == "YGX-CZJ" else None
        if assignee is not None:
            complaint = s.complaint_assign(actor=lead, complaint=complaint, assignee=assignee)
        if status == "assigned":
            continue
        finding = extra.get("finding", "founded")
        complaint = s.complaint_reply(
            actor=clerk, complaint=complaint, reply=REPLIES[finding], finding=finding
        )
        if status == "closed":
            s.complaint_rate(actor=SYSTEM, complaint=complaint, satisfaction=extra["rating"])


def complaints_about_cases() -> None:
    """After the demo cases exist (called by their loader step): a founded and an
    unfounded complaint about two finished cases, replied now; the founded one counts
    against the case's department and responsible person in this quarter's scores."""
    from yangguang.cases.models import Case

    now = timezone.now()
    finished = Case.objects.filter(finished_at__isnull=False, finished_at__lt=now)
    finished = finished.select_related("organisation").order_by("-finished_at")
    # a case with a first responsible person (首问负责人) if any: the founded complaint
    # then counts against that person too
    chosen = list(finished.filter(responsible__isnull=False)[:2])
    chosen += list(finished.exclude(pk__in=[c.pk for c in chosen])[: 2 - len(chosen)])
    for finding, case in zip(("founded", "unfounded"), chosen, strict=False):
        received = max(case.finished_at, now - datetime.timedelta(days=5))
        complaint, _code = s.complaint_submit(
            actor=SYSTEM, kind="complaint", subject_kind="case", organisation=case.organisation,
            title="办件过程中多次被要求补交材料", content="同一材料被要求重复提交。（演示数据）",
            case_number=case.number, at=received,
        )  # fmt: skip
        s.complaint_reply(
            actor=SYSTEM, complaint=complaint, reply=REPLIES[finding], finding=finding
        )


def _readers(out, today: datetime.date) -> None:
    """The demo commission designates its inspector to read protected identities."""
    commission, inspector = out.orgs.get("YGX-JW"), out.users.get("inspector")
    if commission is None or inspector is None:
        return
    s.protected_reader_designate(
        actor=SYSTEM, commission=commission, user=inspector,
        reason="县纪委监委指定负责实名举报线索核查（演示数据）",
        valid_from=today - datetime.timedelta(days=30),
    )  # fmt: skip
