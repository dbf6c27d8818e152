"""The discretion benchmarks (自由裁量权基准) shown and checked: the office and portal item
pages, the API (benchmarks of the item in force, the penalty check; 200/400/404
bilingual) and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from yangguang.powers import selectors as sel
from yangguang.powers import services as s

from .helpers import SYSTEM
from .test_catalogue import publish
from .test_review_api import bilingual, post, token_client

BASE = "/api/v1/powers/lists/D1/items"


def add_benchmarks(cf) -> None:
    s.benchmark_add(
        actor=SYSTEM, power=cf, grade="slight", description="首次轻微", other_penalties="警告"
    )
    s.benchmark_add(
        actor=SYSTEM, power=cf, grade="ordinary", description="一般", fine_min=50000, fine_max=65000
    )
    s.benchmark_add(
        actor=SYSTEM,
        power=cf,
        grade="grave",
        description="情节严重的",
        fine_min=85000,
        fine_max=100000,
        other_penalties="没收违法所得",
        quantified=False,
    )


@pytest.fixture
def in_force(plist, items, people):
    add_benchmarks(items["cf1"])
    return publish(plist, people)


def test_portal_item_page_shows_the_benchmarks(in_force):
    html = Client().get("/powers/org/D1/item/CF00001000/").content.decode()
    assert "自由裁量权基准" in html
    for text in ("轻微", "首次轻微", "警告", "一般", "50000–65000 元", "严重", "情节严重的"):
        assert text in html, text
    assert "85000–100000 元" in html and "未细化" in html and "没收违法所得" in html
    assert "(slight)" not in html
    licence = Client().get("/powers/org/D1/item/XK00001000/").content.decode()
    assert "自由裁量权基准" not in licence


def test_office_item_page_shows_the_benchmarks(in_force, people, items):
    c = Client()
    c.force_login(people["clerk"])
    html = c.get(f"/office/powers/D1/item/{items['cf1'].pk}/").content.decode()
    assert "自由裁量权基准" in html and "50000–65000 元" in html and "未细化" in html
    # a penalty without benchmarks says so
    html = c.get(f"/office/powers/D1/item/{items['cf2'].pk}/").content.decode()
    assert "自由裁量权基准" in html and "未填写" in html


def test_english_page_names_the_grades_in_english(in_force):
    c = Client()
    c.cookies["django_language"] = "en"
    html = c.get("/powers/org/D1/item/CF00001000/", headers={"accept-language": "en"})
    text = html.content.decode()
    assert "Discretion benchmarks" in text and "Fine range" in text
    assert "slight" in text and "not broken down" in text and "85000–100000 yuan" in text
    assert "自由裁量权基准" not in text and "未细化" not in text


def test_api_benchmarks_of_the_item_in_force(in_force, items):
    response = Client().get(BASE + "/CF00001000/benchmarks")
    assert response.status_code == 200, response.content
    rows = {b["grade"]: b for b in response.json()}
    assert set(rows) == {"slight", "ordinary", "grave"}
    assert rows["ordinary"] == {
        "grade": "ordinary",
        "description": "一般",
        "min": 50000,
        "max": 65000,
        "other_penalties": "",
        "quantified": True,
    }
    assert rows["slight"]["min"] is None and rows["slight"]["other_penalties"] == "警告"
    assert rows["grave"]["quantified"] is False
    # a draft change counts only once published: the item in force is used
    s.benchmark_add(
        actor=SYSTEM, power=items["cf1"], grade="serious", description="较重", fine_min=1,
        fine_max=2,
    )  # fmt: skip
    assert len(Client().get(BASE + "/CF00001000/benchmarks").json()) == 3


def test_api_benchmarks_refusals(in_force):
    bilingual(Client().get(BASE + "/XK00001000/benchmarks"), 400, "benchmark_not_penalty")
    bilingual(Client().get(BASE + "/CF09999000/benchmarks"), 404, "not_found")
    bilingual(Client().get("/api/v1/powers/lists/NOPE/items/CF00001000/benchmarks"), 404, "not_found")  # fmt: skip
    bilingual(Client().get("/api/v1/powers/lists/D2/items/CF00001000/benchmarks"), 404, "not_found")  # fmt: skip


@pytest.mark.parametrize(
    ("grade", "amount", "within", "low", "high", "phrase"),
    [
        ("ordinary", 60000, True, 50000, 65000, "幅度内"),
        ("ordinary", 70000, False, 50000, 65000, "高于"),
        ("ordinary", "49999.5", False, 50000, 65000, "低于"),
        ("grave", 85000, True, 85000, 100000, "一律按下限执行"),
        ("grave", 90000, False, 85000, 100000, "一律按下限执行"),
        ("slight", 0, True, None, None, "不处罚款"),
    ],
)
def test_api_penalty_check(in_force, people, grade, amount, within, low, high, phrase):
    c = token_client(people["clerk"])
    response = post(c, BASE + "/CF00001000/penalty-check", {"grade": grade, "amount": amount})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"within", "min", "max", "message"}
    assert (body["within"], body["min"], body["max"]) == (within, low, high)
    assert phrase in body["message"]


def test_api_penalty_check_refusals(in_force, people):
    c = token_client(people["clerk"])
    url = BASE + "/CF00001000/penalty-check"
    bilingual(post(c, url, {"grade": "medium", "amount": 1}), 400, "grade_unknown")
    bilingual(post(c, url, {"grade": "serious", "amount": 1}), 400, "benchmark_missing")
    bilingual(post(c, url, {"grade": "ordinary", "amount": -5}), 400, "amount_invalid")
    bilingual(post(c, url, {"grade": "ordinary", "amount": "abc"}), 400, "amount_invalid")
    bilingual(post(c, url, {"grade": "ordinary"}), 400, "required")
    xk = BASE + "/XK00001000/penalty-check"
    bilingual(post(c, xk, {"grade": "ordinary", "amount": 1}), 400, "benchmark_not_penalty")
    bilingual(post(c, BASE + "/CF09999000/penalty-check", {"grade": "ordinary", "amount": 1}), 404, "not_found")  # fmt: skip
    bilingual(post(c, "/api/v1/powers/lists/NOPE/items/CF00001000/penalty-check", {"grade": "ordinary", "amount": 1}), 404, "not_found")  # fmt: skip
    assert post(Client(), url, {"grade": "ordinary", "amount": 1}).status_code == 401


def test_benchmark_paths_in_the_openapi_document(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    get = paths["/api/v1/powers/lists/{org}/items/{code}/benchmarks"]["get"]
    assert {"200", "400", "404"} <= set(get["responses"])
    check = paths["/api/v1/powers/lists/{org}/items/{code}/penalty-check"]["post"]
    assert {"200", "400", "404"} <= set(check["responses"])


def test_a_working_item_is_checked_against_the_version_in_force(in_force, items):
    # the draft's benchmark for "serious" is not in force yet
    s.benchmark_add(
        actor=SYSTEM, power=items["cf1"], grade="serious", description="较重", fine_min=1,
        fine_max=2,
    )  # fmt: skip
    found = sel.benchmarks_in_force(items["cf1"])
    assert found.version == 1 and "serious" not in {b.grade for b in found.benchmarks}
    check = sel.penalty_check(power=items["cf1"], circumstance="ordinary", amount=60000)
    assert check.inside and check.fine_min == 50000
