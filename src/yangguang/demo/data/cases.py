"""Demo loader step: cases (办件) over the last two quarters on the demo county's
published flowcharts, through the case services with times in the past (``at=``), each
applied under ``replaying(at)`` so the supervision engine judges them as it would have
then (not every intermediate state by today's clock): most finished in time, some
late (yellow and red cards at finishing or at the closing sweep), some still open. A
share arrives as events of an outside approval system through ``events_ingest``,
among them one step by a person who did an incompatible step of the same case: the
separation-of-duty breach the integration API refuses. At the 决定 step of a penalty
case the grade and fine are recorded, checked against the discretion benchmark; a few
fines above it carry their written reason and raise the commission's finding
(``benchmark_deviation``). Deterministic (seeded).

``CASES`` sets how many (``YANGGUANG_DEMO_CASES`` overrides it, for a faster demo)."""

from __future__ import annotations

import datetime
import logging
import os
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from yangguang.cases import penalty
from yangguang.cases import services as cs
from yangguang.cases.common import engine_of, replaying
from yangguang.cases.models import Case, Step, StepStatus
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.flows.models import ProcessModel, ProcessStatus
from yangguang.orgs.models import PostHolding
from yangguang.workdays.core import SHANGHAI

if TYPE_CHECKING:
    from yangguang.demo.loader import Loaded

ACTOR = Actor.system("demo")
SOURCE = "市政务服务一体化平台（演示）"
CASES = int(os.environ.get("YANGGUANG_DEMO_CASES", "300"))
DAYS = 182  # two quarters
IMPORTED_EVERY = 6  # one case in six arrives through the integration API
LATE_SHARE = 0.15
STALLED_SHARE = 0.06
MAX_STEPS = 14
APPLICANTS = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞")
log = logging.getLogger(__name__)


@dataclass
class CasesLoaded:
    registered: int = 0
    imported_events: int = 0
    rejected: list[dict] = field(default_factory=list)
    finished: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # direct steps tried, by code
    stuck: int = 0  # steps nobody could do
    sweep: dict[str, int] = field(default_factory=dict)


def _holders(day: datetime.date) -> dict[int, list]:
    out: dict[int, list] = {}
    rows = PostHolding.objects.filter(start__lte=day).exclude(end__lt=day).select_related("user")
    for h in rows.order_by("post_id", "user_id"):
        out.setdefault(h.post_id, []).append(h.user)
    return out


def _choices(engine, task: str, rng: random.Random) -> list[str]:
    """A branch at each exclusive gateway after ``task``: mostly the first (or default)
    one, sometimes another (补正 loops, on-site checks)."""
    picked = []
    for decision in engine.decisions(task):
        options = list(decision.options)
        default = [f for f in options if f.default]
        first = default[0] if default else options[0]
        picked.append(first.id if rng.random() < 0.8 else rng.choice(options).id)
    return picked


def _conflicted(case: Case, step: Step, compiled, person) -> bool:
    """Whether ``person`` did another task of a separation group ``step`` is in."""
    tasks = {t for g in compiled.sod_groups if step.node_key in g.tasks for t in g.tasks}
    tasks.discard(step.node_key)
    return (
        bool(tasks)
        and Step.objects.filter(
            case=case, node_key__in=tasks, completed_by=person, status=StepStatus.DONE
        ).exists()
    )


#: one penalty decision in this many fines above its benchmark, with the written reason
DEVIATE_EVERY = 7
DEVIATION_REASON = "当事人两年内因同类违法行为受过处罚, 经案件审理委员会集体讨论决定从重处罚"


