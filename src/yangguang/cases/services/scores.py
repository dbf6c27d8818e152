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
) -> ScoreSheet:
    """Set the scoring sheet of ``organisation`` (its departments and people are scored by
    it): items of ``category``, ``weight``, event ``kind`` and ``points`` (negative:
    deducted), thresholds of the grades 优秀/良好/合格 (below: 不合格)."""
    require(actor, "supervise", organisation)
    name = text(name, "name", "名称", limit=100)
    base, excellent = _number(base, "base"), _number(excellent, "excellent")
    good, passing = _number(good, "good"), _number(passing, "passing")
    if not excellent > good > passing:
        raise error(
            "thresholds", "excellent", "须 优秀线 > 良好线 > 合格线", "excellent > good > passing"
        )
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
        rows.append(
            ScoreItem(
                category=text(item.get("category", ""), "category", "类别", limit=50),
                weight=weight,
                kind=kind,
                points=_number(item.get("points"), "points"),
            )
        )
    with transaction.atomic():
        sheet, _ = ScoreSheet.objects.select_for_update().update_or_create(
            organisation=organisation,
            defaults={"name": name, "base": base, "excellent": excellent, "good": good,
                      "passing": passing},
        )  # fmt: skip
        sheet.items.all().delete()
        for row in rows:
            row.sheet = sheet
        ScoreItem.objects.bulk_create(rows)
        audit_record(
            actor=actor, action=SHEET_SET, obj=sheet, org_id=organisation.pk,
            extra={"name": name, "base": str(base), "thresholds": [str(excellent), str(good),
                   str(passing)], "items": [[r.category, str(r.weight), r.kind, str(r.points)]
                                            for r in rows]},
        )  # fmt: skip
    return sheet


def score_appeal_file(*, actor: Actor, alert: Alert, reason: str) -> ScoreAppeal:
    """The department appeals an alert counted in its scores (once per alert)."""
    reason = text(reason, "reason", "申诉理由", limit=4000)
    require(actor, "operate", alert.organisation)
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
