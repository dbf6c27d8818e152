"""Performance scores (绩效测评): a configurable scoring sheet per organisation (the
commission's or a department's), its items (category, weight, points per event kind),
and appeals against the events scored (申诉, 复核)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    WARNING = "alert_warning", _("预警")
    YELLOW = "alert_yellow", _("黄牌")
    RED = "alert_red", _("红牌")
    STEP_LATE = "step_late", _("环节超时")
    ON_TIME = "case_on_time", _("按时办结")
    ESCALATED = "escalated", _("转入问责")
    COMPLAINT_FOUNDED = "complaint_founded", _("投诉属实")


class ScoreSheet(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=100)
    base = models.DecimalField(_("基础分"), max_digits=6, decimal_places=2, default=100)
    excellent = models.DecimalField(_("优秀线"), max_digits=6, decimal_places=2)
    good = models.DecimalField(_("良好线"), max_digits=6, decimal_places=2)
    passing = models.DecimalField(_("合格线"), max_digits=6, decimal_places=2)
    #: the lowest score (0 unless the sheet sets another, possibly negative, floor)
    floor = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self) -> str:
        return self.name


class ScoreItem(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("类别"), max_length=50)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=1)
    kind = models.CharField(_("事件"), max_length=24, choices=EventKind.choices)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    #: the most the item moves a score in one quarter (absolute value); null: no cap
    cap = models.DecimalField(
        _("封顶"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["sheet", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "kind"], name="score_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.kind} {self.points}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("维持")


class ScoreAppeal(models.Model):
    """An appeal against an alert counted in the scores; upheld, the alert no longer
    counts."""

    alert = models.OneToOneField("cases.Alert", on_delete=models.CASCADE, related_name="appeal")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("申诉理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    filed_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.TextField(_("复核意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评分申诉")
        verbose_name_plural = _("评分申诉")
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"appeal {self.alert_id}"
