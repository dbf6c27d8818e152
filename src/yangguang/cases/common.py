"""Shared helpers of the case services (not services themselves): permissions, time
checks, locking, the engine and calendar of a case, deadlines, query-code hashes."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from yangguang.cases import clock, rules
from yangguang.cases.engine import Engine
from yangguang.cases.models import Case, CaseStatus, Pause, Rule, Step, StepStatus
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.flows.compiled import CompiledProcess, from_db
from yangguang.flows.models import ProcessModel
from yangguang.workdays.selectors import current_calendar

#: the case number scheme (setting ``CASES_NUMBER_FORMAT``): ``org_code``, ``year``,
#: ``seq`` (per organisation and year, gap-free) and ``power_code`` may be used
DEFAULT_NUMBER_FORMAT = "{org_code}-{year}-{seq:06d}"

#: allowed clock skew for "not in the future" (seconds)
FUTURE_SKEW = datetime.timedelta(seconds=60)


def error(code: str, field: str | None, zh: str, en: str) -> DomainError:
    return DomainError(code=code, field=field, zh=zh, en=en)


def require(actor: Actor, action: access.Action, org) -> None:
    """The system may do anything; a person or API client needs ``action`` in ``org``."""
    if actor.kind == "system":
        return
    if actor.user is None or not access.can_in_org(actor.user, action, org):
        raise PermissionDeniedError()


_replay: ContextVar[datetime.datetime | None] = ContextVar("cases_replay", default=None)


@contextmanager
def replaying(at: datetime.datetime) -> Iterator[None]:
    """Apply case events as if the clock read ``at`` (histories loaded after the fact,
    the demo county's past two quarters): events are checked on arrival against that
    time, not against today's clock, so a case that was in time when each of its steps
    was done is not carded for intermediate states it left long ago. The audit trail
    keeps the real time of writing."""
    if at.tzinfo is None:
        raise error("naive_datetime", "at", "时间必须带时区", "the time must carry a time zone")
    token = _replay.set(min(at, timezone.now()))
    try:
        yield
    finally:
        _replay.reset(token)


def now() -> datetime.datetime:
    """The clock case events are judged by: now, or the time being replayed."""
    return _replay.get() or timezone.now()


def moment(value: datetime.datetime | None, field: str = "at") -> datetime.datetime:
    """``value`` (default now), aware and not in the future."""
    now = timezone.now()
    if value is None:
        return now
    if not isinstance(value, datetime.datetime):
        raise error("invalid_time", field, "时间格式无效", "not a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise error("naive_datetime", field, "时间必须带时区", "the time must carry a time zone")
    if value > now + FUTURE_SKEW:
        raise error("future_time", field, "时间不能晚于当前时间", "the time is in the future")
    return value


def text(value: str, field: str, zh_name: str, *, required: bool = True, limit: int = 0) -> str:
    value = (value or "").strip()
    if required and not value:
        raise error("required", field, f"{zh_name}必填", f"{field} is required")
    if limit and len(value) > limit:
        raise error("too_long", field, f"{zh_name}过长", f"{field} is too long (max {limit})")
    return value


def locked_case(case: Case | int) -> Case:
    """The case row, locked for the transaction (concurrent steps queue here)."""
    pk = case.pk if isinstance(case, Case) else case
    found = Case.objects.select_for_update().filter(pk=pk).order_by("pk").first()
    if found is None:
        raise error("unknown_case", "case", "办件不存在", "no such case")
    return found


def require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise error(
            "case_closed",
            "case",
            f"办件 {case.number} 已办结, 不能再办理",
            f"case {case.number} is finished and cannot be changed",
        )


@lru_cache(maxsize=256)
def _compiled(process_id: int, published_at: str) -> tuple[CompiledProcess, Engine]:
    compiled = from_db(ProcessModel.objects.get(pk=process_id), with_risks=False)
    return compiled, Engine(compiled)


def engine_of(process: ProcessModel) -> tuple[CompiledProcess, Engine]:
    """The compiled published process (frozen, so cached per version)."""
    return _compiled(process.pk, str(process.published_at))


def calendar_of(case: Case):
    return current_calendar(case.organisation)


def closed_pauses(case: Case) -> list[tuple[datetime.datetime, datetime.datetime]]:
    return [
        (p.begin, p.end) for p in Pause.objects.filter(case=case, end__isnull=False).order_by("pk")
    ]


CASE_DEADLINE_FIELDS = (
    "promised_deadline", "statutory_deadline", "warn_at", "acceptance_deadline",
    "deadline_unknown", "deadline_note", "deadline_provisional",
)  # fmt: skip
STEP_DEADLINE_FIELDS = ("deadline", "warn_at", "deadline_note", "deadline_provisional")


def compute_deadlines(
    case: Case, steps: list[Step], pauses, cal, settings=rules.LIVE
) -> list[tuple[str, object]]:
    """Set the deadlines of ``case`` and its open ``steps`` in memory (closed ``pauses``
    taken away; ``settings``: ``rules.LIVE`` or a batch's ``rules.Resolver``). Returns
    the unknown ones as ``(scope, row)`` (``"case"`` or ``"step"``) for alerts."""
    org, power = case.organisation_id, case.power_id
    unknown: list[tuple[str, object]] = []
    case_warn = settings.threshold(Rule.CASE_WARNING, organisation_id=org, power_id=power)
    accept_days = settings.threshold(Rule.ACCEPTANCE_LATE, organisation_id=org, power_id=power)
    promised = clock.due(cal, case.registered_at, case.promised_limit, pauses=pauses)
    statutory = clock.due(cal, case.registered_at, case.statutory_limit, pauses=pauses)
    nearest = case.promised_limit or case.statutory_limit
    warn = clock.due(cal, case.registered_at, nearest, pauses=pauses, warn_days=case_warn)
    case.promised_deadline = promised.deadline
    case.statutory_deadline = statutory.deadline
    case.warn_at = warn.warn_at if case_warn is not None else None
    if case.accepted_at is None and accept_days:
        acc = clock.due(cal, case.registered_at, accept_days, pauses=pauses)
        case.acceptance_deadline = acc.deadline
    else:
        acc = clock.Due(None, None)
        case.acceptance_deadline = None
    note = promised.unknown or statutory.unknown or warn.unknown or acc.unknown
    case.deadline_unknown = bool(note)
    case.deadline_note = note
    case.deadline_provisional = any(d.provisional for d in (promised, statutory, warn, acc))
    if note:
        unknown.append(("case", case))
    step_warn = settings.threshold(Rule.STEP_WARNING, organisation_id=org, power_id=power)
    for step in steps:
        own = [] if step.pauses_clock else pauses
        d = clock.due(
            cal, step.activated_at, step.limit_days, unit=step.limit_unit, pauses=own,
            warn_days=step_warn,
        )  # fmt: skip
        step.deadline, step.warn_at, step.deadline_note = d.deadline, d.warn_at, d.unknown
        step.deadline_provisional = d.provisional
        if d.unknown:
            unknown.append(("step", step))
    return unknown


def refresh_deadlines(case: Case, steps: list[Step] | None = None) -> list[tuple[str, object]]:
    """Recompute and store the deadlines of the case and its open steps (pauses taken
    away). Returns the unknown ones as ``(scope, row)`` for alerts."""
    if steps is None:
        steps = list(Step.objects.filter(case=case, status=StepStatus.OPEN))
    unknown = compute_deadlines(case, steps, closed_pauses(case), calendar_of(case))
    case.save(update_fields=list(CASE_DEADLINE_FIELDS))
    if steps:
        Step.objects.bulk_update(steps, list(STEP_DEADLINE_FIELDS))
    return [(f"step:{row.pk}" if scope == "step" else scope, row) for scope, row in unknown]


def format_number(org, power, year: int, seq: int) -> str:
    """A case number by the configured scheme (``settings.CASES_NUMBER_FORMAT``)."""
    fmt = getattr(settings, "CASES_NUMBER_FORMAT", DEFAULT_NUMBER_FORMAT)
    try:
        return fmt.format(org_code=org.code, year=year, seq=seq, power_code=power.code)
    except (KeyError, IndexError, ValueError) as exc:
        raise error(
            "number_format",
            None,
            f"办件编号格式配置错误: {exc}",
            f"the case number format (CASES_NUMBER_FORMAT) is wrong: {exc}",
        ) from None


def sod_breach(compiled: CompiledProcess, step: Step, user, steps: Iterable[Step]) -> None:
    """Refuse ``user`` doing ``step`` when they did another task of one of its separation
    groups in the case (``steps``: the case's steps, in the order they were opened)."""
    for group in compiled.sod_groups:
        if step.node_key not in group.tasks:
            continue
        others = [t for t in group.tasks if t != step.node_key]
        done = next(
            (
                s.name
                for s in steps
                if s.node_key in others
                and s.completed_by_id == user.pk
                and s.status == StepStatus.DONE
            ),
            None,
        )
        if done:
            label = group.name or "职责分离"
            raise error(
                "sod_violation",
                "by",
                f"违反职责分离「{label}」: {user.full_name or user.get_username()} 已办理「{done}」, "
                f"不能再办理「{step.name}」",
                f"separation of duties \u201c{label}\u201d: {user.full_name or user.get_username()} did "
                f"\u201c{done}\u201d and may not also do \u201c{step.name}\u201d",
            )


def case_late(case: Case, at: datetime.datetime) -> bool:
    return bool(
        (case.promised_deadline and at > case.promised_deadline)
        or (case.statutory_deadline and at > case.statutory_deadline)
    )


QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 signs: no 0/O, 1/I
QUERY_LENGTH = 8


def new_query_code() -> str:
    """A random query code (8 signs of 32: 40 bits), from one read of the system's
    random source (a byte modulo 32 is uniform)."""
    return "".join(QUERY_ALPHABET[b % 32] for b in secrets.token_bytes(QUERY_LENGTH))


# --- refusals the case services and the batch path share ------------------------------


def no_published_process(power) -> DomainError:
    return error(
        "no_published_process",
        "power",
        f"事项「{power.name}」没有已发布的流程图, 不能受理",
        f"the power \u201c{power.name}\u201d has no published flowchart",
    )


def before_activation() -> DomainError:
    return error(
        "before_activation",
        "at",
        "办理时间早于该环节开始时间",
        "the step cannot be completed before it began",
    )


def post_required(user, step_name: str) -> DomainError:
    return error(
        "post_required",
        "by",
        f"{user.full_name or user.get_username()} 在办理时未担任「{step_name}」所需岗位, 不能办理",
        f"{user.full_name or user.get_username()} did not hold the post of \u201c{step_name}\u201d then",
    )


def steps_open(names: str) -> DomainError:
    return error(
        "steps_open",
        "outcome",
        f"尚有环节未办理: {names or '—'}",
        f"steps are still open: {names or '—'}",
    )


def query_hash(number: str, code: str) -> str:
    """The stored form of a query code (keyed hash: the code itself is never stored)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{number}:{code.strip().upper()}".encode(), hashlib.sha256).hexdigest()
