"""The public catalogue: published powers by organisation, type and keyword (substring
search in Chinese), item pages, version history and comparison, downloads."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from yangguang.powers import services as s

from .helpers import SYSTEM


def publish(plist, people):
    s.power_list_submit(actor=SYSTEM, power_list=plist, by=people["clerk"])
    s.power_list_first_approve(actor=SYSTEM, power_list=plist, by=people["leader"])
    s.power_list_second_approve(actor=SYSTEM, power_list=plist, by=people["gov_leader"])
    return s.power_list_publish(actor=SYSTEM, power_list=plist)


@pytest.fixture
def published(plist, items, people, org):
    planning = s.power_item_create(
        actor=SYSTEM,
        power_list=plist,
        code="XK00002000",
        name="建设工程规划许可",
        type="XK",
        statutory_limit=20,
        statutory_unit="working_days",
        promised_limit=10,
        promised_unit="working_days",
    )
    s.legal_basis_add(
        actor=SYSTEM, item=planning, law="《中华人民共和国城乡规划法》", article="第四十条"
    )
    s.responsibility_add(actor=SYSTEM, item=planning, stage="acceptance", duty="公示申请材料")
    s.accountability_add(actor=SYSTEM, item=planning, description="对符合条件的申请不予受理的")
    version = publish(plist, people)
    return {"version": version, "planning": planning}


def get(url, **params):
    return Client().get(url, params)


def test_search_finds_a_substring(published):
    html = get("/powers/", q="许可").content.decode()
    assert "建设工程规划许可" in html and "食品经营许可" in html
    html = get("/powers/", q="规划").content.decode()
    assert "建设工程规划许可" in html and "食品经营许可" not in html
    html = get("/powers/", q="城乡规划法").content.decode()  # the basis is searched too
    assert "建设工程规划许可" in html
    assert "没有找到符合条件的事项" in get("/powers/", q="不存在的词").content.decode()


def test_filter_by_organisation_and_type(published):
    html = get("/powers/", type="CF").content.decode()
    assert "对经营超过保质期食品的处罚" in html and "建设工程规划许可" not in html
    assert "建设工程规划许可" in get("/powers/", org="D1").content.decode()
    assert "建设工程规划许可" not in get("/powers/", org="D2").content.decode()
    assert "建设工程规划许可" not in get("/powers/", org="NOPE").content.decode()


def test_unpublished_items_are_not_shown(published, plist):
    s.power_item_create(
        actor=SYSTEM, power_list=plist, code="XK00009000", name="草稿许可", type="XK"
    )
    assert "草稿许可" not in get("/powers/", q="草稿").content.decode()
    assert "草稿许可" not in get("/powers/org/D1/").content.decode()


def test_item_page_shows_basis_limits_and_responsibilities(published):
    response = get("/powers/org/D1/item/XK00002000/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "《中华人民共和国城乡规划法》第四十条" in html
    assert "20个工作日" in html and "10个工作日" in html
    assert "受理" in html and "公示申请材料" in html and "对符合条件的申请不予受理的" in html
    assert get("/powers/org/D1/item/XK99999000/").status_code == 404


def test_organisation_page_history_and_compare(published, plist, people):
    item = plist.items.get(code="XK00002000")
    s.power_item_update(actor=SYSTEM, item=item, name="建设工程规划许可证核发")
    s.power_item_create(
        actor=SYSTEM, power_list=plist, code="XK00003000", name="新增许可", type="XK"
    )
    s.decision_record(
        actor=SYSTEM,
        item=plist.items.get(code="CF00002000"),
        decision="cancel",
        reason="r",
        basis="b",
    )
    publish(plist, people)
    html = get("/powers/org/D1/").content.decode()
    assert "版本历史" in html and "新增许可" in html
    assert 'href="/powers/org/D1/compare/?old=1&amp;new=2"' in html
    old = get("/powers/org/D1/", v="1").content.decode()
    assert "新增许可" not in old and "不是最新版本" in old
    diff = get("/powers/org/D1/compare/", old="1", new="2").content.decode()
    assert "XK00003000 新增许可" in diff
    assert "CF00002000" in diff and "建设工程规划许可证核发" in diff
    assert get("/powers/org/D1/", v="9").status_code == 404
    assert get("/powers/org/D2/").status_code == 404  # nothing published


def test_downloads(published):
    version = published["version"]
    response = get("/powers/org/D1/download.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "建设工程规划许可" in text and "20个工作日" in text
    response = get("/powers/org/D1/download.json")
    assert hashlib.sha256(response.content).hexdigest() == version.sha256
    data = json.loads(response.content)
    assert {i["code"] for i in data["items"]} >= {"XK00002000", "XK00001001"}
    response = get("/powers/org/D1/download.xlsx", v="1")
    wb = load_workbook(io.BytesIO(response.content))
    codes = [r[1] for r in wb.active.iter_rows(min_row=4, values_only=True)]
    assert "XK00002000" in codes and len(codes) == version.item_count
    assert get("/powers/org/D1/download.xlsx", v="x").status_code == 404


def test_catalogue_has_no_inline_scripts_or_styles(published):
    for url in ("/powers/", "/powers/org/D1/", "/powers/org/D1/item/XK00002000/"):
        html = get(url).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html
        assert 'name="viewport"' in html


def test_the_json_download_names_no_staff_the_page_does_not_show(published, people):
    data = json.loads(get("/powers/org/D1/download.json").content)
    assert data["published_by"]  # shown on the page (发布人)
    assert not {"drafter", "first_reviewer", "second_reviewer"} & set(data)
    text = json.dumps(data, ensure_ascii=False)
    for who in ("clerk", "leader", "legal_office"):
        assert f'"{people[who].full_name}"' not in text


def test_a_format_1_version_downloads_without_the_reviewers():
    from yangguang.powers.snapshot import canonical, public_snapshot

    old, _ = canonical({"format": "yangguang.powers/1", "drafter": "张三", "first_reviewer": "李四",
                        "second_reviewer": "王五", "published_by": "赵六", "items": []})  # fmt: skip
    assert json.loads(public_snapshot(old)) == {
        "format": "yangguang.powers/1",
        "published_by": "赵六",
        "items": [],
    }
    new, _ = canonical({"format": "yangguang.powers/2", "published_by": "赵六", "items": []})
    assert public_snapshot(new) is new