class _Run:
    def __init__(self, out: CasesLoaded, now: datetime.datetime, holders) -> None:
        self.out, self.now, self.holders = out, now, holders
        self.breach_done = False
        self.powers = penalty.Powers()
        self.penalties = 0

    def fine(self, case: Case, step: Step) -> dict:
        """At the 决定 step of a penalty case, the grade and fine decided: a grade by
        turns, a fine inside its benchmark (the middle of the range; the lower bound
        where it is not broken down; none where the grade carries no fine), and one in
        ``DEVIATE_EVERY`` above it with the written reason (the commission's finding)."""
        if not penalty.is_decision_step(step):
            return {}
        if not penalty.is_penalty(self.powers.get(case.power_id)):
            return {}
        marks = self.powers.in_force(case.power_id).benchmarks
        if not marks:
            return {}
        self.penalties += 1
        mark = marks[case.pk % len(marks)]
        low, high = mark.fine_min, mark.fine_max
        if low is None:
            amount = Decimal(0)
        elif not mark.quantified:
            amount = low
        else:
            amount = ((low + high) / 2).quantize(Decimal(100))
        if self.penalties % DEVIATE_EVERY:
            return {"grade": mark.grade, "amount": str(amount)}
        above = Decimal(2000) if high is None else (high * Decimal("1.2")).quantize(Decimal(1))
        return {"grade": mark.grade, "amount": str(above), "deviation_reason": DEVIATION_REASON}

    def push(self, event: dict) -> dict:
        with replaying(datetime.datetime.fromisoformat(event["at"])):
            (result,) = cs.events_ingest(actor=ACTOR, source=SOURCE, events=[event])
        self.out.imported_events += 1
        if result["status"] == "rejected":
            self.out.rejected.append(result)
        return result

    def step(
        self, case: Case, step: Step, by, at, choices, imported: bool, seq: list, fine: dict
    ) -> bool:
        if not imported:
            try:
                with replaying(at):
                    cs.step_complete(actor=ACTOR, step=step, by=by, at=at, choices=choices, **fine)
            except DomainError as exc:
                self.out.refused[exc.error_code] = self.out.refused.get(exc.error_code, 0) + 1
                return False
            return True
        seq[0] += 1
        event = {
            "id": f"{case.external_id}-{seq[0]}", "type": "step", "case": case.external_id,
            "task": step.node_key, "by": by.username, "at": at.isoformat(), "choices": choices,
            **fine,
        }  # fmt: skip
        return self.push(event)["status"] == "accepted"

    def breach(self, case: Case, step: Step, compiled, at, seq: list) -> None:
        """Once: the step pushed as done by the person who did an incompatible one."""
        for group in compiled.sod_groups:
            if step.node_key not in group.tasks:
                continue
            other = (
                Step.objects.filter(case=case, node_key__in=group.tasks, status=StepStatus.DONE)
                .exclude(node_key=step.node_key)
                .select_related("completed_by")
                .first()
            )
            if other and other.completed_by in self.holders.get(step.post_id, []):
                seq[0] += 1
                self.push({
                    "id": f"{case.external_id}-{seq[0]}", "type": "step",
                    "case": case.external_id, "task": step.node_key,
                    "by": other.completed_by.username, "at": at.isoformat(),
                })  # fmt: skip
                self.breach_done = True
                return

    def case(self, n: int, process: ProcessModel, rng: random.Random) -> None:
        compiled, engine = engine_of(process)
        start = self.now - datetime.timedelta(days=rng.uniform(1, DAYS), hours=rng.uniform(0, 8))
        start = start.astimezone(SHANGHAI).replace(hour=9) + datetime.timedelta(
            minutes=rng.randrange(0, 420)
        )
        if start >= self.now:
            return
        imported = n % IMPORTED_EVERY == 0
        late = rng.random() < LATE_SHARE
        stalled = rng.random() < STALLED_SHARE  # left lying after its first step
        applicant = rng.choice(APPLICANTS)
        external = f"ZW-{start:%Y%m%d}-{n:05d}"
        seq = [0]
        first = compiled.nodes[engine.initial().enabled[0]] if engine.initial().enabled else None
        window = self.holders.get(first.post_id, []) if first is not None else []
        receiver = window[n % len(window)] if window else None  # 首问负责: who took it in
        if imported:
            r = self.push({
                "id": f"{external}-0", "type": "create", "case": external,
                "power": process.power.code,
                "org": process.power.power_list.organisation.code,
                "applicant": applicant, "subject": process.power.name, "at": start.isoformat(),
                **({"received_by": receiver.username} if receiver else {}),
            })  # fmt: skip
            if r["status"] != "accepted":
                return
            case = Case.objects.get(external_id=external)
        else:
            with replaying(start):
                case = cs.case_register(
                    actor=ACTOR, power=process.power, applicant=applicant,
                    subject=process.power.name, at=start, received_by=receiver,
                )  # fmt: skip
        self.out.registered += 1
        at = start
        for done in range(MAX_STEPS):
            if stalled and done:
                return
            step = Step.objects.filter(case=case, status=StepStatus.OPEN).order_by("pk").first()
            if step is None:
                break
            hours = rng.uniform(48, 200) if late else rng.uniform(1, 30)
            at = at + datetime.timedelta(hours=hours)
            if at >= self.now - datetime.timedelta(minutes=5):
                return  # still open
            people = self.holders.get(step.post_id, [])
            if imported and not self.breach_done:
                self.breach(case, step, compiled, at, seq)
            choices = _choices(engine, step.node_key, rng)
            people = [p for p in people if not _conflicted(case, step, compiled, p)]
            # the post's own kind of holder first (a clerk's step by a clerk, though a
            # deputy director holds the post too; clerks first where the post names no
            # role), so that the leader is free for the decision
            wanted = step.post.holder_role if step.post_id else ""
            people.sort(key=lambda p: p.role != wanted if wanted else p.role == "leader")
            fine = self.fine(case, step)
            if not any(self.step(case, step, p, at, choices, imported, seq, fine) for p in people):
                self.out.stuck += 1
                return  # nobody may do it: left open (the sweep will see it)
        case.refresh_from_db()
        if case.marking:
            return
        at = at + datetime.timedelta(hours=rng.uniform(1, 20))
        if at >= self.now:
            return
        outcome = "approved" if rng.random() < 0.9 else "refused"
        reasons = "" if outcome == "approved" else "申请材料不符合法定条件"
        if imported:
            seq[0] += 1
            self.push({
                "id": f"{external}-{seq[0]}", "type": "finish", "case": external,
                "outcome": outcome, "reasons": reasons, "at": at.isoformat(),
            })  # fmt: skip
        else:
            with replaying(at):
                cs.case_finish(actor=ACTOR, case=case, outcome=outcome, reasons=reasons, at=at)
        self.out.finished += 1


