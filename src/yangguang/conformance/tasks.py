"""Background jobs of conformance checking (django-tasks): a check of an uploaded log
runs outside the request and stores its progress on the run."""

from __future__ import annotations

from django_tasks import task


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
    run = services.conformance_run_execute(actor=actor, run=run)
    return {"status": run.status, **run.summary}
