"""Performance scores (绩效测评): a configurable scoring sheet per organisation (the
commission's or a department's), its items (category, weight, points per event kind),
and appeals against the events scored (申诉, 复核)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EventKind(models.TextChoices):
    WARNING = "alert_warning", "预警 (warning)"
    YELLOW = "alert_yellow", "黄牌 (yellow card)"
    RED = "alert_red", "红牌 (red card)"
    STEP_LATE = "step_late", "环节超时 (step late)"
    ON_TIME = "case_on_time", "按时办结 (finished in time)"
    ESCALATED = "escalated", "转入问责 (escalated)"
    COMPLAINT_FOUNDED = "complaint_founded", "投诉属实 (founded complaint)"


class ScoreSheet(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("名称 (name)", max_length=100)
    base = models.DecimalField("基础分 (base)", max_digits=6, decimal_places=2, default=100)
    excellent = models.DecimalField("优秀线 (excellent from)", max_digits=6, decimal_places=2)
    good = models.DecimalField("良好线 (good from)", max_digits=6, decimal_places=2)
    passing = models.DecimalField("合格线 (pass from)", max_digits=6, decimal_places=2)

    def __str__(self) -> str:
        return self.name


class ScoreItem(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    category = models.CharField("类别 (category)", max_length=50)
    weight = models.DecimalField("权重 (weight)", max_digits=5, decimal_places=2, default=1)
    kind = models.CharField("事件 (event)", max_length=24, choices=EventKind.choices)
    points = models.DecimalField("分值 (points)", max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["sheet", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "kind"], name="score_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.kind} {self.points}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待复核 (pending)"
    UPHELD = "upheld", "申诉成立 (upheld)"
    REJECTED = "rejected", "维持 (rejected)"


class ScoreAppeal(models.Model):
    """An appeal against an alert counted in the scores; upheld, the alert no longer
    counts."""

    alert = models.OneToOneField("cases.Alert", on_delete=models.CASCADE, related_name="appeal")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("申诉理由 (reason)")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    filed_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.TextField("复核意见 (decision)", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"appeal {self.alert_id}"
