"""Case events applied in memory, one after the other, with the checks of a case event
written once: ``register``, ``complete_step`` and ``finish_case`` are what
``case_register``, ``step_complete`` and ``case_finish`` do (the services call them on a
world of one case), and ``apply`` reads a pushed event and calls them. An event is
checked completely before anything of it changes, so a rejected event leaves nothing
behind. ``write.py`` then stores what the accepted events changed with a few set-wise
statements.

The checks that belong to an event (a step done late, an acceptance done late, a late
or unreasoned finish, a deadline the calendar cannot give) are made at the event's own
time. The deadlines of a case are judged by the clock once, after its last event of the
batch (``write.sweep``), not after every event: a history sent in one batch is judged
as it ended, not by its intermediate states.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from yangguang.cases import alerts, penalty
from yangguang.cases.batch import errors, parse
from yangguang.cases.batch.world import UNSAVED, World
from yangguang.cases.common import (
    before_activation,
    case_late,
    compute_deadlines,
    engine_of,
    error,
    format_number,
    new_query_code,
    no_published_process,
    post_required,
    query_hash,
    require_open,
    sod_breach,
    steps_open,
    text,
)
from yangguang.cases.models import (
    Alert,
    Case,
    CaseStatus,
    Channel,
    Pause,
    Rule,
    Step,
    StepStatus,
)
from yangguang.cases.outcomes import OUTCOMES
from yangguang.core.errors import PermissionDeniedError
from yangguang.workdays.core import SHANGHAI


class Fallback(Exception):
    """The batch cannot be stored set-wise (a concurrent writer got there first): it is
    taken back and applied again, each event a batch of one."""


@dataclass
class Outcome:
    """What one accepted event did (its result is completed once the batch is stored)."""

    event_id: str
    kind: str
    case: Case
    at: datetime.datetime
    extra: dict[str, Any] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    audit: tuple | None = None  # (action, object, changes, extra) for the service's entry
    warning: str = ""
    stored_alerts: int = 0  # the alerts its idempotency row holds (stored event by event)


class Simulation(World):
    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.new_cases: list[Case] = []
        self.new_steps: list[Step] = []
        self.new_pauses: list[Pause] = []
        self.new_alerts: list[Alert] = []
        self.changed_cases: dict[int, Case] = {}
        self.changed_steps: dict[int, Step] = {}
        self.changed_pauses: dict[int, Pause] = {}
        self.changed_sequences: dict[int, Any] = {}
        self.new_penalties: list[Any] = []
        self.penalty_powers = penalty.Powers()
        self._seq = 0

    # --- bookkeeping ---------------------------------------------------------------------

    def _touch(self, case: Case) -> None:
        if not case._b_new:
            self.changed_cases[case.pk] = case

    def _touch_step(self, step: Step) -> None:
        if step.pk is not None:
            self.changed_steps[step.pk] = step

    @staticmethod
    def _key(obj) -> object:
        return obj.pk if obj.pk is not None else ("new", id(obj))

    def _raise(self, case: Case, rule: str, *, now, step: Step | None = None, **kw) -> str | None:
        """``alerts.raise_alert`` in memory: once per (case, scope, rule), if the rule is on."""
        s = self.rules.setting(rule, organisation_id=case.organisation_id, power_id=case.power_id)
        if not s.enabled:
            return None
        scope = "case" if step is None else (
            f"step:{step.pk}" if step.pk is not None else ("step", id(step))
        )  # fmt: skip
        key = (self._key(case), scope, rule)
        if key in self.alert_keys:
            return None
        self.alert_keys.add(key)
        self.new_alerts.append(alerts.new_alert(case, rule, s, now=now, step=step, **kw))
        return rule

    def _open(self, case: Case) -> list[Step]:
        steps = [s for s in case._b_steps if s.status == StepStatus.OPEN]
        steps.sort(key=lambda s: (s.activated_at, s._b_order))
        return steps

    def _activate(self, case: Case, compiled, tasks, at) -> list[Step]:
        if not tasks:
            return []
        last: dict[str, int] = {}
        for s in case._b_steps:
            if s.node_key in tasks and s.occurrence > last.get(s.node_key, 0):
                last[s.node_key] = s.occurrence
        rows = []
        for key in tasks:
            node = compiled.nodes[key]
            last[key] = last.get(key, 0) + 1
            self._seq += 1
            step = Step(
                case=case, organisation_id=case.organisation_id, node_key=key,
                name=node.label[:100], occurrence=last[key], post_id=node.post_id,
                pauses_clock=node.pauses_clock, activated_at=at, limit_days=node.limit or None,
                limit_unit=node.limit_unit,
            )  # fmt: skip
            step._b_order = UNSAVED + self._seq
            rows.append(step)
            case._b_steps.append(step)
            self.new_steps.append(step)
            if step.pauses_clock:
                pause = Pause(case=case, step=step, kind=step.name, begin=at)
                case._b_pauses.append(pause)
                self.new_pauses.append(pause)
        if any(r.pauses_clock for r in rows) and case.paused_since is None:
            case.paused_since = at
        return rows

    def _deadlines(self, case: Case, at, raised: list[str]) -> None:
        """Recompute the deadlines of the case and its open steps; unknown ones alert."""
        open_steps = self._open(case)
        closed = [(p.begin, p.end) for p in case._b_pauses if p.end is not None]
        unknown = compute_deadlines(case, open_steps, closed, self.calendar(case), self.rules)
        for step in open_steps:
            self._touch_step(step)
        for scope, row in unknown:
            step = row if scope == "step" else None
            rule = self._raise(case, Rule.DEADLINE_UNKNOWN, now=at, step=step)
            if rule:
                raised.append(rule)

    # --- finding things, with the services' messages ------------------------------------

    def person(self, ev: Mapping[str, Any], name: str = "by", required: bool = True):
        login = parse.field(ev, name, "办理人", required=required, limit=150)
        if not login:
            return None
        user = self.people.get(login)
        if user is None:
            raise errors.unknown_person(name, login)
        return user

    def find_case(self, ev: Mapping[str, Any]) -> Case:
        external = parse.field(ev, "case", "办件编号")
        found = [c for c in self.by_external.get(external, ()) if c._b_new or c.pk in self.in_scope]
        org = parse.field(ev, "org", "单位代码", required=False, limit=64)
        if org:
            found = [c for c in found if c.organisation.code == org]
        if not found:
            raise errors.unknown_case(external)
        if len(found) > 1:
            raise errors.ambiguous_case(external)
        return found[0]

    def open_step(self, case: Case, ev: Mapping[str, Any], *, pause: bool) -> Step:
        task = parse.field(ev, "task", "环节", required=not pause)
        qs = self._open(case)
        if pause:
            qs = [s for s in qs if s.pauses_clock]
        if task:
            hits = [s for s in qs if s.node_key == task] or [s for s in qs if s.name == task]
        else:
            hits = qs
        if hits:
            return hits[0]
        if pause:
            raise errors.not_paused(case.number)
        known = any(s.node_key == task or s.name == task for s in case._b_steps)
        compiled, _ = engine_of(case.process)
        raise errors.step_missing(task, in_model=errors.in_model(compiled, task), known=known)

    # --- the events ----------------------------------------------------------------------

    def apply(self, event_id: str, ev: Mapping[str, Any]) -> Outcome:
        """Apply one event in memory, or raise ``DomainError`` with nothing changed."""
        outcome = self._apply(event_id, ev)
        case = outcome.case
        outcome.warning = case.deadline_note if case.deadline_unknown else ""
        return outcome

    def _apply(self, event_id: str, ev: Mapping[str, Any]) -> Outcome:
        kind = parse.kind(ev)
        at = parse.when(ev)
        if kind == "create":
            return self.create(event_id, ev, at)
        case = self.find_case(ev)
        if kind == "finish":
            return self.finish(event_id, ev, at, case)
        if case.status != CaseStatus.OPEN:
            raise errors.case_closed(case.number)
        step = self.open_step(case, ev, pause=kind in ("pause", "resume"))
        if kind == "pause":
            since = case.paused_since.astimezone(datetime.UTC)  # as read back from the database
            extra = {"task": step.node_key, "paused_since": since.isoformat()}
            return Outcome(event_id, kind, case, at, extra)
        return self.complete(event_id, kind, ev, at, case, step)

    def create(self, event_id: str, ev: Mapping[str, Any], at) -> Outcome:
        external = parse.field(ev, "case", "办件编号")
        code = parse.field(ev, "power", "事项编码", limit=32)
        found = list(self.powers.get(code, ()))
        org_code = parse.field(ev, "org", "单位代码", required=False, limit=64)
        if org_code:
            found = [p for p in found if p.power_list.organisation.code == org_code]
        if not found:
            raise errors.unknown_power(code)
        if len(found) > 1:
            raise errors.ambiguous_power()
        power = found[0]
        applicant = text(parse.field(ev, "applicant", "申请人", limit=200), "applicant",
                         "申请人", limit=200)  # fmt: skip
        subject = parse.field(ev, "subject", "申请事项", required=False, limit=300)
        contact = parse.field(ev, "contact", "联系方式", required=False)
        received_by = self.person(ev, "received_by", required=False)
        choices = parse.choices(ev)
        return self.register(
            event_id, power, at=at, applicant=applicant, subject=subject, contact=contact,
            received_by=received_by, choices=choices, external_id=external,
        )  # fmt: skip

    def register(
        self, event_id: str, power, *, at, applicant: str, subject: str = "",
        contact: str = "", received_by=None, choices=(), external_id: str = "",
        channel: str = Channel.API,
    ) -> Outcome:  # fmt: skip
        """``case_register``'s checks and changes, once its input is read: the actor may
        operate on the power's organisation, the power has a published flowchart, the
        branches chosen at its start exist; the case gets the next number of the year."""
        org = power.power_list.organisation
        if external_id and any(
            c.organisation_id == org.pk for c in self.by_external.get(external_id, ())
        ):
            raise errors.case_exists(external_id)
        if not self.may_operate(org):
            raise PermissionDeniedError()
        process = self.published.get(power.pk)
        if process is None:
            raise no_published_process(power)
        compiled, engine = engine_of(process)
        fired = engine.initial(choices)
        year = at.astimezone(SHANGHAI).year
        seq = self.sequences.get((org.pk, year))
        if seq is None:  # not locked at the start (cannot happen: the same parse)
            raise Fallback()
        number = format_number(org, power, year, seq.last + 1)
        seq.last += 1
        self.changed_sequences[seq.pk] = seq
        responsible = received_by or self.actor.user
        code = new_query_code()
        case = Case(
            number=number, query_hash=query_hash(number, code), external_id=external_id,
            organisation=org, power=power, process=process, applicant=applicant,
            applicant_contact=contact, subject=subject, channel=channel, registered_at=at,
            registered_by=self.actor.user, responsible=responsible, marking=fired.marking,
            promised_limit=process.promised_limit, statutory_limit=process.statutory_limit,
        )  # fmt: skip
        case._b_steps, case._b_pauses, case._b_new = [], [], True
        case._b_code = code
        self.by_external[external_id].append(case)
        self.new_cases.append(case)
        steps = self._activate(case, compiled, fired.enabled, at)
        raised: list[str] = []
        self._deadlines(case, at, raised)
        extra = {
            "power": power.code, "process": process.pk, "version": process.version,
            "channel": str(channel), "at": at.isoformat(),
            "responsible": responsible.pk if responsible else None,
            "steps": [s.node_key for s in steps], "alerts": raised,
        }  # fmt: skip
        return Outcome(
            event_id,
            "create",
            case,
            at,
            {"query_code": code},
            raised,
            ("register", case, None, extra),
        )

    def complete(self, event_id, kind, ev, at, case: Case, step: Step) -> Outcome:
        by = self.person(ev)
        post = parse.field(ev, "post", "岗位代码", required=False, limit=32)
        step_post = self.posts.get(step.post_id) if step.post_id else None
        if post and (step_post is None or step_post.code != post):
            raise errors.wrong_post(step.name, step_post, post)
        choices = parse.choices(ev)
        note = parse.field(ev, "note", "意见", required=False, limit=4000)
        fine = penalty.input_of(ev)
        return self.complete_step(event_id, case, step, by=by, at=at, choices=choices, note=note,
                                  kind=kind, fine=fine)  # fmt: skip

    def complete_step(
        self, event_id: str, case: Case, step: Step, *, by, at, choices=(), note: str = "",
        kind: str = "step", fine: penalty.PenaltyInput | None = None,
    ) -> Outcome:  # fmt: skip
        """``step_complete``'s checks and changes for an open ``step`` of the open ``case``,
        in its order: the actor may operate, not before the step began, ``by`` held the
        step's post then, no separation of duties broken, a branch chosen at each
        exclusive gateway that follows, the grade and fine of a penalty decision (checked
        against the benchmark, a reason for a fine outside it: ``cases.penalty``). Then the
        late acceptance, the clock resumed after a pause task, the steps that follow
        opened, a step done late, a fine outside the benchmark."""
        choices = [c for c in choices if c]
        self.require_operate(case)
        if at < step.activated_at:
            raise before_activation()
        if step.post_id is None or not self.holds_post(by, step.post_id, at):
            raise post_required(by, step.name)
        compiled, engine = engine_of(case.process)
        sod_breach(compiled, step, by, case._b_steps)
        fired = engine.fire(case.marking, step.node_key, choices)
        decided, _check = penalty.decide(
            self.penalty_powers, case, step, fine or penalty.PenaltyInput(), by=by, at=at
        )
        # accepted: apply
        step.status = StepStatus.DONE
        step.completed_at, step.completed_by = at, by
        step.choice = ",".join(fired.chosen)[:300]
        step.note = note
        self._touch_step(step)
        self._touch(case)
        case.marking = fired.marking
        raised: list[str] = []
        if case.accepted_at is None:
            case.accepted_at = at
            if case.acceptance_deadline and at > case.acceptance_deadline:
                rule = self._raise(
                    case, Rule.ACCEPTANCE_LATE, now=at, deadline=case.acceptance_deadline
                )
                raised += [rule] if rule else []
        resumed = False
        if step.pauses_clock:
            for pause in case._b_pauses:
                if pause.step is step and pause.end is None:
                    pause.end = at
                    if pause.pk is not None:
                        self.changed_pauses[pause.pk] = pause
            if not any(p.end is None for p in case._b_pauses):
                case.paused_since = None
                resumed = True
        new = self._activate(case, compiled, fired.enabled, at)
        unknown: list[str] = []
        self._deadlines(case, at, unknown)
        if step.deadline and at > step.deadline and not case_late(case, at):
            rule = self._raise(
                case, Rule.STEP_LATE, now=at, step=step, deadline=step.deadline,
                limit_days=step.limit_days,
            )  # fmt: skip
            raised += [rule] if rule else []
        if decided is not None:
            self.new_penalties.append(decided)
            if not decided.within:
                rule = self._raise(
                    case, Rule.BENCHMARK_DEVIATION, now=at, step=step, amount=decided.amount,
                    standard=penalty.bound_crossed(decided),
                )  # fmt: skip
                raised += [rule] if rule else []
        raised += unknown
        extra = {
            "task": step.node_key, "occurrence": step.occurrence, "by": by.pk,
            "post": step.post_id, "at": at.isoformat(), "chosen": list(fired.chosen),
            "opened": [s.node_key for s in new], "ended": fired.ended, "resumed": resumed,
            "alerts": raised,
        }  # fmt: skip
        if decided is not None:
            extra["penalty"] = penalty.audit_extra(decided)
        out = {"task": step.node_key, "occurrence": step.occurrence}
        return Outcome(event_id, kind, case, at, out, raised, ("step", step, None, extra))

    def finish(self, event_id, ev, at, case: Case) -> Outcome:
        outcome = parse.field(ev, "outcome", "办结结果", limit=16)
        reasons = parse.field(ev, "reasons", "理由", required=False, limit=4000)
        return self.finish_case(event_id, case, outcome=outcome, reasons=reasons, at=at,
                                strict=False)  # fmt: skip

    def finish_case(
        self, event_id: str, case: Case, *, outcome: str, reasons: str, at, strict: bool
    ) -> Outcome:
        """``case_finish``'s checks and changes: a known outcome, reasons for a refusal
        (``strict``; otherwise its alert), the actor may operate, the case open, not
        before its registration, approved only at the flowchart's end; open steps are
        cancelled, a late finish gets its yellow or red card."""
        if outcome not in OUTCOMES:
            raise error("outcome", "outcome", "办结结果无效", "unknown outcome")
        reasons = (reasons or "").strip()
        if outcome == CaseStatus.REFUSED and not reasons and strict:
            raise errors.reasons_required()
        self.require_operate(case)
        require_open(case)
        if at < case.registered_at:
            raise error("before_registration", "at", "办结时间早于登记时间", "before registration")
        open_steps = self._open(case)
        if outcome == CaseStatus.APPROVED and case.marking:
            names = "、".join(s.name for s in open_steps)
            raise steps_open(names)
        for step in open_steps:
            step.status = StepStatus.CANCELLED
            self._touch_step(step)
        for pause in case._b_pauses:
            if pause.end is None:
                pause.end = at
                if pause.pk is not None:
                    self.changed_pauses[pause.pk] = pause
        raised: list[str] = []
        if case.promised_deadline and at > case.promised_deadline:
            rule = self._raise(
                case, Rule.YELLOW_CARD, now=at, deadline=case.promised_deadline,
                limit_days=case.promised_limit,
            )  # fmt: skip
            raised += [rule] if rule else []
        if case.statutory_deadline and at > case.statutory_deadline:
            rule = self._raise(
                case, Rule.RED_CARD, now=at, deadline=case.statutory_deadline,
                limit_days=case.statutory_limit,
            )  # fmt: skip
            raised += [rule] if rule else []
        if outcome == CaseStatus.REFUSED and not reasons:
            rule = self._raise(case, Rule.NO_REASONS, now=at)
            raised += [rule] if rule else []
        self._touch(case)
        case.status, case.reasons, case.finished_at = outcome, reasons, at
        case.finished_by = self.actor.user
        case.paused_since = None
        case.marking = {}
        extra = {
            "at": at.isoformat(), "reasons": reasons, "cancelled_steps": len(open_steps),
            "alerts": raised,
        }  # fmt: skip
        audit = ("finish", case, {"status": [CaseStatus.OPEN.value, outcome]}, extra)
        return Outcome(event_id, "finish", case, at, {"outcome": outcome}, raised, audit)
