"""主动公开: disclosure items through 准备 → 审核 → 公开 → 反馈, and overdue alerts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record, snapshot
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.core.validation import clean
from yangguang.disclosure import actions
from yangguang.disclosure import models as m
from yangguang.disclosure.services._base import _check, _error, _leader, _text
from yangguang.orgs.models import Organisation

ITEM_FIELDS = ("organisation", "category", "title", "schedule", "period", "due_date", "status")


def quarterly_due(period: str) -> datetime.date:
    """``2026Q3`` → the 15th of the first month of the next quarter (2026-10-15)."""
    try:
        year_s, quarter_s = period.upper().split("Q")
        year, quarter = int(year_s), int(quarter_s)
        if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
            raise ValueError
    except ValueError:
        raise _error(
            "invalid_period", "period", "所属期应为 2026Q3 的格式", "period must look like 2026Q3"
        ) from None
    if quarter == 4:
        return datetime.date(year + 1, 1, 15)
    return datetime.date(year, 3 * quarter + 1, 15)


def disclosure_item_create(
    *,
    actor: Actor,
    organisation: Organisation,
    category: str,
    title: str,
    content: str,
    schedule: str = m.Schedule.CUSTOM,
    period: str = "",
    due_date: datetime.date | None = None,
) -> m.DisclosureItem:
    """准备: a new item in preparation. Quarterly items are due by the 15th of the first
    month of the next quarter; others on the configured ``due_date``."""
    _check(actor, "operate", organisation)
    if schedule == m.Schedule.QUARTERLY:
        period = period.strip().upper()
        due_date = quarterly_due(period)
    elif due_date is None:
        raise _error("required", "due_date", "请填写公开期限", "due_date is required")
    item = m.DisclosureItem(
        organisation=organisation,
        category=category,
        title=_text(title, "title", "标题", max_length=200),
        content=_text(content, "content", "内容", max_length=20000),
        schedule=schedule,
        period=period.strip(),
        due_date=due_date,
        prepared_by=actor.user,
    )
    clean(item)
    with transaction.atomic():
        item.save()
        audit_record(
            actor=actor,
            action=actions.ITEM_CREATE,
            obj=item,
            org_id=organisation.pk,
            changes={k: [None, v] for k, v in snapshot(item, ITEM_FIELDS).items()},
        )
    return item


def _transition(actor, item, action, fields: dict, expected: tuple[str, ...], extra=None):
    with transaction.atomic():
        item = m.DisclosureItem.objects.select_for_update().get(pk=item.pk)
        if item.status not in expected:
            raise _error(
                "invalid_status",
                "status",
                f"当前状态（{item.get_status_display()}）不能执行此操作",
                "not possible in the item's current status",
            )
        before = {k: getattr(item, k) for k in fields}
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
        audit_record(
            actor=actor,
            action=action,
            obj=item,
            org_id=item.organisation_id,
            changes={
                k: [getattr(before[k], "pk", before[k]), getattr(v, "pk", v)]
                for k, v in fields.items()
                if before[k] != v
            },
            extra=extra,
        )
    return item


def disclosure_item_submit(*, actor: Actor, item: m.DisclosureItem) -> m.DisclosureItem:
    """准备 → 审核: hand the prepared item to a reviewer."""
    _check(actor, "operate", item.organisation)
    return _transition(
        actor, item, actions.ITEM_SUBMIT, {"status": m.ItemStatus.IN_REVIEW}, ("preparing",)
    )


def disclosure_item_review(
    *, actor: Actor, item: m.DisclosureItem, approve: bool, note: str = ""
) -> m.DisclosureItem:
    """审核: a leader other than the preparer approves (ready to publish) or sends it back."""
    _leader(actor, item.organisation, "审核公开事项", "review a disclosure item")
    if actor.user is not None and actor.user.pk == item.prepared_by_id:
        raise PermissionDeniedError(
            zh="审核人不能是准备人", en="the reviewer may not be the one who prepared it"
        )
    note = (note or "").strip()[:500]
    if approve:
        fields = {"approved": True, "reviewed_by": actor.user, "review_note": note}
    else:
        fields = {"status": m.ItemStatus.PREPARING, "approved": False, "reviewed_by": None,
                  "review_note": note}  # fmt: skip
    return _transition(
        actor, item, actions.ITEM_REVIEW, fields, ("in_review",), extra={"approved": approve}
    )


def disclosure_item_publish(
    *, actor: Actor, item: m.DisclosureItem, on: datetime.date | None = None
) -> m.DisclosureItem:
    """公开: publish an approved item (on ``on``, today by default)."""
    _check(actor, "operate", item.organisation)
    if not item.approved:
        raise _error("not_reviewed", "status", "未经审核不能公开", "an item must be reviewed first")
    fields = {"status": m.ItemStatus.PUBLISHED, "published_on": on or timezone.localdate()}
    return _transition(actor, item, actions.ITEM_PUBLISH, fields, ("in_review",))


def disclosure_item_feedback(
    *, actor: Actor, item: m.DisclosureItem, feedback: str
) -> m.DisclosureItem:
    """反馈: record the public's feedback on a published item and what was done about it."""
    _check(actor, "operate", item.organisation)
    fields = {
        "status": m.ItemStatus.FEEDBACK,
        "feedback": _text(feedback, "feedback", "反馈", max_length=5000),
    }
    return _transition(actor, item, actions.ITEM_FEEDBACK, fields, ("published",))


def disclosure_alerts_raise(
    *, actor: Actor, on: datetime.date | None = None
) -> list[m.DisclosureAlert]:
    """Raise an alert, once, for every item still unpublished after its due date
    (set-wise: one query, one insert, one audit entry listing them; nothing when none)."""
    if actor.kind != "system" and access.role_of(actor.user) != Role.SYSADMIN:
        raise PermissionDeniedError()
    from yangguang.disclosure.selectors import overdue_items

    on = on or timezone.localdate()
    with transaction.atomic():
        due = list(overdue_items(on).filter(alert__isnull=True).select_for_update(of=("self",)))
        if not due:
            return []
        alerts = m.DisclosureAlert.objects.bulk_create(
            [m.DisclosureAlert(item=i, raised_on=on) for i in due]
        )
        audit_record(
            actor=actor,
            action=actions.ALERTS_RAISE,
            object_type="disclosure.disclosurealert",
            object_id=on.isoformat(),
            extra={"on": on, "items": [i.pk for i in due]},
        )
    return alerts
