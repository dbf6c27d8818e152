"""Background jobs of conformance checking (django-tasks): a check of an uploaded log
runs outside the request and stores its progress on the run."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.limited import JobLimitError, run_limited
from yangguang.core.workers import on_lost


@task()
def run_check_task(run_id: int) -> dict:
    from yangguang.conformance import services
    from yangguang.conformance.models import CheckRun
    from yangguang.core.context import Actor

    run = CheckRun.objects.filter(pk=run_id).select_related("created_by").first()
    if run is None:
        return {"error": "run not found"}
    user = run.created_by
    actor = Actor.person(user) if user is not None else Actor.system("conformance.check")
    try:
        # read and checked in a child process with the job limits (core.limited)
        run_limited(services.conformance_run_execute, actor=actor, run=run)
    except JobLimitError as exc:
        services.conformance_run_fail(actor=Actor.system("worker"), run=run, zh=exc.zh, en=exc.en)
    run.refresh_from_db()
    return {"status": run.status, **run.summary}


@on_lost(run_check_task)
def _worker_lost(args: list, kwargs: dict, zh: str, en: str) -> None:
    """The run's worker died: the run is failed with the reason, not "running" forever."""
    from yangguang.conformance import services
    from yangguang.conformance.models import CheckRun
    from yangguang.core.context import Actor

    run_id = kwargs.get("run_id", args[0] if args else None)
    run = CheckRun.objects.filter(pk=run_id).first()
    if run is not None:
        services.conformance_run_fail(actor=Actor.system("worker"), run=run, zh=zh, en=en)
