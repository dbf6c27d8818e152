"""Events pushed by other approval systems (the integration API): one row per accepted
event, unique per (source system, event id), so a re-sent event returns its earlier
result and is never applied twice. Rejected events leave no row (they may be sent again
once corrected)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IngestedEvent(models.Model):
    source = models.CharField(_("来源系统"), max_length=100)
    event_id = models.CharField(_("事件编号"), max_length=100)
    kind = models.CharField(_("事件类型"), max_length=10)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("发生时间"))
    received_at = models.DateTimeField(_("接收时间"))
    result = models.JSONField(_("处理结果"), default=dict)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("接入事件")
        constraints = [
            models.UniqueConstraint(fields=["source", "event_id"], name="ingest_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.event_id}"
