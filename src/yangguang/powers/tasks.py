"""Background jobs of the power lists (django-tasks): the Excel import, so that a long
import runs outside the request and reports its progress (rows done of total) to the
back office (see ``excel.jobs``)."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.workers import on_lost


@task()
def import_power_list(job_id: str) -> dict:
    """Read the uploaded file again, check it, and apply it through
    ``services.power_items_import`` as the user who started it. Returns the summary."""
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