#: the departments whose powers have runnable flowcharts: each gets a post for every lane
#: of its demo flowcharts (``demo.data.flows``), held by people of the role the lane needs,
#: before the flowcharts are built, so that every step of every chart names its post and
#: each power runs on its own chart (issue 16 point 15)
DEPARTMENTS = ("YGX-SCJGJ", "YGX-ZRZYJ", "YGX-ZJJ")
#: lane -> (the role its post needs, who holds it: the window clerk, the business-section
#: clerk, the deputy director (分管领导) or the director (主要负责人)). A clerk may hold
#: several posts (small departments): the separation of duties keeps one person from
#: doing two incompatible steps of a case.
LANES = {
    "窗口受理岗": ("clerk", ("window",)),
    "业务科室": ("clerk", ("section", "window")),
    "案件承办岗": ("clerk", ("window", "section")),
    "法制审核岗": ("clerk", ("section",)),
    "分管领导": ("leader", ("deputy",)),
    "主要负责人": ("leader", ("principal",)),
}
#: any other lane (规划许可岗, 资金监管岗; 街道(乡镇) or 质量检测机构 standing for the
#: outside body whose step the department records): a business-section clerk's post
OTHER_LANE = ("clerk", ("section",))


def _lanes(code: str) -> list[str]:
    """The lanes of the department's demo flowcharts, in their order of first use."""
    from yangguang.demo.data.flows import PROCESSES

    seen: dict[str, None] = {}

    def walk(steps) -> None:
        for step in steps:
            if step[0] == "t":
                seen.setdefault(step[2], None)
            elif step[0] == "xor":
                for _condition, branch in step[2]:
                    walk(branch)
            elif step[0] == "and":
                for branch in step[2]:
                    walk(branch)
            elif step[0] == "loop":
                seen.setdefault(step[4][1], None)

    for spec in PROCESSES:
        if spec["org"] == code:
            walk(spec["steps"])
    return list(seen)


#: a business-section clerk for each of these departments (besides the window clerk)
SECTION_CLERKS = {
    "YGX-SCJGJ": ("scjgj.keyuan", "蒋文涛"),
    "YGX-ZRZYJ": ("zrzyj.keyuan", "沈玉兰"),
    "YGX-ZJJ": ("zjj.keyuan", "韩志平"),
}


