"""The check pages say what a queued check waits for, in the page's one language, and
plainly when it has waited over a minute with no task worker alive."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yangguang.conformance.models import CheckRun


def test_the_check_page_says_what_a_queued_check_waits_for(
    client, w_published, django_capture_on_commit_callbacks
):
    client.force_login(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("conformance:index"),
            {"process": w_published.process.pk, "log": SimpleUploadedFile("l.csv", b"x")},
        )
    run = CheckRun.objects.get()
    page = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "等待后台任务进程" in page and 'role="alert"' not in page
    CheckRun.objects.filter(pk=run.pk).update(created=timezone.now() - dt.timedelta(minutes=2))
    page = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "没有正在运行的后台任务进程" in page and 'role="alert"' in page
    listing = client.get(reverse("conformance:index")).content.decode()
    assert "没有正在运行的后台任务进程" in listing
    client.cookies["django_language"] = "en"
    english = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "no task worker is running" in english and "没有正在运行的后台任务进程" not in english


def _left_running(task_path: str, args: list, worker_id: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status="RUNNING", task_path=task_path, args_kwargs={"args": args, "kwargs": {}},
        worker_ids=[worker_id], backend_name="default", queue_name="default", priority=0,
        run_after=timezone.now(), started_at=timezone.now(),
    )  # fmt: skip


def test_a_check_whose_worker_died_is_failed_with_the_reason_not_running_forever(
    client, w_published, django_capture_on_commit_callbacks
):
    """issue 25 point 6: kill -9 of the worker in the middle of a check."""
    from yangguang.core.models import WorkerBeat
    from yangguang.core.workers import recover_lost_jobs

    client.force_login(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("conformance:index"),
            {"process": w_published.process.pk, "log": SimpleUploadedFile("l.csv", b"x")},
        )
    run = CheckRun.objects.get()
    CheckRun.objects.filter(pk=run.pk).update(status="running", progress=40)
    now = timezone.now()
    # the dead worker's last beat is fresh, but its process is gone from this machine
    WorkerBeat.objects.create(
        worker_id="dead", kind="worker", host=__import__("socket").gethostname(),
        pid=2**22 + 12345, started=now, seen=now,
    )  # fmt: skip
    job = _left_running("yangguang.conformance.tasks.run_check_task", [run.pk], "dead")
    # a job of a worker that is alive is left alone
    WorkerBeat.objects.create(
        worker_id="alive", kind="worker", host="elsewhere", pid=1, started=now, seen=now
    )
    other = _left_running("yangguang.conformance.tasks.run_check_task", [run.pk], "alive")
    assert recover_lost_jobs() == 1
    job.refresh_from_db()
    other.refresh_from_db()
    assert (job.status, other.status) == ("FAILED", "RUNNING")
    assert "WorkerLostError" in job.exception_class_path
    run.refresh_from_db()
    assert run.status == "failed" and "后台进程已中止" in run.error
    page = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "后台进程已中止" in page
    assert recover_lost_jobs() == 0  # once only
