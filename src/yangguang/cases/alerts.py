"""Raising alerts: one at a time for events checked on arrival, and set-wise for the
deadline sweep (``INSERT … SELECT … ON CONFLICT DO NOTHING`` over all open cases and
steps, comparing the stored deadline and warning timestamps with the clock).

An alert is unique per (case, scope, rule) (``scope``: ``case``, ``step:<id>`` or
``fee:<id>``), so sweeping again, or checking an event again, never duplicates one.
Nothing here writes the audit trail: the calling service records what it raised.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import (
    CharField,
    DateTimeField,
    DecimalField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from yangguang.cases import rules
from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Rule, Step, StepStatus

COLUMNS = (
    "case_id", "step_id", "scope", "organisation_id", "rule", "grade", "status",
    "responsible_id", "deadline", "limit_days", "threshold", "amount", "standard",
    "detected_at", "explanation", "correction", "review",
)  # fmt: skip


def new_alert(
    case: Case,
    rule: str,
    setting: rules.Setting,
    *,
    now: datetime.datetime,
    step: Step | None = None,
    scope: str = "",
    deadline: datetime.datetime | None = None,
    limit_days: int | None = None,
    amount: Decimal | None = None,
    standard: Decimal | None = None,
) -> Alert:
    """The (unsaved) alert of ``rule`` for ``case`` under ``setting``."""
    return Alert(
        case=case,
        step=step,
        scope=scope,
        organisation_id=case.organisation_id,
        rule=rule,
        grade=rules.GRADES[rule],
        status=AlertStatus.OPEN if setting.automatic else AlertStatus.PENDING,
        responsible_id=case.responsible_id,
        deadline=deadline,
        limit_days=limit_days,
        threshold=setting.threshold,
        amount=amount,
        standard=standard,
        detected_at=now,
    )


def raise_alert(
    case: Case,
    rule: str,
    *,
    now: datetime.datetime,
    step: Step | None = None,
    scope: str | None = None,
    deadline: datetime.datetime | None = None,
    limit_days: int | None = None,
    amount: Decimal | None = None,
    standard: Decimal | None = None,
) -> Alert | None:
    """Raise one alert unless the rule is off for the case or it was raised already."""
    s = rules.setting(rule, organisation_id=case.organisation_id, power_id=case.power_id)
    if not s.enabled:
        return None
    scope = scope or (f"step:{step.pk}" if step is not None else "case")
    if Alert.objects.filter(case=case, scope=scope, rule=rule).exists():
        return None
    alert = new_alert(
        case, rule, s, now=now, step=step, scope=scope, deadline=deadline,
        limit_days=limit_days, amount=amount, standard=standard,
    )  # fmt: skip
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
            return alert
    except IntegrityError:  # raised meanwhile by the sweep
        return None


# --- the set-wise sweep ---------------------------------------------------------------


def _const(value, field) -> Value:
    return Value(value, output_field=field)


def _insert(rule: str, qs: QuerySet, *, step: bool, deadline: str | None, limit: str | None,
            now: datetime.datetime) -> int:  # fmt: skip
    prefix = "case__" if step else ""
    enabled, confirm = rules.scope_filters(rule, prefix)
    if enabled is None:
        return 0
    # in the order of the cases: the new rows' foreign-key checks (at commit) and the
    # unique index then go through the pages in order, not at random
    qs = (qs if enabled is rules.ALL else qs.filter(enabled)).order_by(
        *(("case_id", "pk") if step else ("pk",))
    )
    if confirm is None:
        status = _const(AlertStatus.OPEN.value, CharField())
    elif confirm is rules.ALL:
        status = _const(AlertStatus.PENDING.value, CharField())
    else:
        status = CaseWhen(
            When(confirm, then=_const(AlertStatus.PENDING.value, CharField())),
            default=_const(AlertStatus.OPEN.value, CharField()),
            output_field=CharField(),
        )
    default = rules.DEFAULTS[rule]
    none_int = _const(None, IntegerField())
    exprs = {
        "c00": F("case_id") if step else F("pk"),
        "c01": F("pk") if step else none_int,
        "c02": Concat(_const("step:", CharField()), Cast("pk", CharField()))
        if step
        else _const("case", CharField()),
        "c03": F(f"{prefix}organisation_id"),
        "c04": _const(rule, CharField()),
        "c05": _const(rules.GRADES[rule], CharField()),
        "c06": status,
        "c07": F(f"{prefix}responsible_id"),
        "c08": F(deadline) if deadline else _const(None, DateTimeField()),
        "c09": F(limit) if limit else none_int,
        "c10": _const(default.threshold, IntegerField()),
        "c11": _const(None, DecimalField(max_digits=12, decimal_places=2)),
        "c12": _const(None, DecimalField(max_digits=12, decimal_places=2)),
        "c13": _const(now, DateTimeField()),
        "c14": _const("", CharField()),
        "c15": _const("", CharField()),
        "c16": _const("", CharField()),
    }
    select_sql, params = qs.values(**exprs).query.sql_with_params()
    table = connection.ops.quote_name(Alert._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    sql = f"INSERT INTO {table} ({cols}) {select_sql} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


@contextmanager
def _index_plans() -> Iterator[None]:
    """On PostgreSQL, plan the sweep for what it reads: the few rows due, found through
    the deadline indexes, then their cases by primary key. With the default cost of a
    random read (``random_page_cost`` = 4, spinning disks) the planner would rather read
    and hash the whole case table to join a few thousand steps to their cases (a
    sequential scan of a million rows at every sweep); 1.1 is the usual setting for data
    in memory or on SSD. Set for the sweep's statements only (within the transaction),
    then put back."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('random_page_cost', '1.1', true)")
        yield
        cursor.execute("SELECT set_config('random_page_cost', %s, true)", [before])


