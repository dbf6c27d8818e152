"""The 400, 403, 404 and 500 pages: the site's layout, the page's language, what happened
and a way back (the office's under /office/, the portal's elsewhere); the API's JSON; the
500 page without a database. The office sidebar offers only what the role may open."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, path, reverse

from yangguang.core import access, error_pages, params
from yangguang.core.context_processors import OFFICE_NAV
from yangguang.urls import urlpatterns as site_patterns


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    *site_patterns,
    path("office/boom/", _boom),
    path("boom/", _boom),
]
handler400 = "yangguang.core.error_pages.bad_request"
handler403 = "yangguang.core.error_pages.permission_denied"
handler404 = "yangguang.core.error_pages.page_not_found"
handler500 = "yangguang.core.error_pages.server_error"


def test_404_portal_page_in_chinese_with_way_back(db):
    response = Client().get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "找不到这个地址" in html
    assert 'class="portal"' in html  # the portal's layout
    assert 'href="/"' in html and 'href="/powers/"' in html
    assert "Not Found" not in html


def test_404_office_page_and_english_through_the_catalogue(world):
    client = Client()
    client.force_login(world.users["clerk"])
    response = client.get("/office/posts/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="backoffice"' in html and "回到工作台" in html
    assert 'href="/office/"' in html
    client.cookies["django_language"] = "en"
    html = client.get("/office/posts/999999/").content.decode()
    assert "Page not found" in html and "Back to the workbench" in html
    assert "页面不存在" not in html


def test_403_says_why_and_offers_the_office(world):
    client = Client()
    client.force_login(world.users["clerk"])
    response = client.get("/office/conformance/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html and "请联系本单位管理员" in html
    assert 'href="/office/"' in html
    assert "403 Forbidden" not in html


def test_400_names_the_parameter(world):
    client = Client()
    client.force_login(world.users["clerk"])
    response = client.get("/office/calendar/", {"year": "99999"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请求有误" in html and "参数 year" in html and "1900" in html


def test_api_errors_stay_json():
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["message_zh"] and response.json()["message_en"]


@pytest.mark.urls("tests.core.test_error_pages")
@pytest.mark.parametrize("where", ["/boom/", "/office/boom/"])
def test_500_page_without_database(where):
    """No database at all (every query refused), no session, no user: the 500 page still
    comes in the site's layout, in Chinese, with a way back."""
    request = RequestFactory().get(where)
    request.request_id = "req-123"
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("no database")):
        response = error_pages.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了" in html and "req-123" in html
    assert 'href="/"' in html
    assert ("回到工作台" in html) == where.startswith("/office/")
    assert ('class="backoffice"' in html) == where.startswith("/office/")


@pytest.mark.urls("tests.core.test_error_pages")
def test_500_through_the_handler(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


def test_500_falls_back_to_plain_html():
    request = RequestFactory().get("/x/")
    with mock.patch.object(error_pages.loader, "get_template", side_effect=RuntimeError):
        response = error_pages.server_error(request)
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()


def test_sidebar_shows_only_what_the_role_may_open(world):
    """合规检查 and 留痕 answer 403 to clerks, organisation administrators and leaders:
    they are not offered to them. Every link offered opens."""
    for role, hidden in [
        ("clerk", True),
        ("org_admin", True),
        ("leader", True),
        ("inspector", False),
        ("sysadmin", False),
    ]:
        client = Client()
        client.force_login(world.users[role])
        html = client.get("/office/").content.decode()
        sidebar = html.split('class="sidebar"')[1].split("</nav>")[0]
        assert ('href="/office/conformance/"' in sidebar) is not hidden, role
        assert ('href="/audit/trail/"' in sidebar) is not hidden, role
        for href in sidebar.split('href="')[1:]:
            url = href.split('"')[0]
            assert client.get(url).status_code == 200, (role, url)
        # and the other way round: every menu page the role is not offered refuses it
        for _label, name, _prefixes in OFFICE_NAV:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            if f'href="{url}"' not in sidebar:
                assert client.get(url).status_code in (403, 404), (role, url)


def test_gate_is_the_views_own_check():
    from yangguang.audit import selectors
    from yangguang.audit.views import trail_page
    from yangguang.conformance.views import index, may_check

    assert trail_page.access_gate is selectors.can_read_trail
    assert index.access_gate is may_check
    assert access.may_open(None, _boom)  # no gate: open to whom the view lets in


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2024", 2024), ("-1", None), ("99999", None), ("²", None), ("", "default"), ("9" * 40, None)],
)
def test_year_param(text, ok):
    if ok is None:
        with pytest.raises(params.BadParameter):
            params.year_param({"year": text}, "year", "default")
    else:
        assert params.year_param({"year": text}, "year", "default") == ok


def test_dates_and_moments():
    assert str(params.parse_day("2024-02-29")) == "2024-02-29"
    for bad in ("2024-02-30", "2024-13-45", "99999-01-01", "x" * 10_000, "\x00"):
        with pytest.raises(params.BadParameter):
            params.parse_day(bad)
        with pytest.raises(params.BadParameter):
            params.parse_moment(bad)
    moment = params.parse_moment("2024-05-06")
    assert moment.tzinfo is not None and moment.hour == 0
    assert params.page_param({"page": "²"}) == 1
    assert params.text_param({"q": "a\x00b"}, "q") == "ab"


def test_a_refused_form_says_the_page_expired(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"])
    response = client.post("/i18n/setlang/", {"language": "en"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and "刷新后重新提交" in html and 'href="/"' in html
    assert "CSRF verification failed" not in html
