"""Conformance checks run from the back office: the uploaded log, the job's progress,
the summary, and one row per deviation found (with the department and person of the
event, for the figures and filters)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未能完成")


class CheckRun(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    process = models.ForeignKey(
        "flows.ProcessModel", on_delete=models.PROTECT, related_name="+", verbose_name="流程图"
    )
    log_name = models.CharField(_("日志文件名"), max_length=255)
    log_data = models.BinaryField(_("日志"), editable=False)
    status = models.CharField(
        _("状态"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度 %"), default=0)
    phase = models.CharField(_("阶段"), max_length=40, blank=True)
    error = models.TextField(_("错误"), blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("合规检查")

    def __str__(self) -> str:
        return f"{self.log_name} · {self.process}"


class Finding(models.Model):
    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="findings")
    case_id = models.CharField(_("案件编号"), max_length=200)
    kind = models.CharField(_("偏差类型"), max_length=20)
    activity = models.CharField(_("环节"), max_length=200, blank=True)
    event_index = models.IntegerField(_("事件序号"))
    detail = models.TextField(_("说明"), blank=True)
    department = models.CharField(_("部门/岗位"), max_length=200, blank=True)
    person = models.CharField(_("人员"), max_length=200, blank=True)

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = _("偏差")
        indexes = [models.Index(fields=["run", "kind"], name="finding_run_kind")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
