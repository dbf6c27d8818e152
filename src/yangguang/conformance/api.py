"""API: conformance checks of an event log against a power's published flowchart, for
inspectors and system administrators (as the back-office pages).

``POST /api/v1/conformance/checks`` (multipart form: ``org`` the organisation's code,
``power`` the item code whose published flowchart is the model, ``log`` the file: CSV,
XES or XES.GZ) queues the check and answers 202 ``{"id", "status": "queued"}``; the task
worker runs it. ``GET /api/v1/conformance/checks/{id}`` gives its status, progress and
summary, and once done the report, the same JSON as ``yangguang supervise check`` writes.
"""

from __future__ import annotations

from typing import Any

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from yangguang.accounts.roles import Role
from yangguang.api import STAFF_AUTH, request_actor, request_user
from yangguang.conformance import selectors, services
from yangguang.conformance.checker import CheckError
from yangguang.core import access
from yangguang.core.api_types import Id
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation

router = Router(tags=["conformance"], auth=STAFF_AUTH)


class ErrorOut(Schema):
    code: str
    field: str | None
    message_zh: str
    message_en: str
    message: str


class QueuedOut(Schema):
    id: int
    status: str


class CheckOut(Schema):
    id: int
    status: str  # queued | running | done | failed
    progress: int  # 0-100
    summary: dict[str, Any]
    report: dict[str, Any] | None  # the CLI's JSON report, once done
    error: str  # why a failed check could not run (both languages)
    waiting: str | None  # for a queued check: what it waits for (see the pages)


def _required(value: str | None, field: str, zh: str, en: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code="required", field=field, zh=zh, en=en)
    return value


def _supervisor(user) -> None:
    if access.role_of(user) not in (Role.SYSADMIN, Role.INSPECTOR):
        raise PermissionDeniedError(
            zh="只有纪检监察人员和系统管理员可以进行合规检查",
            en="only inspectors and system administrators may run conformance checks",
        )


@router.post("/checks", response={202: QueuedOut, 400: ErrorOut, 403: ErrorOut})
def check_start(
    request,
    org: Form[str | None] = None,
    power: Form[str | None] = None,
    log: File[UploadedFile | None] = None,
):
    """Queue a check of the uploaded log against the published flowchart of the
    organisation's power item ``power``."""
    actor = request_actor(request)
    _supervisor(request_user(request))
    code = _required(org, "org", "请给出单位编码", "give the organisation's code (org)")
    item = _required(power, "power", "请给出职权编码", "give the power item's code (power)")
    if log is None:
        raise DomainError(
            code="required", field="log", zh="请上传事件日志文件", en="upload the event log (log)"
        )
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise DomainError(
            code="unknown_org",
            field="org",
            zh=f"没有编码为 {code} 的单位",
            en=f"no organisation {code}",
        )
    try:
        process = selectors.published_process(code=f"{organisation.code}:{item}")
    except CheckError as exc:
        raise DomainError(code=exc.error_code, field="power", zh=exc.zh, en=exc.en) from None
    run = services.conformance_run_start(
        actor=actor, process=process, log_name=log.name or "", data=log
    )
    return Status(202, QueuedOut(id=run.pk, status="queued"))


@router.get("/checks/{run_id}", response={200: CheckOut, 403: ErrorOut, 404: ErrorOut})
def check_detail(request, run_id: Id):
    """A check's status, progress, summary and (once done) report."""
    user = request_user(request)
    _supervisor(user)
    run = selectors.runs(user=user).filter(pk=run_id).first()
    if run is None:
        return Status(
            404,
            DomainError(
                code="not_found",
                field="id",
                zh=f"没有编号为 {run_id} 的合规检查, 或无权查看",
                en=f"no conformance check {run_id}, or not yours to see",
            ).as_dict(),
        )
    waiting = None
    if run.status == "queued":
        waiting = selectors.waiting_text(run)
    return CheckOut(
        id=run.pk,
        status=run.status,
        progress=run.progress,
        summary=run.summary or {},
        report=selectors.report(run) if run.status == "done" else None,
        error=run.error,
        waiting=waiting,
    )
