"""Events pushed by other approval systems (the integration API): one row per accepted
event, unique per (source system, event id), so a re-sent event returns its earlier
result and is never applied twice. Rejected events leave no row (they may be sent again
once corrected)."""

from __future__ import annotations

from django.db import models


class IngestedEvent(models.Model):
    source = models.CharField("来源系统 (source system)", max_length=100)
    event_id = models.CharField("事件编号 (event id)", max_length=100)
    kind = models.CharField("事件类型 (kind)", max_length=10)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("发生时间 (happened at)")
    received_at = models.DateTimeField("接收时间 (received at)")
    result = models.JSONField("处理结果 (result)", default=dict)

    class Meta:
        ordering = ["pk"]
        verbose_name = "接入事件 (ingested event)"
        constraints = [
            models.UniqueConstraint(fields=["source", "event_id"], name="ingest_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.event_id}"
