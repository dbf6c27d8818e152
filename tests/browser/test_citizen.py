"""A citizen on the portal, in Debian's chromium: finds a power and its flowchart, looks
up a case, files an anonymous report and follows it with its code, submits an
information request. Each page: a screenshot under test-artifacts/, WCAG 2.1 A/AA by
axe-core, no console errors and no Content-Security-Policy violations."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from yangguang.disclosure import challenge
from yangguang.disclosure import models as m

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSP_WATCH = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective)); }"""


@pytest.fixture
def county(demo_county):
    """The session's demo county (tests/demo_db.py), committed for the live server and
    emptied after the test (tests/conftest.py)."""
    cache.clear()
    yield demo_county
    cache.clear()


def _watch(page) -> None:
    page.add_init_script(f"({CSP_WATCH})()")


def _csp_clean(page) -> None:
    assert page.evaluate("window.__csp || []") == []
    assert not [p for p in page.yg_problems if "Content Security Policy" in p]


def _solve_captcha(page) -> None:
    token = page.locator('input[name="captcha_token"]').get_attribute("value")
    answer = challenge.answer_of(token)  # the server's side: the page holds no answer
    assert page.locator("img[data-challenge-image]").is_visible()
    page.fill("#id_captcha", str(answer))


def test_find_a_power_and_its_flowchart(page, live_server, check, county):
    _watch(page)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="权力清单").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    check(page, "citizen-powers")
    _csp_clean(page)
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="流程图与风险").click()
    page.wait_for_load_state()
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    assert page.locator("figure.chart img").count() == 1
    check(page, "citizen-flowchart")
    _csp_clean(page)


def test_look_up_a_case_by_number_and_code(page, live_server, check, county):
    from yangguang.disclosure import cases_link

    if not cases_link.cases_installed():
        pytest.skip("the cases app is not installed")
    from tests.complaints.test_case_link import register_case

    case = register_case()
    _watch(page)
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="办件查询").click()
    page.wait_for_load_state()
    check(page, "citizen-case-lookup")
    page.fill("#id_number", case.number)
    page.fill("#id_code", case.query_code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator("#case-number").inner_text() == case.number
    check(page, "citizen-case")
    _csp_clean(page)


def test_file_an_anonymous_report_and_follow_it(page, live_server, check, county):
    _watch(page)
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="投诉举报").click()
    page.wait_for_load_state()
    check(page, "citizen-report-form")
    # nothing is chosen for the citizen: type, object and anonymity are picked here
    assert page.locator("input[type=radio]:checked").count() == 0
    page.check('input[name="kind"][value="report"]')
    page.check('input[name="subject_kind"][value="department"]')
    page.check('input[name="anonymous"][value="yes"]')
    page.select_option("#id_organisation", "YGX-CZJ")
    page.fill("#id_title", "窗口收取额外费用<script>alert(1)</script>")
    page.fill("#id_content", "办理时被要求另交材料费。")
    _solve_captcha(page)
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_load_state()
    number = page.locator("#complaint-number").inner_text()
    code = page.locator("#complaint-code").inner_text()
    assert number.startswith("JB") and len(code) == 12
    check(page, "citizen-report-filed")
    complaint = m.Complaint.objects.get(number=number)
    assert (
        complaint.anonymous and not m.ReporterIdentity.objects.filter(complaint=complaint).exists()
    )
    # follow it with the code, in a fresh visit
    page.goto(live_server.url + "/complaints/follow/")
    page.fill("#id_number", number)
    page.fill("#id_code", "WRONG" + code[5:])
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text().startswith("受理编号或查询码不正确")
    page.yg_problems.clear()  # the refused lookup answers 404 on purpose
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert number in page.locator("h1").inner_text()
    assert "<script>" in page.locator("dl.facts").inner_text()  # shown as text, not run
    check(page, "citizen-report-status")
    _csp_clean(page)


def test_submit_an_information_request(page, live_server, check, county):
    _watch(page)
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="依申请公开").click()
    page.wait_for_load_state()
    check(page, "citizen-requests")
    page.get_by_role("link", name="提交申请").click()
    page.wait_for_load_state()
    check(page, "citizen-request-form")
    page.select_option("#id_organisation", "YGX-CZJ")
    page.fill("#id_subject", "2026年部门预算中的培训费明细")
    page.fill("#id_description", "请公开培训费的项目明细。")
    page.fill("#id_requester_name", "周女士")
    page.fill("#id_requester_contact", "zhou@example.cn")
    assert page.locator("input[type=radio]:checked").count() == 0
    page.check('input[name="publish_consent"][value="yes"]')
    _solve_captcha(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    number = page.locator("#request-number").inner_text()
    code = page.locator("#request-code").inner_text()
    assert re.match(r"^YS\d{4}-\d{8}$", number)
    assert m.InfoRequest.objects.get(number=number).status == "received"
    check(page, "citizen-request-received")
    # followed from the first day with the number and the code
    page.get_by_role("link", name="查询申请办理情况").click()
    page.wait_for_load_state()
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator("#request-status").inner_text() == "已受理"
    check(page, "citizen-request-status")
    page.goto(live_server.url + "/statistics/")
    check(page, "citizen-statistics")
    page.goto(live_server.url + "/disclosure/")
    check(page, "citizen-disclosure")
    _csp_clean(page)


def test_portal_home_flows_and_decisions(page, live_server, check, county):
    """The portal's home page, the lists of flowcharts and of published decisions and a
    decision, with the demo county's data."""
    _watch(page)
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    check(page, "citizen-home")
    for link, name in (("流程图与风险", "citizen-flows"), ("决策公开", "citizen-decisions")):
        page.goto(live_server.url + "/")
        page.get_by_role("main").get_by_role("link", name=link).click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        check(page, name)
    page.goto(live_server.url + "/decisions/")
    rows = page.locator("main table tbody a")
    assert rows.count() > 0, "the demo county has published decisions"
    rows.first.click()
    page.wait_for_load_state()
    check(page, "citizen-decision")
    _csp_clean(page)


@pytest.fixture
def checkpointed():
    """An audit trail with a signed checkpoint over it (the page then lists a root hash)."""
    from yangguang.audit.services import checkpoint_create
    from yangguang.core.context import Actor
    from yangguang.orgs import services as orgs

    system = Actor.system("tests")
    orgs.region_create(actor=system, code="330000", name="浙江省", level="province")
    return checkpoint_create(actor=system)


def _open_checkpoints(page, live_server, checkpoint) -> None:
    _watch(page)
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="留痕检查点").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert checkpoint.root_hash in page.locator("main table").inner_text()


def test_audit_checkpoints_page_meets_wcag(page, live_server, axe, checkpointed):
    """The checkpoints page (/audit/): WCAG 2.1 A/AA by axe-core, no errors, no CSP
    violations (its phone layout: the next test)."""
    _open_checkpoints(page, live_server, checkpointed)
    assert page.yg_problems == []
    axe(page)
    _csp_clean(page)


def test_audit_checkpoints_page_fits_a_phone(page, live_server, check, checkpointed):
    _open_checkpoints(page, live_server, checkpointed)
    check(page, "citizen-checkpoints")
