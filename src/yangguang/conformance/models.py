"""Conformance checks run from the back office: the uploaded log, the job's progress,
the summary, and one row per deviation found (with the department and person of the
event, for the figures and filters)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中 (queued)"
    RUNNING = "running", "进行中 (running)"
    DONE = "done", "已完成 (done)"
    FAILED = "failed", "未能完成 (failed)"


class CheckRun(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    process = models.ForeignKey(
        "flows.ProcessModel", on_delete=models.PROTECT, related_name="+", verbose_name="流程图"
    )
    log_name = models.CharField("日志文件名 (log file)", max_length=255)
    log_data = models.BinaryField("日志 (log)", editable=False)
    status = models.CharField(
        "状态 (status)", max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("进度 % (progress)", default=0)
    phase = models.CharField("阶段 (phase)", max_length=40, blank=True)
    error = models.TextField("错误 (error)", blank=True)
    summary = models.JSONField("摘要 (summary)", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "合规检查 (conformance check)"

    def __str__(self) -> str:
        return f"{self.log_name} · {self.process}"


class Finding(models.Model):
    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="findings")
    case_id = models.CharField("案件编号 (case)", max_length=200)
    kind = models.CharField("偏差类型 (kind)", max_length=20)
    activity = models.CharField("环节 (activity)", max_length=200, blank=True)
    event_index = models.IntegerField("事件序号 (event index)")
    detail = models.TextField("说明 (detail)", blank=True)
    department = models.CharField("部门/岗位 (department)", max_length=200, blank=True)
    person = models.CharField("人员 (person)", max_length=200, blank=True)

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = "偏差 (deviation)"
        indexes = [models.Index(fields=["run", "kind"], name="finding_run_kind")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
