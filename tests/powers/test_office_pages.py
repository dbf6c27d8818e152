"""Back-office pages of the power lists: scoped to the user's subtree (else 404), the
import flow (upload, mapping, preview with row errors, commit as a task, progress)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.latin import visible_text
from yangguang.audit.models import AuditEntry
from yangguang.powers.models import PowerItem

from .helpers import Unchanged
from .test_excel_support import book_bytes, standard_rows


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_pages_need_sign_in(items):
    response = Client().get("/office/powers/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["clerk", "leader", "gov_leader", "inspector", "sysadmin"])
def test_in_scope_staff_see_the_working_list(people, items, who):
    c = client_for(people[who])
    html = c.get("/office/powers/D1/").content.decode()
    assert "食品经营许可" in html and "XK00001001" in html
    assert c.get(f"/office/powers/D1/item/{items['sub1'].pk}/").status_code == 200
    assert c.get("/office/powers/D1/export.xlsx").status_code == 200
    assert "某县市场监督管理局" in c.get("/office/powers/").content.decode()


def test_out_of_scope_is_404(people, items):
    c = client_for(people["other_clerk"])
    assert c.get("/office/powers/D1/").status_code == 404
    assert c.get(f"/office/powers/D1/item/{items['xk'].pk}/").status_code == 404
    assert c.get("/office/powers/D1/export.xlsx").status_code == 404
    assert c.get("/office/powers/D1/import/").status_code == 404
    assert "某县市场监督管理局" not in c.get("/office/powers/").content.decode()
    # an item of another organisation through this one's address
    assert (
        client_for(people["clerk"]).get(f"/office/powers/D2/item/{items['xk'].pk}/").status_code
        == 404
    )


def test_only_editors_import(people, items):
    assert client_for(people["leader"]).get("/office/powers/D1/import/").status_code == 404
    assert client_for(people["inspector"]).get("/office/powers/D1/import/").status_code == 404
    assert client_for(people["clerk"]).get("/office/powers/D1/import/").status_code == 200


def upload(c, data, name="list.xlsx"):
    return c.post("/office/powers/D1/import/", {"file": SimpleUploadedFile(name, data)})


def test_import_flow_preview_then_commit_with_progress(people, plist):
    c = client_for(people["clerk"])
    response = upload(c, book_bytes())
    assert response.status_code == 302
    job_url = response["Location"]
    before = Unchanged()
    html = c.get(job_url).content.decode()
    assert "职权名称/主项" in html and "确认导入" in html
    before.check()  # nothing saved by the preview
    response = c.post(job_url, {"action": "commit"})
    assert response.status_code == 302
    assert PowerItem.objects.filter(power_list=plist).count() == 5
    creates = AuditEntry.objects.filter(action="power.item_create", actor_name="clerk")
    assert creates.count() == 5
    page = c.get(job_url).content.decode()
    assert "导入完成" in page
    fragment = c.get(job_url + "progress/").content.decode()
    assert "导入完成" in fragment and "hx-trigger" not in fragment
    # another user may not look at this job
    assert client_for(people["org_admin"]).get(job_url).status_code == 404


def test_progress_fragment_polls_while_running(people, plist):
    from yangguang.powers.excel import jobs

    c = client_for(people["clerk"])
    job_url = upload(c, book_bytes())["Location"]
    job_id = job_url.rstrip("/").rsplit("/", 1)[1]
    jobs.update(job_id, status="running", phase="write", done=3, total=5)
    fragment = c.get(job_url + "progress/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="3"' in fragment
    page = c.get(job_url).content.decode()
    assert "htmx.min.js" in page and "<script>" not in page


def test_preview_shows_row_errors_and_refuses_commit(people, plist):
    c = client_for(people["clerk"])
    rows = standard_rows()
    rows[0][4] = "行政魔法"
    job_url = upload(c, book_bytes(rows))["Location"]
    html = c.get(job_url).content.decode()
    assert "行错误" in html and "行政魔法" in html and "E 职权类型" in html
    assert "未知的职权类型" in html and "unknown power type" not in html  # one language
    assert "确认导入" not in html
    c.post(job_url, {"action": "commit"})
    assert not PowerItem.objects.exists()


def test_mapping_step_changes_the_columns(people, plist):
    c = client_for(people["clerk"])
    job_url = upload(c, book_bytes())["Location"]
    # drop the remarks column (J) and keep the rest as detected
    fields = {
        "col_0": "seq", "col_1": "code", "col_2": "name", "col_3": "sub_name", "col_4": "type",
        "col_5": "body", "col_6": "basis", "col_7": "responsibilities",
        "col_8": "accountabilities", "col_9": "",
    }  # fmt: skip
    response = c.post(job_url, {"action": "mapping", **fields})
    assert response.status_code == 302
    html = c.get(job_url).content.decode()
    assert '<option value="remarks" selected' not in html
    assert '<option value="code" selected' in html


def test_upload_refuses_bad_files(people, plist):
    c = client_for(people["clerk"])
    html = upload(c, b"just text", "list.xlsx").content.decode()
    text = visible_text(html)
    assert "电子表格" in text and "spreadsheet" not in text  # refused, in one language
    assert not PowerItem.objects.exists()


def test_report_page(people, items):
    html = client_for(people["leader"]).get("/office/powers/report/").content.decode()
    assert "审核情况统计" in html


def test_sidebar_links_the_power_lists(people):
    html = client_for(people["clerk"]).get("/office/").content.decode()
    assert 'href="/office/powers/"' in html


def test_export_buttons(people, items):
    response = client_for(people["clerk"]).get("/office/powers/D1/export.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content))
    assert wb.active["B4"].value == "CF00001000" or wb.active.max_row == 8
