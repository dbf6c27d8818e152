"""Open data consistent across the public downloads (issue 16 point 13): CSVs headed in
Chinese, codes with their labels, times in Asia/Shanghai, 是/否 for yes and no; the JSON
keeps stable English keys and true/false, and names no staff the page does not show."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.test import Client

from tests.disclosure.conftest import at, person
from yangguang.disclosure import downloads
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def _csv(path: str) -> list[dict[str, str]]:
    body = Client().get(path).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_one_shape_for_every_value():
    columns = [
        downloads.Column("when", "时间"),
        downloads.Column("day", "日期"),
        downloads.Column("late", "是否逾期"),
        downloads.Column("status", "状态", m.RequestStatus),
        downloads.Column("note", "备注"),
    ]
    utc = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)
    rows = [{"when": utc, "day": datetime.date(2026, 3, 2), "late": True, "status": "refused",
             "note": "=HYPERLINK(1)"}]  # fmt: skip
    (line,) = downloads.json_rows(columns, rows)
    assert line == {
        "when": "2026-03-02T01:30:00+08:00", "day": "2026-03-02", "late": True,
        "status": "refused", "status_label": "不予公开", "note": "=HYPERLINK(1)",
    }  # fmt: skip
    header, values = downloads.csv_table(columns, rows)
    assert header == ["时间", "日期", "是否逾期", "状态代码", "状态", "备注"]
    assert values == [
        "2026-03-02 01:30:00",
        "2026-03-02",
        "是",
        "refused",
        "不予公开",
        "'=HYPERLINK(1)",
    ]
    empty = downloads.csv_table(columns, [{"late": False}])[1]
    assert empty == ["", "", "否", "", "", ""]


def test_the_public_downloads_are_headed_in_chinese(tree, users):
    clerk = person(users["clerk"])
    req, _code = s.info_request_submit(
        actor=clerk, organisation=tree["dept"], subject="2025年低保资金发放情况",
        description="申请公开2025年低保资金发放情况。", requester_name="申请人",
        requester_contact="13800000000", publish_consent=True, at=at(2026, 3, 2, 9),
    )  # fmt: skip
    s.info_request_answer(
        actor=clerk, request=req, outcome="answered_full", answer="见附件。", at=at(2026, 3, 10)
    )
    (row,) = json.loads(Client().get("/requests/all.json").content)
    assert row["received_at"] == "2026-03-02T09:00:00+08:00"  # Asia/Shanghai, not UTC
    assert row["status"] == "answered_full" and row["status_label"] == "予以公开"
    assert row["extended"] is False and row["organisation_code"] == tree["dept"].code
    assert "申请人" not in json.dumps(row, ensure_ascii=False)
    (line,) = _csv("/requests/all.csv")
    assert line["收到时间"] == "2026-03-02 09:00:00" and line["是否延期"] == "否"
    assert (line["状态代码"], line["状态"]) == ("answered_full", "予以公开")
    for path in ("/requests/all.csv", "/statistics/all.csv", "/disclosure/items.csv",
                 "/organisations.csv", "/flows.csv", "/decisions.csv"):  # fmt: skip
        body = Client().get(path).content.decode("utf-8-sig")
        header = body.splitlines()[0]
        assert not re.search(r"[A-Za-z]", header), (path, header)
        assert "True" not in body and "False" not in body and "None" not in body, path
