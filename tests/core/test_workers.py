"""What a queued job waits for: the heartbeat of the task worker, the states a queued job
is in (a worker alive; none yet; none for over a minute). The pages that say so:
tests/conformance/test_queued.py, tests/powers/test_import_queued.py."""

from __future__ import annotations

import datetime as dt

from yangguang.core.models import WorkerBeat
from yangguang.core.workers import Heartbeat, alive, describe, queued_state

NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def _beat(seen: dt.datetime, kind: str = "worker", worker_id: str = "w1") -> None:
    WorkerBeat.objects.create(worker_id=worker_id, kind=kind, pid=1, started=seen, seen=seen)


def test_a_job_without_a_worker_waits_then_says_so_plainly(db):
    assert queued_state(NOW - dt.timedelta(seconds=20), now=NOW).state == "waiting"
    late = queued_state(NOW - dt.timedelta(minutes=3), now=NOW)
    assert (late.state, late.minutes, late.workers) == ("no_worker", 3, 0)
    zh, en = describe(late)
    assert "3 分钟" in zh and "没有正在运行的后台任务进程" in zh and "yangguang worker" in zh
    assert "no task worker is running" in en and "yangguang serve" in en
    # an ISO string (the import jobs' state files) reads the same
    iso = (NOW - dt.timedelta(minutes=3)).isoformat()
    assert queued_state(iso, now=NOW).state == "no_worker"


def test_a_live_worker_is_what_it_waits_for_a_stale_one_is_not(db):
    _beat(NOW - dt.timedelta(minutes=5), worker_id="old")  # stopped long ago, never removed
    _beat(NOW - dt.timedelta(seconds=5), kind="scheduler", worker_id="s")
    assert alive("worker", now=NOW) == 0
    assert queued_state(NOW - dt.timedelta(minutes=3), now=NOW).state == "no_worker"
    _beat(NOW - dt.timedelta(seconds=5))
    state = queued_state(NOW - dt.timedelta(minutes=3), now=NOW)
    assert (state.state, state.workers) == ("worker_busy", 1)
    assert "正在运行" in describe(state)[0]


def test_the_heartbeat_row_lives_as_long_as_the_process(db):
    beat = Heartbeat(kind="worker", worker_id="abc").start()
    row = WorkerBeat.objects.get(worker_id="abc")
    assert row.kind == "worker" and row.pid > 0 and alive("worker") == 1
    assert not beat.orphaned()
    beat.stop()
    assert not WorkerBeat.objects.exists()


def test_the_supervised_process_notices_its_parent_is_gone(monkeypatch):
    monkeypatch.setenv("YANGGUANG_SUPERVISOR_PID", "1")  # pytest's parent is not init
    assert Heartbeat(kind="worker").orphaned()
    monkeypatch.delenv("YANGGUANG_SUPERVISOR_PID")
    assert not Heartbeat(kind="worker").orphaned()


def test_an_import_whose_worker_died_is_failed_and_a_stale_beat_counts_as_gone(
    db, settings, tmp_path
):
    from django_tasks_db.models import DBTaskResult

    from yangguang.core.workers import recover_lost_jobs
    from yangguang.powers.excel import jobs

    settings.VAR_DIR = tmp_path
    state = jobs.create(data=b"PK", filename="a.xlsx", org_id=1, user_id=None)
    jobs.update(state["id"], status="running")
    _beat(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5), worker_id="old")  # no beat since
    DBTaskResult.objects.create(
        status="RUNNING", task_path="yangguang.powers.tasks.import_power_list",
        args_kwargs={"args": [state["id"]], "kwargs": {}}, worker_ids=["old"],
        backend_name="default", queue_name="default", priority=0,
        run_after=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    assert recover_lost_jobs() == 1
    after = jobs.load(state["id"])
    assert after["status"] == "failed" and "后台进程已中止" in after["error"]


def test_the_worker_waits_out_a_locked_database_instead_of_exiting(db, monkeypatch):
    from django.db.utils import OperationalError
    from django_tasks_db.management.commands.db_worker import Command as DbWorker

    from yangguang.core.management.commands import worker

    calls = []

    def handle(self, *args, **options):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr(DbWorker, "handle", handle)
    monkeypatch.setattr(worker, "LOCKED_PAUSE", 0.01)
    worker.Command().handle(worker_id="locked-test")  # db_worker's handle is stubbed above
    assert len(calls) == 3
    monkeypatch.setattr(
        DbWorker, "handle", lambda self, *a, **k: (_ for _ in ()).throw(OperationalError("disk"))
    )
    with __import__("pytest").raises(OperationalError):  # another error still stops it
        worker.Command().handle(worker_id="locked-test")
