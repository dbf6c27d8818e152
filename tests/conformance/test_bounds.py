"""Hostile event logs (issue 25, point 1): what a log inflates to and any single element
or line are bounded; a log over a bound is refused with a clear message (an exit code
on the command line), never a MemoryError or a traceback; an upload is refused by its
size before it is read; a check runs in a child process with a memory limit and, killed
for memory, is failed with the reason while the worker carries on."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tests.conformance.helpers import LICENCE
from yangguang.conformance.logs import LogError, LogLimits, read_log, xes_reader
from yangguang.conformance.models import CheckRun

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
SMALL = LogLimits(max_bytes=MiB, max_inflated=8 * MiB, max_element=MiB)
TRACE = (
    '<trace><string key="concept:name" value="{n}"/>'
    '<event><string key="concept:name" value="受理"/>'
    '<date key="time:timestamp" value="2026-01-05T09:00:00+08:00"/></event></trace>'
)


def spaces_bomb(path: Path, mib: int, head: bytes = b'<?xml version="1.0"?><log><trace>') -> Path:
    """``<log><trace>`` and ``mib`` MiB of spaces, gzipped (4 GiB made 4.2 MB)."""
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(head)
        block = b" " * MiB
        for _ in range(mib):
            fh.write(block)
    return path


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_trace_of_spaces_is_refused_at_the_element_bound_in_flat_memory(tmp_path):
    bomb = spaces_bomb(tmp_path / "bomb.xes.gz", 24)
    assert bomb.stat().st_size < 100_000

    def read():
        with pytest.raises(LogError) as err:
            read_log(bomb, limits=SMALL)
        assert err.value.error_code == "element_too_large"
        assert "1 MiB" in err.value.zh and "single element" in err.value.en

    assert _peak(read) < 6 * MiB  # was: the whole 24 MiB and growing (MemoryError at 3.1 GB)


def test_spaces_before_the_first_trace_are_bounded_too(tmp_path):
    bomb = spaces_bomb(tmp_path / "bomb.xes.gz", 4, head=b'<?xml version="1.0"?><log>')
    with pytest.raises(LogError) as err:
        read_log(bomb, limits=SMALL)
    assert err.value.error_code == "element_too_large" and "first trace" in err.value.en


def test_what_a_log_inflates_to_is_bounded(tmp_path):
    body = "".join(TRACE.format(n=i) for i in range(40_000)).encode()  # ~7 MiB of traces
    path = tmp_path / "many.xes.gz"
    path.write_bytes(gzip.compress(b"<log>" + body + b"</log>"))
    limits = LogLimits(max_bytes=MiB, max_inflated=2 * MiB, max_element=MiB)
    with pytest.raises(LogError) as err:
        read_log(path, limits=limits)
    assert err.value.error_code == "log_too_large" and "2 MiB" in err.value.zh
    assert read_log(path, limits=SMALL).n_cases == 40_000  # under the bounds: read


def test_the_general_parser_keeps_the_bounds(tmp_path):
    """A nested attribute sends the file to the general parser: a run of text without a
    tag, and a trace larger than the element bound, are refused there too."""
    nested = '<list key="x"><string key="y" value="z"/></list>'
    spaces = " " * (2 * MiB)
    path = tmp_path / "nested.xes"
    path.write_text(
        f"<log>{TRACE.format(n=1).replace('</event>', nested + spaces + '</event>')}</log>"
    )
    with pytest.raises(LogError) as err:
        xes_reader._read_xes_general(path, SMALL)
    assert err.value.error_code == "element_too_large"
    events = "".join(
        '<event><string key="concept:name" value="受理"/>'
        '<date key="time:timestamp" value="2026-01-05T09:00:00+08:00"/>' + nested + "</event>"
        for _ in range(12_000)
    )
    path.write_text(f'<log><trace><string key="concept:name" value="1"/>{events}</trace></log>')
    with pytest.raises(LogError) as err:
        read_log(path, limits=SMALL)
    assert err.value.error_code == "element_too_large"
    roomy = LogLimits(max_bytes=MiB, max_inflated=8 * MiB, max_element=4 * MiB)
    assert read_log(path, limits=roomy).n_events == 12_000


def test_a_csv_line_or_field_over_the_bound_is_named_by_its_line(tmp_path):
    head = "case_id,activity,timestamp,resource\n1,受理,2026-01-05 09:00,张三\n"
    long_line = tmp_path / "line.csv"
    long_line.write_text(head + '2,"' + "x" * (3 * MiB) + '",2026-01-05 09:00,r\n')
    with pytest.raises(LogError) as err:
        read_log(long_line, limits=SMALL)
    assert err.value.error_code == "line_too_long" and "第 3 行" in err.value.zh
    # a quoted field over many short lines: the csv module's field limit, as a LogError
    field = tmp_path / "field.csv"
    field.write_text(head + '2,"' + "x\n" * (MiB // 2 + 10) + '",2026-01-05 09:00,r\n')
    with pytest.raises(LogError) as err:
        read_log(field, limits=SMALL)
    assert err.value.error_code == "line_too_long"
    # the default field limit of the csv module (128 KiB) was a traceback before
    wide = tmp_path / "wide.csv"
    wide.write_text(head + '2,"' + "y" * 200_000 + '",2026-01-05 09:00,r\n')
    assert read_log(wide, limits=SMALL).n_events == 2


def test_a_csv_larger_than_the_bound_is_refused_by_its_size(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(
        "case_id,activity,timestamp,resource\n" + "1,受理,2026-01-05 09:00,张三\n" * 400_000
    )
    limits = LogLimits(max_bytes=MiB, max_inflated=2 * MiB, max_element=MiB)

    def read():
        with pytest.raises(LogError) as err:
            read_log(path, limits=limits)
        assert err.value.error_code == "log_too_large" and "2 MiB" in err.value.en

    assert _peak(read) < MiB  # refused by its size: never read


def test_the_command_line_refuses_with_a_message_and_exit_code_2(transactional_db, tmp_path):
    """The Django-free path of ``yangguang supervise check`` reads the bounds from the
    environment; a bomb ends with one bilingual line and exit status 2."""
    from tests.conformance.test_cli_fast import _database_url

    flow = tmp_path / "m.bpmn"
    flow.write_bytes(LICENCE)
    bomb = spaces_bomb(tmp_path / "bomb.xes.gz", 3)
    env = {
        **os.environ,
        "YANGGUANG_LOG_MAX_ELEMENT_BYTES": str(MiB),
        "DATABASE_URL": _database_url(),
    }
    argv = ["supervise", "check", "--flow", str(flow), "--log", str(bomb), "--out", "o.json"]
    proc = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "yangguang", *argv],
        env=env, capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "检查未能进行" in proc.stderr and "1 MiB" in proc.stderr
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr


class NoRead:
    """An upload that must not be read."""

    name, size = "huge.csv", 3 * MiB

    def read(self, *args):
        raise AssertionError("read although too large")


@override_settings(YANGGUANG_LOG_MAX_BYTES=MiB)
def test_an_upload_over_the_limit_is_refused_by_its_size_unread(w_published):
    from yangguang.conformance import services
    from yangguang.core.context import Actor
    from yangguang.core.errors import DomainError

    actor = Actor.person(w_published.users["inspector"])
    with pytest.raises(DomainError) as err:
        services.conformance_run_start(
            actor=actor, process=w_published.process, log_name="huge.csv", data=NoRead()
        )
    assert err.value.error_code == "log_too_large" and "1 MB" in err.value.zh
    assert not CheckRun.objects.exists()


def test_the_log_is_not_kept_once_its_run_ended(
    client, w_published, django_capture_on_commit_callbacks
):
    client.force_login(w_published.users["inspector"])
    log = "case_id,activity,timestamp,resource\n1,受理,2026-01-05 09:00,张三\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("conformance:index"),
            {"process": w_published.process.pk, "log": SimpleUploadedFile("l.csv", log.encode())},
        )
    run = CheckRun.objects.get()
    assert run.status == "done" and bytes(run.log_data) == b""


@pytest.fixture
def world_committed(transactional_db):
    """The published licence chart, committed (a child process sees it)."""
    import importlib

    from tests.flows.conftest import build_licence, publish_list, w
    from yangguang.demo.loader import reset_database
    from yangguang.powers.models import PowerType

    seeded = importlib.import_module("yangguang.powers.migrations.0002_seed_power_types")
    for order, (code, name) in enumerate(seeded.TYPES, start=1):  # emptied by earlier flushes
        PowerType.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    world = w.__wrapped__(transactional_db)
    publish_list(world)
    world.process = build_licence(world, publish=True)
    yield world
    reset_database()  # the published versions are guarded: emptied as a DBA would


def _address_space_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


def test_a_check_killed_for_memory_is_failed_with_the_reason(world_committed, monkeypatch):
    """The reader of this check wants 2 GB: its child process, limited to 300 MB more
    than the worker has, is refused the memory; the run is failed with the reason and
    its log deleted, and the worker goes on to the next check."""
    from yangguang.conformance import services
    from yangguang.core.context import Actor

    actor = Actor.person(world_committed.users["inspector"])
    log = b"case_id,activity,timestamp,resource\n1,\xe5\x8f\x97\xe7\x90\x86,2026-01-05 09:00,r\n"
    real = services.read_log

    def greedy(*args, **kwargs):
        hoard = bytearray(2048 * MiB)  # what a hostile file would make the reader take
        return real(*args, **kwargs) if hoard else None

    # the check's job runs at once (the immediate backend), in a child of this process
    monkeypatch.setattr(services, "read_log", greedy)
    with override_settings(YANGGUANG_JOB_MEMORY_MB=_address_space_mb() + 300):
        hog = services.conformance_run_start(
            actor=actor, process=world_committed.process, log_name="a.csv", data=log
        )
        hog.refresh_from_db()
        assert hog.status == "failed"
        assert "内存超过了上限" in hog.error and "more memory than the limit" in hog.error
        assert bytes(hog.log_data) == b""
        monkeypatch.setattr(services, "read_log", real)
        fine = services.conformance_run_start(
            actor=actor, process=world_committed.process, log_name="b.csv", data=log
        )
        fine.refresh_from_db()
        assert fine.status == "done", fine.error
