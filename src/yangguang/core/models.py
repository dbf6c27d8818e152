from django.db import models


class ScheduledJob(models.Model):
    """When a recurring job (``yangguang.core.schedule``) was last enqueued."""

    name = models.CharField("任务 (job)", max_length=200, unique=True)
    last_enqueued = models.DateTimeField("上次排队 (last enqueued)", null=True, blank=True)
    last_result_id = models.CharField("任务结果 (task result id)", max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务 (scheduled job)"

    def __str__(self) -> str:
        return self.name
