"""The penalty decided at the 决定 step of a penalty case (行政处罚), checked against the
discretion benchmark in force (自由裁量权基准)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.powers.models import Grade as CircumstanceGrade


class PenaltyDecision(models.Model):
    """The grade (违法情节) and the fine recorded when the 决定 step of a case on a
    penalty power is completed, with the check made then (``powers.selectors.
    penalty_check``): inside the benchmark or not, the range that applied and the
    published version it came from (kept as they were, whatever the benchmark becomes).
    A fine outside the benchmark carries its written reason (偏离说明) and raised the
    ``benchmark_deviation`` alert."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="penalties"
    )
    step = models.OneToOneField(
        "cases.Step", verbose_name=_("环节"), on_delete=models.CASCADE, related_name="penalty"
    )
    grade = models.CharField(_("违法情节"), max_length=10, choices=CircumstanceGrade.choices)
    amount = models.DecimalField(_("罚款金额(元)"), max_digits=14, decimal_places=2)
    within = models.BooleanField(_("符合裁量基准"))
    fine_min = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    quantified = models.BooleanField(default=True)
    version = models.PositiveIntegerField(null=True, blank=True)  # None: never published
    message_zh = models.TextField()
    message_en = models.TextField()
    deviation_reason = models.TextField(_("偏离说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "decided_at", "pk"]
        verbose_name = _("处罚决定")
        constraints = [
            models.CheckConstraint(
                condition=Q(within=True) | ~Q(deviation_reason=""),
                name="penalty_deviation_has_reason",
                violation_error_message=_("偏离裁量基准须书面说明理由"),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="penalty_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.grade} · {self.amount}"
