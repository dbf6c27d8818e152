"""Hostile workbooks (issue 25, point 1): rows and cells are bounded while the sheet
streams in (a row gap and a far-away cell count too), merged ranges are cut to the cells
read; the preview is made once, by the worker, and stored (a page view reads nothing);
the uploaded file is deleted when its job ends; an import killed for memory is failed
with the reason."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from openpyxl import Workbook

from yangguang.core.errors import DomainError
from yangguang.powers.excel import jobs, plan, reader
from yangguang.powers.models import PowerItem

from .test_excel_support import book_bytes, standard_rows

HEADER = ["序号", "职权编码", "职权名称", "子项", "职权类型", "实施主体", "设定依据", "责任事项", "追责情形", "备注"]  # fmt: skip


def rows_book(n: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("清单")
    ws.append(HEADER)
    for i in range(n):
        ws.append([i + 1, f"XK{i + 1:05d}000", f"许可{i}", None, "行政许可"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sparse_book(*, row: int = 1, column: int = 1) -> bytes:
    """A header and one cell far away: the reader pads up to it."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.cell(row=row, column=column, value="远处")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_merge(data: bytes, ref: str) -> bytes:
    """The workbook with one merged range written straight into the sheet's XML."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                tag = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
                body = body.replace(b"</sheetData>", b"</sheetData>" + tag, 1)
            dst.writestr(item, body)
    return out.getvalue()


@override_settings(YANGGUANG_IMPORT_MAX_ROWS=100)
def test_too_many_rows_refused(plist):
    assert plan.build(rows_book(98), plist).data_rows == 98
    with pytest.raises(DomainError) as err:
        plan.build(rows_book(150), plist)
    assert err.value.error_code == "sheet_too_large" and err.value.field == "file"
    assert "超过 100 行" in err.value.zh and "more than 100 rows" in err.value.en


def test_a_row_gap_counts_its_empty_rows(plist):
    """One cell at row 1,000,000: a million empty rows came out before; refused at the
    100,000th (the default), quickly."""
    started = time.perf_counter()
    with pytest.raises(DomainError) as err:
        reader.read_sheet(sparse_book(row=1_000_000))
    assert err.value.error_code == "sheet_too_large" and "100000" in err.value.zh
    assert time.perf_counter() - started < 20


@override_settings(YANGGUANG_IMPORT_MAX_CELLS=100_000)
def test_a_far_away_cell_counts_the_width(plist):
    """A cell in column XFD: every row is 16,384 cells wide."""
    with pytest.raises(DomainError) as err:
        reader.read_sheet(sparse_book(row=40, column=16384))
    assert err.value.error_code == "sheet_too_large" and "16384" in err.value.zh


def test_a_merge_over_the_whole_sheet_is_cut_to_the_cells_read(plist):
    """A1:XFD1048576 would have been 17 billion covered cells."""
    data = with_merge(book_bytes(title=None, two_rows=False, notes=False), "A1:XFD1048576")
    started = time.perf_counter()
    sheet = reader.read_sheet(data)
    assert time.perf_counter() - started < 10
    width = max(map(len, sheet.rows))
    assert sheet.merges == [(1, 1, len(sheet.rows), width)]


@override_settings(YANGGUANG_IMPORT_MAX_CELLS=30)
def test_merged_cells_count_against_the_bound(plist):
    data = with_merge(book_bytes(title=None, two_rows=False, notes=False), "A2:J9")
    with pytest.raises(DomainError) as err:
        reader.read_sheet(data)
    assert err.value.error_code == "sheet_too_large"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _job_of(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def test_the_preview_is_made_once_by_the_worker_and_stored(people, plist, monkeypatch):
    calls = []
    real = plan.build
    monkeypatch.setattr(plan, "build", lambda *a, **k: calls.append(1) or real(*a, **k))
    c = client_for(people["clerk"])
    response = c.post(
        "/office/powers/D1/import/", {"file": SimpleUploadedFile("l.xlsx", book_bytes())}
    )
    job = _job_of(response)
    assert len(calls) == 1  # the preview task (run at once by the test backend)
    assert jobs.load(job)["status"] == "preview" and jobs.load_preview(job)["ok"]
    for _ in range(3):
        html = c.get(response["Location"]).content.decode()
        assert "确认导入" in html and "职权名称/主项" in html
    assert len(calls) == 1  # page views read the stored preview
    # a new mapping: the worker makes the preview again, once
    fields = {
        "col_0": "seq", "col_1": "code", "col_2": "name", "col_3": "sub_name", "col_4": "type",
        "col_5": "body", "col_6": "basis", "col_7": "responsibilities",
        "col_8": "accountabilities", "col_9": "",
    }  # fmt: skip
    c.post(response["Location"], {"action": "mapping", **fields})
    assert len(calls) == 2 and jobs.load(job)["revision"] == 2
    c.get(response["Location"])
    assert len(calls) == 2
    c.post(response["Location"], {"action": "commit"})
    assert PowerItem.objects.filter(power_list=plist).count() == 5
    assert jobs.load(job)["status"] == "done"
    with pytest.raises(FileNotFoundError):  # the job has ended: its upload is gone
        jobs.source(job)


@override_settings(YANGGUANG_IMPORT_MAX_ROWS=50)
def test_a_refused_sheet_ends_the_job_with_the_reason_and_its_file(people, plist):
    c = client_for(people["clerk"])
    response = c.post(
        "/office/powers/D1/import/", {"file": SimpleUploadedFile("l.xlsx", rows_book(80))}
    )
    job = _job_of(response)
    state = jobs.load(job)
    assert state["status"] == "failed" and "超过 50 行" in state["error"]
    html = c.get(response["Location"]).content.decode()
    assert "导入失败" in html and "超过 50 行" in html
    with pytest.raises(FileNotFoundError):
        jobs.source(job)


def test_the_progress_fragment_polls_while_previewing_then_reloads(people, plist):
    c = client_for(people["clerk"])
    response = c.post(
        "/office/powers/D1/import/", {"file": SimpleUploadedFile("l.xlsx", book_bytes())}
    )
    job = _job_of(response)
    jobs.update(job, status="previewing", phase="preview")
    fragment = c.get(response["Location"] + "progress/")
    assert 'hx-trigger="every 1s"' in fragment.content.decode() and "HX-Refresh" not in fragment
    assert "正在读取和检查文件" in c.get(response["Location"]).content.decode()
    jobs.update(job, status="preview")
    assert c.get(response["Location"] + "progress/")["HX-Refresh"] == "true"


def test_files_left_alone_are_purged(people, plist):
    state = jobs.create(
        data=book_bytes(), filename="l.xlsx", org_id=plist.organisation_id, user_id=None
    )
    jobs.update(state["id"], status="preview")
    busy = jobs.create(
        data=book_bytes(), filename="b.xlsx", org_id=plist.organisation_id, user_id=None
    )
    jobs.update(busy["id"], status="running")
    later = time.time() + 3 * 86400
    jobs.purge(now=later)
    with pytest.raises(FileNotFoundError):
        jobs.source(state["id"])
    assert jobs.source(busy["id"])  # the worker is at it
    jobs.purge(now=time.time() + 31 * 86400)
    assert jobs.load(state["id"]) is None and jobs.load(busy["id"]) is None


@pytest.fixture
def committed(transactional_db):
    """The department and its list, committed (a child process sees them)."""
    import importlib

    from tests.powers.conftest import org, people
    from yangguang.powers import services as s
    from yangguang.powers.models import PowerType

    from .helpers import SYSTEM

    seeded = importlib.import_module("yangguang.powers.migrations.0002_seed_power_types")
    for order, (code, name) in enumerate(seeded.TYPES, start=1):  # emptied by earlier flushes
        PowerType.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    world = org.__wrapped__(transactional_db)
    staff = people.__wrapped__(world)
    plist = s.power_list_create(actor=SYSTEM, organisation=world["dept"])
    return {"org": world, "people": staff, "plist": plist}


def _address_space_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


def test_an_import_killed_for_memory_is_failed_with_the_reason(committed, monkeypatch):
    """The import reads its file in a child process limited to 300 MB more than the
    worker has; a reader that wants 2 GB is refused the memory there: the job is failed
    with the reason, nothing is written, the file is deleted, and the next job runs."""
    from yangguang.powers import tasks

    real = plan.build

    def greedy(*args, **kwargs):
        hoard = bytearray(2048 * 1024 * 1024)  # what a hostile workbook would make it take
        return real(*args, **kwargs) if hoard else None

    org = committed["org"]["dept"]
    with override_settings(YANGGUANG_JOB_MEMORY_MB=_address_space_mb() + 300):
        hog = jobs.create(data=book_bytes(), filename="a.xlsx", org_id=org.pk, user_id=None)
        jobs.update(hog["id"], status="queued")
        monkeypatch.setattr(plan, "build", greedy)
        tasks.import_power_list.enqueue(hog["id"])
        state = jobs.load(hog["id"])
        assert state["status"] == "failed"
        assert "内存超过了上限" in state["error"] and "more memory than the limit" in state["error"]
        assert not PowerItem.objects.exists()
        with pytest.raises(FileNotFoundError):
            jobs.source(hog["id"])
        monkeypatch.setattr(plan, "build", real)
        fine = jobs.create(data=book_bytes(), filename="b.xlsx", org_id=org.pk, user_id=None)
        jobs.update(fine["id"], status="queued")
        tasks.import_power_list.enqueue(fine["id"])
        assert jobs.load(fine["id"])["status"] == "done"
    assert PowerItem.objects.filter(power_list=committed["plist"]).count() == len(standard_rows())
