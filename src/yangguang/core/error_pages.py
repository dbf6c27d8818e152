"""The 400, 403, 404 and 500 pages (``handler400`` … ``handler500`` in ``yangguang.urls``;
``CSRF_FAILURE_VIEW`` for a form refused by the CSRF check).

Each says, in the page's language, what happened and offers a way back: the office's
home and layout under ``/office/`` (and the office's audit trail), the portal's
elsewhere. Under ``/api/`` the answer is the API's bilingual JSON error body.

The 500 page is rendered without the request's context processors (no database, no
session, no user: whatever failed may be one of them), and if even that fails, a few
lines of plain HTML are sent."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

OFFICE_PREFIXES = ("/office/", "/audit/trail")

# (code, zh, en) of the API's JSON error bodies
_API = {
    400: ("bad_request", "请求有误", "bad request"),
    403: ("permission_denied", "无权执行此操作", "not allowed"),
    404: ("not_found", "未找到", "not found"),
    500: ("server_error", "服务器内部错误", "internal server error"),
}


def _is_office(request) -> bool:
    return request.path.startswith(OFFICE_PREFIXES)


def _api(request, status: int) -> HttpResponse | None:
    if not request.path.startswith("/api/"):
        return None
    code, zh, en = _API[status]
    return JsonResponse(
        {
            "code": code,
            "field": None,
            "message_zh": zh,
            "message_en": en,
            "message": f"{zh} ({en})",
        },
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _reason(exception) -> str:
    """The refusal's own words when it carries them in both languages (a DomainError)."""
    from django.utils.translation import get_language

    zh = getattr(exception, "zh", None)
    en = getattr(exception, "en", None)
    cause = getattr(exception, "__cause__", None)
    if not zh and cause is not None:
        zh, en = getattr(cause, "zh", None), getattr(cause, "en", None)
    if not zh:
        return ""
    return en if (get_language() or "").startswith("en") and en else zh


def _page(request, status: int, context: dict) -> HttpResponse:
    office = _is_office(request)
    context = {
        "status": status,
        "office": office,
        "base": "backoffice/base.html" if office else "portal/base.html",
        **context,
    }
    try:
        html = loader.render_to_string("errors/error.html", context, request=request)
    except Exception:  # the error page itself must not fail
        return _bare(status, context.get("title", ""))
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return _api(request, 400) or _page(
        request,
        400,
        {
            "title": _("请求有误"),
            "what": _("页面收到的参数无法识别, 例如日期、年份或编号的格式不对。"),
            "reason": _reason(exception),
        },
    )


def permission_denied(request, exception=None):
    return _api(request, 403) or _page(
        request,
        403,
        {
            "title": _("无权访问"),
            "what": _("您的账号没有打开此页面的权限。如确因工作需要, 请联系本单位管理员。"),
            "reason": _reason(exception),
        },
    )


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent without its security token (a page left open
    too long, cookies refused, a form from another site) is a 403 that says so."""
    if request.path.startswith("/api/"):
        return _api(request, 403)
    return _page(
        request,
        403,
        {
            "title": _("页面已过期"),
            "what": _(
                "表单未通过安全校验, 没有提交。常见原因是页面打开太久或浏览器禁用了 Cookie。"
                "请返回上一页, 刷新后重新提交。"
            ),
        },
    )


def page_not_found(request, exception=None):
    return _api(request, 404) or _page(
        request,
        404,
        {
            "title": _("页面不存在"),
            "what": _("找不到这个地址。它可能输错了, 或者内容尚未公开、已被撤下。"),
        },
    )


def server_error(request):
    """No context processors (no database, user or session), nothing that can fail
    twice."""
    api = _api(request, 500)
    if api is not None:
        return api
    title = _("服务器出错了")
    try:
        office = _is_office(request)
        html = loader.get_template("errors/error.html").render(
            {
                "status": 500,
                "office": office,
                "base": "backoffice/base.html" if office else "portal/base.html",
                "title": title,
                "what": _("处理您的请求时发生了内部错误, 已记录在服务器日志中。请稍后再试。"),
                "request_id": getattr(request, "request_id", ""),
            }
        )
    except Exception:  # nor the 500 page
        return _bare(500, title)
    return HttpResponse(html, status=500)


def _bare(status: int, title: str) -> HttpResponse:
    text = f"{status} {title}" if title else str(status)
    return HttpResponse(
        f'<!DOCTYPE html><html lang="zh-hans"><meta charset="utf-8"><title>{text}</title>'
        f'<h1>{text}</h1><p><a href="/">首页</a> · <a href="/office/">工作台</a></p>',
        status=status,
    )