def sweep(
    now: datetime.datetime, *, case_id: int | None = None, case_ids: Iterable[int] | None = None
) -> dict[str, int]:
    """Raise every alert due at ``now`` over all open cases (or one case, or the cases of
    a batch of events): a handful of set-wise statements, whatever the number of cases.
    Returns new alerts per rule."""
    cases = Case.objects.filter(status=CaseStatus.OPEN)
    steps = Step.objects.filter(status=StepStatus.OPEN, case__status=CaseStatus.OPEN)
    if case_id is not None:
        cases, steps = cases.filter(pk=case_id), steps.filter(case_id=case_id)
    if case_ids is not None:
        ids = list(case_ids)
        cases, steps = cases.filter(pk__in=ids), steps.filter(case_id__in=ids)
    if case_id is not None or case_ids is not None:
        return _sweep(now, cases, steps)
    with _index_plans():
        return _sweep(now, cases, steps)


def _sweep(now: datetime.datetime, cases: QuerySet, steps: QuerySet) -> dict[str, int]:
    running = Q(paused_since__isnull=True)
    step_running = Q(case__paused_since__isnull=True) | Q(pauses_clock=True)
    case_in_time = ~Q(promised_deadline__lt=now) & ~Q(statutory_deadline__lt=now)
    step_case_in_time = ~Q(case__promised_deadline__lt=now) & ~Q(case__statutory_deadline__lt=now)
    out = {}
    out[Rule.STEP_WARNING] = _insert(
        Rule.STEP_WARNING,
        steps.filter(step_running, warn_at__lte=now, deadline__gte=now),
        step=True, deadline="deadline", limit="limit_days", now=now,
    )  # fmt: skip
    out[Rule.STEP_LATE] = _insert(
        Rule.STEP_LATE,
        # a pause step is timed on its own; the case's deadlines wait for it to end
        steps.filter(
            (Q(case__paused_since__isnull=True) & step_case_in_time) | Q(pauses_clock=True),
            deadline__lt=now,
        ),
        step=True, deadline="deadline", limit="limit_days", now=now,
    )  # fmt: skip
    out[Rule.CASE_WARNING] = _insert(
        Rule.CASE_WARNING,
        cases.filter(running, case_in_time, warn_at__lte=now),
        step=False, deadline=None, limit=None, now=now,
    )  # fmt: skip
    out[Rule.YELLOW_CARD] = _insert(
        Rule.YELLOW_CARD,
        cases.filter(running, promised_deadline__lt=now),
        step=False, deadline="promised_deadline", limit="promised_limit", now=now,
    )  # fmt: skip
    out[Rule.RED_CARD] = _insert(
        Rule.RED_CARD,
        cases.filter(running, statutory_deadline__lt=now),
        step=False, deadline="statutory_deadline", limit="statutory_limit", now=now,
    )  # fmt: skip
    out[Rule.ACCEPTANCE_LATE] = _insert(
        Rule.ACCEPTANCE_LATE,
        cases.filter(running, accepted_at__isnull=True, acceptance_deadline__lt=now),
        step=False, deadline="acceptance_deadline", limit=None, now=now,
    )  # fmt: skip
    out[Rule.DEADLINE_UNKNOWN] = _insert(
        Rule.DEADLINE_UNKNOWN, cases.filter(deadline_unknown=True),
        step=False, deadline=None, limit=None, now=now,
    )  # fmt: skip
    out[Rule.DEADLINE_UNKNOWN] += _insert(
        Rule.DEADLINE_UNKNOWN, steps.exclude(deadline_note=""),
        step=True, deadline=None, limit=None, now=now,
    )  # fmt: skip
    return {str(k): v for k, v in out.items() if v}
