"""The back office: upload a log for a published power, the job runs (immediate backend
in tests), the report with filters and figures, the Excel export; inspectors only."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from yangguang.conformance.models import CheckRun, Finding

CSV = (
    "case_id,activity,timestamp,resource,role\n"
    "1,受理,2026-01-05 09:00,张三,窗口\n1,审查,2026-01-06 10:00,李四,业务科\n"
    "1,决定,2026-01-07 11:00,王五,领导\n"
    "2,受理,2026-01-05 09:00,张三,窗口\n2,决定,2026-01-06 10:00,张三,窗口\n"
    "3,受理,2026-01-05 09:00,赵六,窗口\n"
).encode()


def _upload(client, world, data=CSV, name="log.csv"):
    return client.post(
        reverse("conformance:index"),
        {"process": world.process.pk, "log": SimpleUploadedFile(name, data)},
    )


def test_inspector_uploads_and_reads_the_report(
    client, w_published, django_capture_on_commit_callbacks
):
    client.force_login(w_published.users["inspector"])
    assert "合规检查" in client.get(reverse("conformance:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resp = _upload(client, w_published)
    run = CheckRun.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("conformance:detail", args=[run.pk])
    assert run.status == "done" and run.progress == 100
    assert run.summary["cases"] == 3 and run.summary["conformant_cases"] == 1
    kinds = sorted(Finding.objects.values_list("kind", flat=True))
    assert kinds == ["incomplete_case", "missing_step", "sod_violation"]
    sod = Finding.objects.get(kind="sod_violation")
    assert (sod.person, sod.department) == ("张三", "窗口")
    page = client.get(reverse("conformance:detail", args=[run.pk]) + "?kind=sod_violation")
    html = page.content.decode()
    assert page.status_code == 200 and "sod_violation" in html and "张三" in html
    assert "incomplete_case</td>" not in html
    by_person = client.get(reverse("conformance:detail", args=[run.pk]) + "?person=赵六")
    assert by_person.context["total"] == 1
    x = client.get(reverse("conformance:export", args=[run.pk]))
    rows = list(load_workbook(io.BytesIO(x.content)).worksheets[0].values)
    assert len(rows) == 4 and rows[0][0].startswith("案件编号")
    kinds = {r[1] for r in rows[1:]}  # by name, not by code; details in one language
    assert "sod_violation" not in kinds and "违反不相容岗位分离" in kinds
    assert not [r[6] for r in rows[1:] if " (" in (r[6] or "") and "(the " in r[6]]


def test_a_log_that_cannot_be_read_fails_with_the_reason(
    client, w_published, django_capture_on_commit_callbacks
):
    client.force_login(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, w_published, b"case_id,activity\n1,a\n")
    run = CheckRun.objects.get()
    assert run.status == "failed" and "resource" in run.error
    assert not Finding.objects.exists()


def test_clerks_are_refused(client, w_published):
    client.force_login(w_published.users["clerk"])
    assert client.get(reverse("conformance:index")).status_code == 403
    assert _upload(client, w_published).status_code == 403
    assert not CheckRun.objects.exists()


def test_wrong_file_type_is_refused(client, w_published):
    client.force_login(w_published.users["inspector"])
    resp = _upload(client, w_published, name="log.pdf")
    assert resp.status_code == 200 and not CheckRun.objects.exists()
