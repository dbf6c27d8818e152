"""The supervision rules: their defaults, and the setting in force for a case.

A ``SupervisionRule`` row for a power wins over one for the organisation, which wins
over the defaults here. ``threshold``: working days before a deadline for the advance
warnings (default 2), the acceptance limit in working days (default 5, 行政许可法 第三十二条).
For the set-wise sweep, :func:`scope_filters` turns the few rows into two filters on the
cases (enabled; needing an inspector's confirmation) instead of resolving case by case.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q

from yangguang.cases.models import Grade, Rule, SupervisionRule


@dataclass(frozen=True)
class Setting:
    enabled: bool = True
    automatic: bool = True
    threshold: int | None = None


DEFAULTS: dict[str, Setting] = {
    Rule.STEP_WARNING: Setting(threshold=2),
    Rule.CASE_WARNING: Setting(threshold=2),
    Rule.YELLOW_CARD: Setting(),
    Rule.RED_CARD: Setting(),
    Rule.STEP_LATE: Setting(),
    Rule.NO_REASONS: Setting(),
    Rule.ACCEPTANCE_LATE: Setting(threshold=5),
    Rule.FEE_NO_STANDARD: Setting(),
    Rule.FEE_ABOVE_STANDARD: Setting(),
    Rule.DEADLINE_UNKNOWN: Setting(),
    Rule.BENCHMARK_DEVIATION: Setting(),
}

GRADES: dict[str, str] = {
    Rule.STEP_WARNING: Grade.WARNING,
    Rule.CASE_WARNING: Grade.WARNING,
    Rule.YELLOW_CARD: Grade.YELLOW,
    Rule.RED_CARD: Grade.RED,
    Rule.STEP_LATE: Grade.YELLOW,
    Rule.NO_REASONS: Grade.YELLOW,
    Rule.ACCEPTANCE_LATE: Grade.YELLOW,
    Rule.FEE_NO_STANDARD: Grade.RED,
    Rule.FEE_ABOVE_STANDARD: Grade.RED,
    Rule.DEADLINE_UNKNOWN: Grade.WARNING,
    Rule.BENCHMARK_DEVIATION: Grade.YELLOW,
}


def resolve(
    rows: list[SupervisionRule], rule: str, *, organisation_id: int, power_id: int | None
) -> Setting:
    """The setting of ``rule`` for a power of an organisation, from ``rows`` (any set of
    ``SupervisionRule`` rows that includes the organisation's: others are ignored)."""
    row = None
    for r in rows:
        if r.rule != rule or r.organisation_id != organisation_id:
            continue
        if r.power_id is not None and r.power_id == power_id:
            row = r
            break
        if r.power_id is None:
            row = r
    default = DEFAULTS[rule]
    if row is None:
        return default
    threshold = row.threshold if row.threshold is not None else default.threshold
    return Setting(enabled=row.enabled, automatic=row.automatic, threshold=threshold)


def setting(rule: str, *, organisation_id: int, power_id: int | None) -> Setting:
    """The setting of ``rule`` in force for a power of an organisation."""
    rows = list(
        SupervisionRule.objects.filter(rule=rule, organisation_id=organisation_id).filter(
            Q(power__isnull=True) | Q(power_id=power_id)
        )
    )
    return resolve(rows, rule, organisation_id=organisation_id, power_id=power_id)


def threshold(rule: str, *, organisation_id: int, power_id: int | None) -> int | None:
    """The rule's threshold, or None when the rule is off."""
    s = setting(rule, organisation_id=organisation_id, power_id=power_id)
    return s.threshold if s.enabled else None


class Resolver:
    """Settings for many cases from the rows loaded once (batches of events)."""

    def __init__(self, organisation_ids) -> None:
        self.rows = list(SupervisionRule.objects.filter(organisation_id__in=set(organisation_ids)))
        self._cache: dict[tuple, Setting] = {}

    def setting(self, rule: str, *, organisation_id: int, power_id: int | None) -> Setting:
        key = (rule, organisation_id, power_id)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = resolve(
                self.rows, rule, organisation_id=organisation_id, power_id=power_id
            )
        return found

    def threshold(self, rule: str, *, organisation_id: int, power_id: int | None) -> int | None:
        s = self.setting(rule, organisation_id=organisation_id, power_id=power_id)
        return s.threshold if s.enabled else None


class _Live:
    """The same interface as :class:`Resolver`, one query per question (single events)."""

    setting = staticmethod(setting)
    threshold = staticmethod(threshold)


LIVE = _Live()


#: ``scope_filters`` gives this for "every case" (an empty filter)
ALL = Q()


def scope_filters(rule: str, prefix: str = "") -> tuple[Q | None, Q | None]:
    """``(enabled, needs_confirmation)`` as filters on a model with ``organisation_id``
    and ``power_id`` reached through ``prefix`` (``""`` for a case, ``"case__"`` for a
    step); ``None`` for no case at all, ``ALL`` for every case."""
    org, power = f"{prefix}organisation_id", f"{prefix}power_id"
    rows = list(SupervisionRule.objects.filter(rule=rule))
    by_power = {(r.organisation_id, r.power_id): r for r in rows if r.power_id}
    by_org = {r.organisation_id: r for r in rows if not r.power_id}
    default = DEFAULTS[rule]
    powered = [p for (_, p) in by_power]
    not_powered = ~Q(**{f"{power}__in": powered}) if powered else None

    def pick(attr: str, want: bool) -> Q | None:
        terms = [
            Q(**{org: o, power: p}) for (o, p), r in by_power.items() if getattr(r, attr) == want
        ]
        orgs_want = [o for o, r in by_org.items() if getattr(r, attr) == want]
        if orgs_want:
            q = Q(**{f"{org}__in": orgs_want})
            terms.append(q if not_powered is None else not_powered & q)
        if getattr(default, attr) == want:
            rest = [x for x in (not_powered,) if x is not None]
            if by_org:
                rest.append(~Q(**{f"{org}__in": list(by_org)}))
            if not rest:
                return ALL
            terms.append(reduce(operator.and_, rest))
        return reduce(operator.or_, terms) if terms else None

    enabled = pick("enabled", True)
    manual = pick("automatic", False)
    if enabled is None or manual is None:
        return enabled, None
    if enabled is ALL:
        return enabled, manual
    if manual is ALL:
        return enabled, enabled
    return enabled, enabled & manual
