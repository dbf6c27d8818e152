"""A power list walked from submit to publish in the browser by four people: the clerk
adds a sub-item and a decision and submits, the department's leader does the first
review, the government's legal office the second, the county head publishes. Each finds
the list waiting on the office home. One small data set (not the demo county)."""

from __future__ import annotations

import pytest

from yangguang.accounts import services as accounts
from yangguang.core.context import Actor
from yangguang.orgs import services as orgs
from yangguang.powers import services as powers
from yangguang.powers.models import ListStatus, PowerList, PowerListVersion, PowerType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


@pytest.fixture(autouse=True)
def _published_versions_removed_before_flush(request):
    """Published versions are immutable (database guard): the flush that ends this test
    would be refused, so they are removed first, as a DBA would."""
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    from yangguang.powers.models import PublishedItem
    from yangguang.powers.triggers import disabled

    with disabled(connection):
        PublishedItem.objects.all().delete()
        PowerListVersion.objects.all().delete()


def make_data():
    province = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    county = orgs.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=province
    )
    gov = orgs.organisation_create(
        actor=SYSTEM, code="GOV", name="桐庐县人民政府", kind="government", region=county
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="SCJ", name="桐庐县市场监督管理局", kind="department", region=county,
        parent=gov,
    )  # fmt: skip
    people = {
        "clerk": ("李经办", dept, "clerk"),
        "director": ("王局长", dept, "leader"),
        "legal": ("赵法制", gov, "org_admin"),
        "head": ("陈县长", gov, "leader"),
    }
    for username, (name, org, role) in people.items():
        accounts.user_create(
            actor=SYSTEM, username=username, full_name=name, organisation=org, role=role,
            password=PASSWORD,
        )  # fmt: skip
    # the types the migrations seed are gone after an earlier transactional test's flush
    for order, (code, name) in enumerate((("XK", "行政许可"), ("CF", "行政处罚")), start=1):
        if not PowerType.objects.filter(code=code).exists():
            powers.power_type_create(actor=SYSTEM, code=code, name=name, sort_order=order * 10)
    power_list = powers.power_list_create(actor=SYSTEM, organisation=dept)
    powers.power_item_create(
        actor=SYSTEM, power_list=power_list, code="XK00001000", name="食品经营许可", type="XK",
        statutory_limit=20, statutory_unit="working_days",
    )  # fmt: skip
    powers.power_item_create(
        actor=SYSTEM, power_list=power_list, code="CF00001000", name="对无证经营的处罚",
        type="CF",
    )  # fmt: skip
    return power_list


def sign_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.yg_problems = []
    page.on("pageerror", lambda exc: page.yg_problems.append(f"page error: {exc}"))
    page.goto(live_server.url + "/office/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/office/")
    return page


def open_waiting(page, label: str) -> None:
    """Follow the office home's entry for what waits for this person."""
    page.get_by_role("link", name=label).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "桐庐县市场监督管理局 · 权力清单"


def test_a_list_from_submit_to_publish(browser, live_server, axe):
    power_list = make_data()
    list_url = live_server.url + "/office/powers/SCJ/"

    # the clerk adds a sub-item, records a decision and submits
    clerk = sign_in(browser, live_server, "clerk")
    clerk.goto(list_url)
    clerk.get_by_role("link", name="食品经营许可").click()
    clerk.get_by_role("link", name="新增子项").click()
    clerk.get_by_label("职权编码").fill("XK00001001")
    clerk.get_by_label("职权名称").fill("食品经营许可(新办)")
    clerk.get_by_role("button", name="保存").click()
    clerk.wait_for_load_state()
    assert "事项已新增: XK00001001" in clerk.content()
    clerk.goto(list_url)
    clerk.get_by_role("link", name="登记意见 CF00001000").click()
    clerk.get_by_label("审核意见").select_option("adjust")
    clerk.get_by_label("理由").fill("罚款幅度按新法调整")
    clerk.get_by_label("依据").fill("《食品安全法》第一百二十二条")
    clerk.get_by_role("button", name="保存审核意见").click()
    clerk.wait_for_load_state()
    assert "审核意见已登记: CF00001000" in clerk.content()
    axe(clerk)
    clerk.get_by_role("button", name="提交初审").click()
    clerk.wait_for_load_state()
    assert "清单已提交初审" in clerk.content() and "初审中" in clerk.content()

    # the department's leader: first review
    director = sign_in(browser, live_server, "director")
    open_waiting(director, "等待您初审的权责清单: 1")
    axe(director)
    director.get_by_label("通过").check()
    director.get_by_role("button", name="确认审核结论").click()
    director.wait_for_load_state()
    assert "初审通过, 清单已送复审" in director.content()

    # the legal office: second review, first sent back, then approved
    legal = sign_in(browser, live_server, "legal")
    open_waiting(legal, "等待您复审的权责清单: 1")
    legal.get_by_label("退回", exact=True).check()
    legal.get_by_role("button", name="确认审核结论").click()
    legal.wait_for_load_state()
    assert "请填写退回理由" in legal.content()
    power_list.refresh_from_db()
    assert power_list.status == ListStatus.SECOND_REVIEW
    legal.get_by_role("link", name="与已发布版本比较").click()
    assert "XK00001001" in legal.content()  # all new: nothing published yet
    legal.go_back()
    legal.get_by_label("通过").check()
    legal.get_by_role("button", name="确认审核结论").click()
    legal.wait_for_load_state()
    assert "复审通过, 清单待发布" in legal.content()

    # the county head publishes
    head = sign_in(browser, live_server, "head")
    open_waiting(head, "等待您发布的权责清单: 1")
    head.get_by_role("button", name="发布新版本").click()
    head.wait_for_load_state()
    assert "清单已发布: 第1版" in head.content()
    head.get_by_role("link", name="审核记录").click()
    history = head.locator("table").inner_text()
    for text in ("提交审核", "李经办", "初审通过", "王局长", "复审通过", "赵法制", "陈县长"):
        assert text in history, text
    axe(head)

    version = PowerListVersion.objects.get(power_list=PowerList.objects.get(pk=power_list.pk))
    assert version.number == 1 and version.item_count == 3
    head.goto(live_server.url + "/powers/org/SCJ/")
    assert "食品经营许可(新办)" in head.content()
    for page in (clerk, director, legal, head):
        assert page.yg_problems == []
        page.context.close()
