from __future__ import annotations

import pytest

from yangguang.accounts import services as accounts
from yangguang.core.context import Actor
from yangguang.orgs import services as orgs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


def make_data():
    province = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    city = orgs.region_create(
        actor=SYSTEM, code="330100", name="杭州市", level="city", parent=province
    )
    county = orgs.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=city
    )
    root = orgs.organisation_create(
        actor=SYSTEM, code="GOV", name="桐庐县人民政府", kind="government", region=county
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="FIN", name="桐庐县财政局", kind="department", region=county, parent=root
    )
    orgs.post_create(
        actor=SYSTEM,
        organisation=dept,
        code="P1",
        name="预算审批岗",
        risk_grade="high",
        rotation_months=36,
    )
    accounts.user_create(
        actor=SYSTEM,
        username="zhang",
        full_name="张伟",
        organisation=dept,
        role="org_admin",
        password=PASSWORD,
    )
    return root, dept


def test_portal_home(page, live_server, check):
    _root, dept = make_data()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "阳光示权"
    assert page.get_by_role("link", name=dept.name).count() == 1
    check(page, "portal-home")
    # the language switch works (a plain form post)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Power in the Sunlight"
    check(page, "portal-home-en")


def test_backoffice_home_after_signing_in(page, live_server, check):
    make_data()
    page.goto(live_server.url + "/office/")
    assert "/accounts/login/" in page.url
    check(page, "login")
    page.get_by_label("用户名").fill("zhang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/office/")
    assert page.locator("h1").inner_text() == "工作台"
    assert (
        page.get_by_role("navigation", name="后台导航").get_by_role("link", name="单位").count()
        == 1
    )
    check(page, "backoffice-home")
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="单位").click()
    page.wait_for_load_state()
    check(page, "backoffice-orgs")
    page.get_by_role("link", name="桐庐县财政局").click()
    page.wait_for_load_state()
    assert "预算审批岗" in page.content()
    check(page, "backoffice-org-detail")
