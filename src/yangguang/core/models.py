from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """When a recurring job (``yangguang.core.schedule``) was last enqueued."""

    name = models.CharField(_("任务"), max_length=200, unique=True)
    last_enqueued = models.DateTimeField(_("上次排队"), null=True, blank=True)
    last_result_id = models.CharField(_("任务结果"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("定时任务")

    def __str__(self) -> str:
        return self.name


class WorkerBeat(models.Model):
    """A background process that is alive: the task worker (``yangguang worker``) or the
    scheduler (``yangguang scheduler``) writes its row every few seconds and removes it
    when it stops. Pages showing a queued job read these rows to say what the job waits
    for (``yangguang.core.workers``)."""

    class Kind(models.TextChoices):
        WORKER = "worker", _("后台任务进程")
        SCHEDULER = "scheduler", _("定时任务进程")

    worker_id = models.CharField(_("进程标识"), max_length=64, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    host = models.CharField(_("主机"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("进程号"), default=0)
    started = models.DateTimeField(_("启动时间"))
    seen = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        verbose_name = _("后台进程心跳")

    def __str__(self) -> str:
        return f"{self.kind} {self.host}:{self.pid}"
