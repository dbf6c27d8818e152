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


class WorkerBeat(models.Model):
    """A background process that is alive: the task worker (``yangguang worker``) or the
    scheduler (``yangguang scheduler``) writes its row every few seconds and removes it
    when it stops. Pages showing a queued job read these rows to say what the job waits
    for (``yangguang.core.workers``)."""

    class Kind(models.TextChoices):
        WORKER = "worker", "后台任务进程 (task worker)"
        SCHEDULER = "scheduler", "定时任务进程 (scheduler)"

    worker_id = models.CharField("进程标识 (process id)", max_length=64, unique=True)
    kind = models.CharField("类型 (kind)", max_length=10, choices=Kind.choices)
    host = models.CharField("主机 (host)", max_length=255, blank=True)
    pid = models.PositiveIntegerField("进程号 (pid)", default=0)
    started = models.DateTimeField("启动时间 (started)")
    seen = models.DateTimeField("最近心跳 (last heartbeat)", db_index=True)

    class Meta:
        verbose_name = "后台进程心跳 (worker heartbeat)"

    def __str__(self) -> str:
        return f"{self.kind} {self.host}:{self.pid}"
