"""Portal pages that lead on: a power's page links to its flowchart and risk map, an
organisation's page to its list, flowcharts, decisions and disclosure; the flowchart's
step table gives its units (工作日/自然日) and the chart opens full size (SVG, PDF); the
portal's menu marks one current section, by the view's full name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from yangguang.flows import services as fs
from yangguang.flows.models import Node
from yangguang.powers import services as s

from .helpers import SYSTEM

FIXTURES = Path(__file__).resolve().parents[2] / "src/yangguang/flows/fixtures"
_CURRENT = re.compile(r'<a href="[^"]*" aria-current="page">([^<]+)</a>')


def publish(plist, people):
    s.power_list_submit(actor=SYSTEM, power_list=plist, by=people["clerk"])
    s.power_list_first_approve(actor=SYSTEM, power_list=plist, by=people["leader"])
    s.power_list_second_approve(actor=SYSTEM, power_list=plist, by=people["gov_leader"])
    return s.power_list_publish(actor=SYSTEM, power_list=plist)


@pytest.fixture
def site(plist, items, people, org):
    process = fs.import_bpmn(
        actor=SYSTEM, power=items["xk"], xml_bytes=(FIXTURES / "food-licence.bpmn").read_bytes()
    )
    task = Node.objects.filter(process=process, kind="task").order_by("pk").first()
    fs.step_update(actor=SYSTEM, node=task, limit_days=1, limit_unit="calendar")
    fs.process_publish(actor=SYSTEM, process=process)
    version = publish(plist, people)
    return {"process": process, "version": version, "task": task, **org, **items}


def html_of(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def nav(html: str) -> list[str]:
    menu = html.split('class="site-nav"')[1].split("</nav>")[0]
    return _CURRENT.findall(menu)


def test_a_power_links_to_its_flowchart_and_risk_map(site):
    pk = site["process"].pk
    html = html_of("/powers/org/D1/item/XK00001000/")
    assert f'href="/flows/{pk}/"' in html
    assert f'href="/flows/{pk}/#risks"' in html
    assert f'href="/flows/{pk}/chart.svg"' in html and f'href="/flows/{pk}/poster.pdf"' in html
    # a power without a published chart says so
    html = html_of("/powers/org/D1/item/CF00001000/")
    assert "本事项尚未发布流程图" in html and "/flows/" not in html.split("<main")[1]


def test_the_step_table_gives_units_and_the_chart_opens_full_size(site):
    pk = site["process"].pk
    html = html_of(f"/flows/{pk}/")
    table = html.split('id="risks"')[1].split("</table>")[0]
    assert "1 个自然日" in table  # the step set in calendar days
    assert "个工作日" in table  # the others, in working days
    assert re.search(r"<td>\d+</td>", table) is None  # no bare number
    assert f'<a href="/flows/{pk}/chart.svg"><img' in html  # the chart opens at full size
    assert f'href="/flows/{pk}/poster.pdf"' in html
    svg = Client().get(f"/flows/{pk}/chart.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    head = svg.content.decode()[:400]
    assert re.search(r'width="\d+', head) and re.search(r'height="\d+', head)  # its own size
    assert "个自然日" in svg.content.decode()


def test_an_organisation_links_to_what_it_publishes(site):
    html = html_of("/org/D1/")
    assert 'href="/powers/org/D1/"' in html
    assert 'href="/flows/?org=D1"' in html
    assert 'href="/requests/?org=D1"' in html and 'href="/complaints/"' in html
    assert "决策公开" in html and "主动公开" in html
    flows = html_of("/flows/?org=D1")
    assert "食品经营许可" in flows and 'href="/org/D1/"' in flows
    # a body that has published nothing says so instead of linking to empty pages
    html = html_of("/org/D2/")
    assert 'href="/powers/org/D2/"' not in html and "尚未发布" in html
    assert "本单位尚未发布流程图" in html_of("/flows/?org=D2")
    assert "本单位暂无公开的决定" in html_of("/decisions/?org=D2")
    assert Client().get("/flows/?org=NOPE").status_code == 404
    assert Client().get("/decisions/?org=NOPE").status_code == 404


def test_the_menu_marks_one_section(site):
    pk = site["process"].pk
    expected = {
        "/": "首页",
        "/org/D1/": "单位",
        "/powers/": "权力清单",
        "/powers/org/D1/": "权力清单",
        "/powers/org/D1/item/XK00001000/": "权力清单",  # url_name "item", as the disclosure's
        f"/flows/{pk}/": "权力清单",
        "/flows/": "权力清单",
        "/decisions/": "决策公开",
        "/disclosure/": "主动公开",
        "/requests/": "依申请公开",
        "/requests/new/": "依申请公开",
        "/complaints/": "投诉举报",
        "/complaints/follow/": "投诉举报",
        "/statistics/": "统计",
    }
    got = {url: nav(html_of(url)) for url in expected}
    assert got == {url: [label] for url, label in expected.items()}
