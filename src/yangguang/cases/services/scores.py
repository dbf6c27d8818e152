"""Performance scores (绩效测评): the scoring sheet, appeals and their re-review."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from yangguang.audit.actions import action
from yangguang.audit.services import audit_record
from yangguang.cases.common import error, require, text
from yangguang.cases.models import Alert
from yangguang.cases.models_scores import (
    AppealStatus,
    EventKind,
    ScoreAppeal,
    ScoreItem,
    ScoreSheet,
)
from yangguang.cases.scores.selectors import NOT_COUNTED
from yangguang.core.context import Actor
from yangguang.orgs.models import Organisation

SHEET_SET = action("cases.score_sheet_set", "设置绩效评分表", "Set the scoring sheet")
APPEAL_FILE = action("cases.score_appeal_file", "提出绩效申诉", "File a score appeal")
APPEAL_DECIDE = action("cases.score_appeal_decide", "复核绩效申诉", "Decide a score appeal")


def _number(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise error("number", field, "须为数字", f"{field} must be a number") from None
    if not number.is_finite() or abs(number) >= 10000:
        raise error("number", field, "数值超出范围", f"{field} is out of range")
    return number


def _cents(number: Decimal, field: str) -> Decimal:
    """At most two decimals (the sheet's figures are stored so)."""
    if number != number.quantize(Decimal("0.01")):
        raise error("decimals", field, "最多两位小数", f"{field}: at most two decimals")
    return number


def score_sheet_set(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    items: Iterable[Mapping],
    base=100,
    excellent=90,
    good=80,
    passing=60,
    floor=0,
) -> ScoreSheet:
    """Set the scoring sheet of ``organisation``: it scores the organisation, the
    organisations below it that have no sheet of their own, and their people.

    Items: ``category``, ``weight``, event ``kind``, ``points`` per event (negative:
    deducted) and an optional ``cap``, the most the item may move a score in one quarter
    (absolute value; none: no cap). ``floor``: the lowest score (0 unless set; a negative
    floor must be set on purpose). Thresholds of the grades 优秀/良好/合格 (below: 不合格).
    Only the commission (``supervise``) sets sheets."""
    require(actor, "supervise", organisation)
    name = text(name, "name", "名称", limit=100)
    base, excellent = _number(base, "base"), _number(excellent, "excellent")
    good, passing = _number(good, "good"), _number(passing, "passing")
    floor = _number(0 if floor in (None, "") else floor, "floor")
    for value, field in ((base, "base"), (excellent, "excellent"), (good, "good"),
                         (passing, "passing"), (floor, "floor")):  # fmt: skip
        _cents(value, field)
    if not excellent > good > passing:
        raise error(
            "thresholds", "excellent", "须 优秀线 > 良好线 > 合格线", "excellent > good > passing"
        )
    if floor > base:
        raise error("floor", "floor", "最低分不能高于基础分", "the floor cannot exceed the base")
    rows, kinds = [], set()
    for item in items:
        kind = item.get("kind")
        if kind not in EventKind.values or kind in kinds:
            raise error(
                "kind", "items", f"事件类型无效或重复: {kind}", f"bad or repeated kind {kind}"
            )
        kinds.add(kind)
        weight = _number(item.get("weight", 1), "weight")
        if weight < 0:
            raise error("weight", "items", "权重不能为负", "a weight cannot be negative")
        points = _cents(_number(item.get("points"), "points"), "points")
        cap = item.get("cap")
        if cap in (None, ""):
            cap = None
        else:
            cap = _cents(_number(cap, "cap"), "cap")
            if cap <= 0:
                raise error("cap", "cap", "封顶分值须大于 0", "a cap must be above 0")
        rows.append(
            ScoreItem(
                category=text(
                    item.get("category", ""), "category", "类别", required=False, limit=50
                ),
                weight=_cents(weight, "weight"),
                kind=kind,
                points=points,
                cap=cap,
            )
        )
    with transaction.atomic():
        sheet, _ = ScoreSheet.objects.select_for_update().update_or_create(
            organisation=organisation,
            defaults={"name": name, "base": base, "excellent": excellent, "good": good,
                      "passing": passing, "floor": floor},
        )  # fmt: skip
        sheet.items.all().delete()
        for row in rows:
            row.sheet = sheet
        ScoreItem.objects.bulk_create(rows)
        audit_record(
            actor=actor, action=SHEET_SET, obj=sheet, org_id=organisation.pk,
            extra={"name": name, "base": str(base), "floor": str(floor),
                   "thresholds": [str(excellent), str(good), str(passing)],
                   "items": [[r.category, str(r.weight), r.kind, str(r.points),
                              None if r.cap is None else str(r.cap)] for r in rows]},
        )  # fmt: skip
    return sheet


def score_appeal_file(*, actor: Actor, alert: Alert, reason: str) -> ScoreAppeal:
    """The department (its staff: ``operate``) appeals an alert counted in its scores
    (once per alert); upheld, the alert no longer counts."""
    reason = text(reason, "reason", "申诉理由", limit=4000)
    require(actor, "operate", alert.organisation)
    if alert.status in NOT_COUNTED:
        raise error(
            "not_counted",
            "alert",
            "该预警不计入绩效, 无需申诉",
            "this alert does not count in the scores",
        )
    with transaction.atomic():
        if ScoreAppeal.objects.filter(alert=alert).exists():
            raise error("appeal_exists", "alert", "该预警已申诉", "this alert was appealed already")
        appeal = ScoreAppeal.objects.create(
            alert=alert, organisation=alert.organisation, reason=reason, filed_by=actor.user,
            filed_at=timezone.now(),
        )  # fmt: skip
        audit_record(
            actor=actor, action=APPEAL_FILE, obj=appeal, org_id=alert.organisation_id,
            extra={"alert": alert.pk, "rule": alert.rule},
        )  # fmt: skip
    return appeal


def score_appeal_decide(
    *, actor: Actor, appeal: ScoreAppeal, upheld: bool, decision: str
) -> ScoreAppeal:
    """An inspector re-reviews an appeal: upheld, the alert no longer counts."""
    decision = text(decision, "decision", "复核意见", limit=4000)
    with transaction.atomic():
        appeal = ScoreAppeal.objects.select_for_update().get(pk=appeal.pk)
        require(actor, "supervise", appeal.organisation)
        if appeal.status != AppealStatus.PENDING:
            raise error("appeal_decided", "appeal", "该申诉已复核", "already decided")
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.decision, appeal.decided_by, appeal.decided_at = (
            decision, actor.user, timezone.now(),
        )  # fmt: skip
        appeal.save(update_fields=["status", "decision", "decided_by", "decided_at"])
        audit_record(
            actor=actor, action=APPEAL_DECIDE, obj=appeal, org_id=appeal.organisation_id,
            changes={"status": [AppealStatus.PENDING.value, appeal.status]},
        )  # fmt: skip
    return appeal
