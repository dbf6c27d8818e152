"""Conformance checks from the back office: start a check of an uploaded log against a
power's published model (inspectors and system administrators), and run it (the
background job, in a child process of the worker with the job limits:
``core.limited``). One audit entry per service. An uploaded log is refused by its size
before it is read (``YANGGUANG_LOG_MAX_BYTES``), read within the readers' bounds
(``logs.limits``), and deleted once its run has ended, whichever way."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record
from yangguang.conformance import actions
from yangguang.conformance.checker import Machine, check
from yangguang.conformance.logs import read_log
from yangguang.conformance.logs.limits import DEFAULT_MAX_BYTES
from yangguang.conformance.models import CheckRun, Finding, RunStatus
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.flows.compiled import from_db
from yangguang.flows.models import ProcessModel, ProcessStatus

#: what a run's end writes (its log is deleted then)
ENDED_FIELDS = ["status", "error", "progress", "phase", "finished", "log_data"]
SUFFIXES = (".csv", ".xes", ".xes.gz")


def _require_supervisor(actor: Actor, org) -> None:
    if actor.kind == "system":
        return
    if access.role_of(actor.user) not in (Role.SYSADMIN, Role.INSPECTOR) or not (
        access.can_in_org(actor.user, "supervise", org)
    ):
        raise PermissionDeniedError(
            zh="只有纪检监察人员和系统管理员可以进行合规检查",
            en="only inspectors and system administrators may run conformance checks",
        )


def _max_log_bytes() -> int:
    return int(getattr(settings, "YANGGUANG_LOG_MAX_BYTES", DEFAULT_MAX_BYTES))


def conformance_run_start(*, actor: Actor, process: ProcessModel, log_name: str, data) -> CheckRun:
    """Store an uploaded log (bytes, or an uploaded file: refused by its size before it
    is read) for a check of ``process`` (published) and queue the job."""
    org = process.power.power_list.organisation
    _require_supervisor(actor, org)
    if process.status != ProcessStatus.PUBLISHED:
        raise DomainError(
            code="not_published",
            field="process",
            zh="只能对照已发布的流程图检查",
            en="logs are checked against published flowcharts only",
        )
    name = (log_name or "").strip()
    if not name.lower().endswith(SUFFIXES):
        raise DomainError(
            code="log_format",
            field="log",
            zh="日志须为 .csv、.xes 或 .xes.gz 文件",
            en="the log must be a .csv, .xes or .xes.gz file",
        )
    limit = _max_log_bytes()
    too_large = DomainError(
        code="log_too_large",
        field="log",
        zh=f"日志文件过大(上限 {limit // 1024 // 1024} MB)",
        en=f"the log is too large (limit {limit // 1024 // 1024} MB)",
    )
    size = len(data) if isinstance(data, bytes) else int(getattr(data, "size", 0) or 0)
    if size > limit:
        raise too_large
    if not isinstance(data, bytes):
        data = data.read(limit + 1)  # an upload without a size says it here
        if len(data) > limit:
            raise too_large
    if not data:
        raise DomainError(code="empty_log", field="log", zh="日志文件为空", en="the log is empty")
    with transaction.atomic():
        run = CheckRun.objects.create(
            organisation=org,
            process=process,
            log_name=name[:255],
            log_data=data,
            created_by=actor.user if actor.kind == "person" else None,
        )
        audit_record(
            actor=actor,
            action=actions.RUN_START,
            obj=run,
            org_id=org.pk,
            extra={"process": process.pk, "log": run.log_name, "bytes": len(data)},
        )

        def enqueue() -> None:
            from yangguang.conformance.tasks import run_check_task

            run_check_task.enqueue(run.pk)

        transaction.on_commit(enqueue)
    return run


def _progress(run: CheckRun, progress: int, phase: str) -> None:
    CheckRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress=progress, phase=phase
    )


def conformance_run_execute(*, actor: Actor, run: CheckRun) -> CheckRun:
    """Run a queued check: read the log, check it, store the findings and the summary
    (or the reason it could not run)."""
    _require_supervisor(actor, run.organisation)
    started = time.perf_counter()
    _progress(run, 5, "read")
    findings: list[Finding] = []
    summary: dict = {}
    error = ""
    try:
        suffix = ".xes.gz" if run.log_name.lower().endswith(".gz") else Path(run.log_name).suffix
        with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
            fh.write(bytes(run.log_data))
            fh.flush()
            log = read_log(fh.name)
        _progress(run, 40, "check")
        from yangguang.workdays.selectors import current_calendar

        process = from_db(run.process, with_risks=False)
        # a finding of lateness needs the official arrangement: no provisional years
        result = check(log, Machine(process), current_calendar().exact())
        _progress(run, 80, "store")
        case_index = {c: i for i, c in enumerate(log.case_ids)}
        lane = {n.name or n.id: n.lane for n in process.tasks}
        for cid, kind, activity, k, detail in result.deviations:
            c = case_index[cid]
            i = log.offsets[c] + k
            inside = k >= 0 and i < log.offsets[c + 1]
            person = log.resources[log.res[i]] if inside else ""
            dept = (log.roles[log.role[i]] if inside else "") or lane.get(activity, "")
            findings.append(
                Finding(
                    run=run,
                    case_id=cid[:200],
                    kind=kind,
                    activity=activity[:200],
                    event_index=k,
                    detail=detail,
                    department=dept[:200],
                    person=person[:200],
                )
            )
        summary = {
            "cases": result.cases,
            "events": result.events,
            "conformant_cases": result.conformant_cases,
            "deviations": result.counts,
            "seconds": round(time.perf_counter() - started, 3),
            "notes": result.notes,
        }
    except DomainError as exc:
        error = f"{exc.zh} ({exc.en})"
    with transaction.atomic():
        run.refresh_from_db(fields=["status"])
        if error:
            run.status, run.error, run.progress, run.phase = RunStatus.FAILED, error, 100, ""
        else:
            Finding.objects.bulk_create(findings, batch_size=2000)
            run.status, run.summary, run.progress, run.phase = RunStatus.DONE, summary, 100, ""
        run.finished = timezone.now()
        run.log_data = b""  # the upload is not kept once its run has ended
        run.save(update_fields=[*ENDED_FIELDS, "summary"])
        audit_record(
            actor=actor,
            action=actions.RUN_FINISH,
            obj=run,
            org_id=run.organisation_id,
            extra={"status": run.status, "findings": len(findings), "error": error[:500]},
        )
    return run


def conformance_run_fail(*, actor: Actor, run: CheckRun, zh: str, en: str) -> CheckRun:
    """A queued or running check that cannot finish (its worker died: ``core.workers.
    recover_lost_jobs``) is marked failed with the reason; a finished one is left as is."""
    _require_supervisor(actor, run.organisation)
    with transaction.atomic():
        run = CheckRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run
        error = f"{zh} ({en})"  # as the other failures of a run are stored
        run.status, run.error, run.progress, run.phase = RunStatus.FAILED, error, 100, ""
        run.finished = timezone.now()
        run.log_data = b""  # the upload is not kept once its run has ended
        run.save(update_fields=ENDED_FIELDS)
        audit_record(
            actor=actor,
            action=actions.RUN_FINISH,
            obj=run,
            org_id=run.organisation_id,
            extra={"status": run.status, "findings": 0, "error": error[:500]},
        )
    return run
