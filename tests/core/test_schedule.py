"""Recurring jobs: declared in code, enqueued once per interval, run through django-tasks
(the immediate backend in tests), with the time of the last run kept in the database."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.utils import timezone

from yangguang.audit.models import AuditEntry, Checkpoint
from yangguang.audit.tasks import checkpoint_task
from yangguang.core import schedule
from yangguang.core.context import Actor
from yangguang.core.models import ScheduledJob
from yangguang.orgs.services import region_create

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


@pytest.fixture(autouse=True)
def audit_key(monkeypatch):
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    monkeypatch.setenv("YANGGUANG_AUDIT_KEY", base64.b64encode(raw).decode())


def test_checkpoint_job_is_declared():
    assert checkpoint_task.module_path in schedule.JOBS
    assert schedule.JOBS[checkpoint_task.module_path].every == dt.timedelta(minutes=60)


def test_due_job_runs_once_per_interval():
    region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    assert AuditEntry.objects.count() == 1
    t0 = timezone.now()

    assert checkpoint_task.module_path in schedule.enqueue_due(now=t0)
    first = Checkpoint.objects.get()
    assert first.tree_size == 1
    row = ScheduledJob.objects.get(name=checkpoint_task.module_path)
    assert row.last_enqueued == t0 and row.last_result_id

    # not due again within the hour, whatever else happens
    region_create(actor=SYSTEM, code="340000", name="安徽省", level="province")
    assert checkpoint_task.module_path not in schedule.enqueue_due(
        now=t0 + dt.timedelta(minutes=59)
    )
    assert Checkpoint.objects.count() == 1

    # due after the hour: a new checkpoint covers the new entries
    assert checkpoint_task.module_path in schedule.enqueue_due(now=t0 + dt.timedelta(minutes=61))
    assert Checkpoint.objects.order_by("-tree_size").first().tree_size > first.tree_size


def test_scheduler_command_once(capsys):
    region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    call_command("scheduler", "--once")
    assert checkpoint_task.module_path in capsys.readouterr().out
    assert Checkpoint.objects.count() == 1


def test_recurring_refuses_non_positive_interval():
    with pytest.raises(ValueError, match="positive"):
        schedule.recurring(checkpoint_task, every=dt.timedelta(0), name="bad")
    assert "bad" not in schedule.JOBS