def lane_posts() -> None:
    """The lanes' posts of the demo departments and their holders (run before the
    flowcharts are built: ``demo.loader``)."""
    from yangguang.accounts.models import User
    from yangguang.accounts.services import user_create
    from yangguang.demo.data import county
    from yangguang.orgs import services as orgs
    from yangguang.orgs.models import Organisation, Post

    for code in DEPARTMENTS:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            continue
        dept = next(d for d in county.DEPARTMENTS if d["code"] == code)
        username, full_name = SECTION_CLERKS[code]
        people = {
            "section": User.objects.filter(username=username).first()
            or user_create(
                actor=ACTOR, username=username, full_name=full_name, organisation=org,
                role="clerk", password=county.PASSWORD,
            ),
            "window": User.objects.get(username=dept["clerk"][0]),
            "deputy": User.objects.get(username=dept["deputy"][0]),
            "principal": User.objects.get(username=dept["principal"][0]),
        }  # fmt: skip
        for n, lane in enumerate(_lanes(code)):
            role, holders = LANES.get(lane, OTHER_LANE)
            post = Post.objects.filter(organisation=org, name=lane).first()
            if post is None:
                post = orgs.post_create(
                    actor=ACTOR, organisation=org, code=f"BJ{n + 1}", name=lane,
                    risk_grade="low", holder_role=role,
                )  # fmt: skip
            for key in holders:
                holder = people[key]
                if not PostHolding.objects.filter(post=post, user=holder).exists():
                    orgs.post_assign(
                        actor=ACTOR, post=post, user=holder, start=datetime.date(2022, 3, 1)
                    )


# the county's scoring sheet (绩效测评): points per event, weighted; negative deducts;
# ``cap``: the most one item moves a score in a quarter; the floor is 0
SCORE_SHEET = [
    {"category": "办件时效", "weight": 1, "kind": "alert_warning", "points": -1, "cap": 10},
    {"category": "办件时效", "weight": 1, "kind": "alert_yellow", "points": -3, "cap": 15},
    {"category": "办件时效", "weight": 1, "kind": "alert_red", "points": -5, "cap": 20},
    {"category": "办件时效", "weight": "0.5", "kind": "step_late", "points": -2, "cap": 10},
    {"category": "问责", "weight": 1, "kind": "escalated", "points": -10, "cap": 30},
    {"category": "群众监督", "weight": 1, "kind": "complaint_founded", "points": -5, "cap": 20},
    {"category": "加分", "weight": 1, "kind": "case_on_time", "points": "0.1", "cap": 5},
]


def _score_sheet() -> None:
    """One county-wide scoring sheet, set on the county's root (县委): every organisation
    without a sheet of its own is scored by its nearest ancestor's, so every department,
    township and the county bodies themselves are scored by this one. Then complaints
    about two demo cases (one founded, one not: ``disclosure.demo.complaints_about_cases``),
    so that the scores page shows founded complaints against a department and a
    responsible person."""
    from yangguang.demo.data.county import ROOT_ORG
    from yangguang.orgs.models import Organisation

    county = Organisation.objects.filter(code=ROOT_ORG).first()
    if county is None:
        return
    cs.score_sheet_set(
        actor=ACTOR, organisation=county, name="阳光县全县绩效测评", items=SCORE_SHEET,
        floor=0,
    )  # fmt: skip
    from yangguang.disclosure import demo as demo_disclosure

    demo_disclosure.complaints_about_cases()


def load(loaded: Loaded | None = None) -> CasesLoaded:
    """Register and run the demo cases, then sweep once (live alerts on the dashboard)."""
    out = CasesLoaded()
    now = timezone.now()
    processes = list(
        ProcessModel.objects.filter(
            status=ProcessStatus.PUBLISHED, power__power_list__organisation__code__in=DEPARTMENTS
        )
        .select_related("power__power_list__organisation")
        .order_by("power_id", "-version")
    )
    latest = list({p.power_id: p for p in reversed(processes)}.values())
    if not latest:
        return out
    run = _Run(out, now, _holders(now.astimezone(SHANGHAI).date() - datetime.timedelta(DAYS)))
    rng = random.Random(2026)  # noqa: S311 - a reproducible demo, not a secret
    for n in range(CASES):
        run.case(n, latest[n % len(latest)], rng)
    out.sweep = cs.supervision_sweep(actor=ACTOR, now=now)
    _score_sheet()
    log.info(
        "demo cases: %s registered, %s finished, %s imported events (%s rejected), sweep %s",
        out.registered, out.finished, out.imported_events, len(out.rejected), out.sweep,
    )  # fmt: skip
    return out
