"""The catalogue of 三重一大 matters and an organisation's rules of procedure."""

from __future__ import annotations

from django.db import transaction

from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.meetings import actions
from yangguang.meetings import models as m
from yangguang.meetings.services._base import _amount, _check, _choice, _clean, _error, _text
from yangguang.orgs.models import Organisation

RULES_FIELDS = ("personnel_quorum", "notice_days", "minutes_days", "decision_window_days")
MATTER_FIELDS = ("organisation", "category", "name", "description", "threshold", "body", "active")


def decision_rules_set(
    *,
    actor: Actor,
    organisation: Organisation,
    personnel_quorum: str | None = None,
    notice_days: int | None = None,
    minutes_days: int | None = None,
    decision_window_days: int | None = None,
) -> m.DecisionRules:
    """Set the organisation's rules (quorum for personnel matters, notice days...)."""
    _check(actor, "change", organisation)
    if personnel_quorum is not None:
        _choice(personnel_quorum, m.Quorum, "personnel_quorum", "到会人数规则")
    for name, value in (
        ("notice_days", notice_days),
        ("minutes_days", minutes_days),
        ("decision_window_days", decision_window_days),
    ):
        if value is not None and (not isinstance(value, int) or value < 0 or value > 3650):
            raise _error("days_invalid", name, "天数必须在 0–3650 之间", f"{name} must be 0–3650")
    with transaction.atomic():
        rules, created = m.DecisionRules.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        before = None if created else snapshot(rules, RULES_FIELDS)
        for name, value in (
            ("personnel_quorum", personnel_quorum),
            ("notice_days", notice_days),
            ("minutes_days", minutes_days),
            ("decision_window_days", decision_window_days),
        ):
            if value is not None:
                setattr(rules, name, value)
        rules.save()
        audit_record(
            actor=actor,
            action=actions.RULES_SET,
            obj=rules,
            org_id=organisation.pk,
            changes=diff(before, snapshot(rules, RULES_FIELDS)),
        )
    return rules


def matter_create(
    *,
    actor: Actor,
    organisation: Organisation,
    category: str,
    name: str,
    body: str,
    threshold=None,
    description: str = "",
) -> m.CatalogueMatter:
    """A matter of the catalogue; ``threshold`` in yuan (spending at or above it)."""
    _check(actor, "change", organisation)
    _choice(category, m.Category, "category", "类别")
    _choice(body, m.Body, "body", "决策机构")
    matter = m.CatalogueMatter(
        organisation=organisation,
        category=category,
        name=_text(name, "name", "事项名称"),
        body=body,
        threshold=_amount(threshold, "threshold"),
        description=description or "",
    )
    _clean(matter)
    with transaction.atomic():
        matter.save()
        audit_record(
            actor=actor,
            action=actions.MATTER_CREATE,
            obj=matter,
            org_id=organisation.pk,
            changes=diff(None, snapshot(matter, MATTER_FIELDS)),
        )
    return matter


def matter_retire(*, actor: Actor, matter: m.CatalogueMatter) -> m.CatalogueMatter:
    _check(actor, "change", matter.organisation)
    with transaction.atomic():
        matter = m.CatalogueMatter.objects.select_for_update().get(pk=matter.pk)
        if not matter.active:
            raise _error(
                "matter_retired", "active", "该事项已停用", "the matter is already retired"
            )
        matter.active = False
        matter.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action=actions.MATTER_RETIRE,
            obj=matter,
            org_id=matter.organisation_id,
            changes={"active": [True, False]},
        )
    return matter
