"""Load a year of the demo county's collective decisions through the services, with the
deliberate breaches of ``yangguang.demo.data.meetings.BREACHES``. Called by the demo
loader after the organisations and accounts exist."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from yangguang.accounts.services import user_create
from yangguang.core.context import Actor
from yangguang.demo.data import county
from yangguang.demo.data import meetings as data
from yangguang.meetings import models as m
from yangguang.meetings import services as s

ACTOR = Actor.system("demo")
MONTHS = 12


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


class _Loader:
    def __init__(self, out) -> None:
        self.out = out
        self.users = out.users
        self.orgs = out.orgs
        self.today = timezone.localdate()
        self.candidates = list(data.CANDIDATES)
        self.matters: dict[tuple[str, str], m.CatalogueMatter] = {}
        self.per_year: dict[tuple[str, int], int] = {}

    def run(self) -> None:
        for username, full_name, org, role in data.USERS:
            self.users[username] = user_create(
                actor=ACTOR,
                username=username,
                full_name=full_name,
                organisation=self.orgs[org],
                role=role,
                password=county.PASSWORD,
            )
        for body in data.BODIES:
            org = self.orgs[body["org"]]
            if body.get("personnel_quorum"):
                s.decision_rules_set(
                    actor=ACTOR, organisation=org, personnel_quorum=body["personnel_quorum"]
                )
            for category, name in data.MATTERS:
                self.matters[(body["org"], category)] = s.matter_create(
                    actor=ACTOR,
                    organisation=org,
                    category=category,
                    name=name,
                    body=body["body"],
                    threshold=body["threshold"] if category == "funds" else None,
                )
        # the commission's integrity records: one candidate is under investigation
        s.integrity_record_create(
            actor=ACTOR,
            person=self.users["rsj.clerk"],
            kind="investigation",
            start=self.today - datetime.timedelta(days=200),
            source="县纪委监委立案决定书〔2026〕7号",
        )
        for body in data.BODIES:
            self.body(body)
        s.overdue_alerts_raise(actor=ACTOR, on=self.today)

    # --- one body's year ---------------------------------------------------------------

    def body(self, spec: dict) -> None:
        n_meetings = MONTHS // spec["every"]
        for i in range(n_meetings):
            months_ago = MONTHS - 1 - i * spec["every"]
            day = self.today - datetime.timedelta(days=30 * months_ago + 8 + (i % 3))
            self.meeting(spec, day, i, n_meetings)

    def meeting(self, spec: dict, day: datetime.date, i: int, n: int) -> None:
        org_code = spec["org"]
        org = self.orgs[org_code]
        principal = self.users[spec["principal"]]
        deputies = [self.users[u] for u in spec["members"]]
        observer = self.users[spec["observer"]] if spec["observer"] else None
        starts = _at(day, 9)
        nth = self.per_year[(org_code, day.year)] = self.per_year.get((org_code, day.year), 0) + 1
        meeting = s.meeting_create(
            actor=ACTOR,
            organisation=org,
            body=spec["body"],
            title=f"{spec['title']}（{day.year}年第{nth}次）",
            convener=principal,
            starts_at=starts,
            members=[principal, *deputies],
            observers=[observer] if observer else [],
            location="县行政中心会议室",
        )
        late = org_code == "YGX-ZF" and i == 3  # breach: notified the day before
        topics = []
        for k in range(2):
            category, title, share = data.TOPICS[(i * 2 + k) % len(data.TOPICS)]
            topics.append(self.topic(spec, meeting, category, title, share, late and k == 0))
        personnel = None
        if i % 4 == 1 or (org_code == "YGX-ZF" and i == 6) or (org_code == "YGX-XW" and i == 9):
            personnel = self.personnel_topic(spec, meeting, org_code, i)
            topics.append(personnel)
        absent = {}
        if org_code == "YGX-XW" and i == 9:  # breach: 4 of 7 present on a personnel topic
            absent = {self.users[u]: "外出学习" for u in ("zf.changwu", "xw.zuzhi", "xw.xuanchuan")}
        elif i % 5 == 2 and len(deputies) > 2:
            absent = {deputies[-1]: "公务出差"}
        meeting = s.meeting_hold(actor=ACTOR, meeting=meeting, held_at=starts, absent=absent)
        if org_code == "YGX-CZJ" and i == 2:  # breach: ad-hoc motion on a large spending
            topics.append(
                s.topic_add(
                    actor=ACTOR,
                    meeting=meeting,
                    title="关于追加办公用房维修改造资金的临时动议",
                    proposer=principal,
                    matter=self.matters[(org_code, "funds")],
                    amount=Decimal(spec["threshold"]) * 3,
                )
            )
        present = [u for u in [*deputies, principal] if u not in absent]
        for k, topic in enumerate(topics):
            order = [u for u in deputies if u in present] + [principal]
            if org_code == "YGX-XW" and i == 4 and k == 0:  # breach: secretary speaks 2nd
                order = [order[0], principal, *order[1:-1]]
            self.discuss(meeting, topic, order, present, starts + datetime.timedelta(hours=k + 1))
        # minutes: the year's next number, except one skipped (breach)
        number = None
        if org_code == "YGX-NYNCJ" and i == 3:
            last = (
                m.Minutes.objects.filter(organisation=org, year=starts.year)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            ) or 0
            number = last + 2
        minutes = s.minutes_create(
            actor=ACTOR,
            meeting=meeting,
            text="\n".join(
                f"{t.number}. {t.title}: {t.get_outcome_display().split(' ')[0]}。"
                for t in meeting.topics.order_by("number")
            ),
            number=number,
        )
        s.minutes_approve(
            actor=ACTOR,
            minutes=minutes,
            approver=principal,
            approved_at=starts + datetime.timedelta(days=1),
        )
        s.record_write(
            actor=ACTOR,
            meeting=meeting,
            kind="verbatim",
            text="会议记录（逐项记录发言与表决情况）。",
            recorder=deputies[0],
        )
        commission = observer or self.users["jw.shuji"]
        s.record_write(
            actor=ACTOR,
            meeting=meeting,
            kind="commission",
            text="纪委书记（派驻纪检组）参与重大事项决策会议记录：程序符合规定。",
            recorder=commission,
        )
        s.announcement_record(
            actor=ACTOR,
            meeting=meeting,
            announced_at=starts + datetime.timedelta(days=2),
            scope="本单位干部职工",
            text="会议决定事项已在内部通报。",
        )

    def topic(self, spec, meeting, category, title, share, late) -> m.Topic:
        org_code = spec["org"]
        amount = Decimal(spec["threshold"]) * Decimal(str(share)) if share else None
        topic = s.topic_add(
            actor=ACTOR,
            meeting=meeting,
            title=title,
            proposer=self.users[spec["members"][0]],
            matter=self.matters[(org_code, category)],
            amount=amount,
        )
        before = datetime.timedelta(days=1 if late else 3, hours=-6)
        s.notice_send(actor=ACTOR, topic=topic, sent_at=meeting.starts_at - before)
        return topic

    def personnel_topic(self, spec, meeting, org_code: str, i: int) -> m.Topic:
        if org_code == "YGX-ZF" and i == 6:
            candidate = self.users["rsj.clerk"]  # under investigation: the commission vetoes
        else:
            candidate = self.users[self.candidates[i % len(self.candidates)]]
            if candidate.username == "rsj.clerk":
                candidate = self.users["fgj.clerk"]
        topic = s.topic_add(
            actor=ACTOR,
            meeting=meeting,
            title=f"关于{candidate.full_name}同志职务任免的议题",
            proposer=self.users[spec["members"][0]],
            matter=self.matters[(org_code, "personnel")],
            candidate=candidate,
        )
        s.notice_send(
            actor=ACTOR, topic=topic, sent_at=meeting.starts_at - datetime.timedelta(days=3)
        )
        vetting_row = s.vetting_request(actor=ACTOR, topic=topic)
        veto = candidate.username == "rsj.clerk"
        s.vetting_opinion_record(
            actor=ACTOR,
            vetting_row=vetting_row,
            opinion="veto" if veto else "clear",
            note="拟任人选正在接受立案审查" if veto else "未发现影响使用的问题",
            inspector=self.users["inspector"],
            opined_at=meeting.starts_at - datetime.timedelta(days=1),
        )
        return topic

    def discuss(self, meeting, topic, order, present, decided_at) -> None:
        s.topic_open(
            actor=ACTOR, topic=topic, opened_at=decided_at - datetime.timedelta(minutes=50)
        )
        for user in order:
            s.speech_record(
                actor=ACTOR, topic=topic, member=user, summary=f"{user.full_name}：同意该方案。"
            )
        for user in present:
            s.vote_record(actor=ACTOR, topic=topic, member=user, choice="agree")
        public = topic.category in ("funds", "project")
        topic = s.topic_decide(
            actor=ACTOR,
            topic=topic,
            outcome="passed",
            public=public,
            public_summary=f"会议研究同意{topic.title.removeprefix('关于').removesuffix('的议题')}。"
            if public
            else "",
            decided_at=decided_at,
        )
        if topic.category in ("funds", "project") and not topic.ad_hoc:
            owner = self.users[
                meeting.members.filter(role="member").order_by("pk")[1].user.username
            ]
            held_on = timezone.localdate(meeting.held_at)
            due = held_on + datetime.timedelta(days=60)
            task = s.task_assign(
                actor=ACTOR, topic=topic, owner=owner, description="抓好落实", due=due
            )
            if due < self.today and topic.pk % 3:  # most are done; a few stay overdue
                s.progress_record(actor=ACTOR, task=task, on=due, note="已办结", done=True)
            else:
                s.progress_record(actor=ACTOR, task=task, on=held_on, note="已启动")
            if topic.category == "funds":
                s.recorded_action_create(
                    actor=ACTOR,
                    kind="payment",
                    organisation=meeting.organisation,
                    on=min(held_on + datetime.timedelta(days=10), self.today),
                    reference=f"ZF-{held_on:%Y%m%d}-{topic.number}",
                    amount=topic.amount,
                    description=topic.title,
                    decision=topic,
                )
        if (
            meeting.organisation.code == "YGX-ZJJ"
            and topic.number == 1
            and meeting.topics.count()
            and (not m.RecordedAction.objects.filter(reference="ZJJ-ZF-0001").exists())
        ):  # breach: a payment above the threshold with no decision behind it
            s.recorded_action_create(
                actor=ACTOR,
                kind="payment",
                organisation=meeting.organisation,
                on=timezone.localdate(meeting.held_at) + datetime.timedelta(days=5),
                reference="ZJJ-ZF-0001",
                amount=Decimal("2300000"),
                description="老旧小区改造工程进度款（未经集体研究）",
            )


def load(out) -> None:
    _Loader(out).run()
