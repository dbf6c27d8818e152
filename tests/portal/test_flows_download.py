"""The public list of flowcharts as CSV and JSON (``/flows.csv``, ``/flows.json``): the
charts the page shows (published charts of published powers), its fields only."""

from __future__ import annotations

import csv
import io
import json

from django.test import Client

from tests.flows.conftest import SYSTEM, build_licence, publish_list, w  # noqa: F401
from yangguang.flows import services as fs


def test_flows_download_lists_what_the_page_shows(w):  # noqa: F811
    c = Client()
    p = build_licence(w, publish=True)
    # the power itself is not published yet: the page and the downloads are empty
    assert json.loads(c.get("/flows.json").content) == []
    publish_list(w)
    draft = fs.process_new_version(actor=SYSTEM, process=p)  # a draft is never public
    html = c.get("/flows/").content.decode()
    assert 'href="/flows.csv"' in html and 'href="/flows.json"' in html

    response = c.get("/flows.json")
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="flows.json"' in response["Content-Disposition"]
    (row,) = json.loads(response.content)
    assert row == {
        "id": p.pk, "organisation_code": w.dept.code, "organisation": w.dept.name,
        "power_code": "XK00001000", "power": "食品经营许可", "grade": row["grade"],
        "grade_label": f"{row['grade']}级",
    }  # fmt: skip
    assert row["grade"] and f"grade-{row['grade']}" in html  # the grade the page shows
    assert row["id"] != draft.pk

    response = c.get("/flows.csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # BOM for spreadsheet programs
    table = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r["职权名称"] for r in table] == ["食品经营许可"]
    assert list(table[0]) == [
        "编号",
        "单位代码",
        "单位",
        "职权编码",
        "职权名称",
        "风险等级代码",
        "风险等级",
    ]
    assert table[0]["风险等级"] == row["grade_label"]
    assert c.get("/flows.xml").status_code == 404
