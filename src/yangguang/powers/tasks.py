"""Background jobs of the power lists (django-tasks): the Excel import's preview and
the import itself, so that reading a workbook never happens in a web request and a long
import reports its progress (rows done of total) to the back office (see
``excel.jobs``). Both read the file in a child process with the job limits
(``core.limited``); killed for memory or time, the job is failed with the reason. The
uploaded file is deleted when the job ends; a daily job deletes those left alone."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.limited import JobLimitError, run_limited
from yangguang.core.workers import on_lost


@task()
def preview_power_list(job_id: str, revision: int = 0) -> dict:
    """Read and check the uploaded file under the job's mapping ``revision`` and store
    the preview the page shows (``excel.preview``); a refused file ends the job."""
    from yangguang.powers.excel import jobs, preview

    def current() -> bool:
        state = jobs.load(job_id) or {}
        return state.get("status") == "previewing" and state.get("revision", 0) == revision

    if not current():
        return {"skipped": "a newer mapping has its own preview"}
    jobs.update(job_id, phase="preview")
    try:
        result = run_limited(preview.compute, job_id)
    except JobLimitError as exc:
        result = preview.refused(revision, exc.zh, exc.en)
    if not current():
        return {"skipped": "a newer mapping has its own preview"}
    if "refused" in result:
        why = result["refused"]
        jobs.update(job_id, status="failed", error=f"{why['zh']} ({why['en']})")
        jobs.discard_source(job_id)
        return {"error": why}
    jobs.save_preview(job_id, result)
    jobs.update(job_id, status="preview")
    return result["summary"]


def preview_again(job_id: str, **changes) -> None:
    """A new mapping for the job: its preview is made again by the worker."""
    from django.utils import timezone

    from yangguang.powers.excel import jobs

    state = jobs.load(job_id) or {}
    revision = int(state.get("revision") or 0) + 1
    jobs.update(
        job_id, status="previewing", phase="", revision=revision,
        queued=timezone.now().isoformat(), **changes,
    )  # fmt: skip
    preview_power_list.enqueue(job_id, revision)


@task()
def import_power_list(job_id: str) -> dict:
    """Read the uploaded file again, check it, and apply it through
    ``services.power_items_import`` as the user who started it (in a child process with
    the job limits). Returns the summary. The file is deleted whatever the outcome."""
    from yangguang.powers.excel import jobs

    if jobs.load(job_id) is None:
        return {"error": "job not found"}
    try:
        return run_limited(_import, job_id)
    except JobLimitError as exc:
        # out of memory or time is the reason, whatever the child wrote; a child that
        # died otherwise may have said why already
        if exc.code != "died" or (jobs.load(job_id) or {}).get("status") != "failed":
            jobs.update(job_id, status="failed", error=f"{exc.zh} ({exc.en})")
        raise
    finally:
        jobs.discard_source(job_id)


def _import(job_id: str) -> dict:
    from yangguang.accounts.models import User
    from yangguang.orgs.models import Organisation
    from yangguang.powers import services
    from yangguang.powers.excel import jobs, plan
    from yangguang.powers.models import PowerList

    state = jobs.load(job_id)
    if state is None:
        return {"error": "job not found"}
    jobs.update(job_id, status="running", phase="read", done=0, total=0)
    try:
        user = User.objects.get(pk=state["user_id"]) if state.get("user_id") else None
        actor = Actor.person(user) if user is not None else Actor.system("powers.import")
        org = Organisation.objects.get(pk=state["org_id"])
        power_list = PowerList.objects.filter(organisation=org).first()
        if power_list is None:
            power_list = services.power_list_create(actor=actor, organisation=org)
        checked = plan.build(
            jobs.source(job_id),
            power_list,
            override=state.get("override") or {},
            progress=jobs.progress_writer(job_id, "read"),
        )
        refusal = checked.refusal()
        if refusal is not None:
            raise refusal
        outcome = services.power_items_import(
            actor=actor,
            power_list=power_list,
            rows=checked.rows,
            progress=jobs.progress_writer(job_id, "write"),
        )
    except DomainError as exc:
        jobs.update(job_id, status="failed", error=str(exc))
        return {"error": str(exc)}
    except MemoryError:
        raise  # the job's limit: said by the worker (core.limited)
    except Exception:
        jobs.update(
            job_id, status="failed", error="导入时发生内部错误 (internal error during import)"
        )
        raise
    summary = {**checked.summary(), **outcome.as_json()}
    jobs.update(job_id, status="done", summary=summary)
    return summary


@on_lost(import_power_list)
def _worker_lost(args: list, kwargs: dict, zh: str, en: str) -> None:
    """The import's worker died: the job is failed with the reason (nothing was written:
    the import applies in one transaction), not "running" forever."""
    from yangguang.powers.excel import jobs

    job_id = kwargs.get("job_id", args[0] if args else None)
    state = jobs.load(job_id) if job_id else None
    if state is not None and state.get("status") in ("queued", "running"):
        jobs.update(job_id, status="failed", error=f"{zh} ({en})")
    if state is not None:
        jobs.discard_source(job_id)


@on_lost(preview_power_list)
def _preview_worker_lost(args: list, kwargs: dict, zh: str, en: str) -> None:
    """The preview's worker died: the job is failed with the reason and its file let go."""
    from yangguang.powers.excel import jobs

    job_id = kwargs.get("job_id", args[0] if args else None)
    state = jobs.load(job_id) if job_id else None
    if state is not None and state.get("status") == "previewing":
        jobs.update(job_id, status="failed", error=f"{zh} ({en})")
        jobs.discard_source(job_id)


@task()
def purge_import_files() -> dict:
    """Daily: the files of import jobs left alone, and old jobs (``jobs.purge``)."""
    from yangguang.powers.excel import jobs

    return {"purged": jobs.purge()}
