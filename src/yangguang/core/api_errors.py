"""Every answer of ``/api/v1`` that is not a success is the API's JSON error body:
``{"code", "field", "message_zh", "message_en", "message"}`` (and ``errors``, the
messages per field, when there are several), in both languages.

* :func:`install` replaces django-ninja's own error answers (``{"detail": ...}``): a
  parameter that fails the schema (422), an unknown, revoked or expired token (401),
  nothing found (404), a body that is not JSON (400), too many requests (429), a number
  too large for the database (400), a request Django finds suspicious (400).
* :class:`ApiBodyMiddleware` bounds the body of every API request (413 past
  ``YANGGUANG_API_MAX_BODY``, before anything is read) in place of Django's
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``, whose refusal is an HTML page, and answers in the
  same JSON shape what Django would answer in HTML (a method the path does not take
  405, a path no route matches 404, Django's own 400, 403 and 500).
* :func:`document_errors` adds the statuses every operation can answer (400, 401, 403,
  404, 413, 422; 429 where throttled) to each operation of the OpenAPI document, so
  that none can be left out by the router that declares it.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse

from yangguang.core.errors import bilingual

API_PREFIX = "/api/"


def error_body(
    code: str,
    zh: str,
    en: str,
    *,
    field: str | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "field": field,
        "message_zh": zh,
        "message_en": en,
        "message": bilingual(zh, en),
    }
    if errors:
        body["errors"] = errors
    return body


def json_error(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


#: (code, zh, en) of the statuses every operation may answer, for the OpenAPI document
COMMON = {
    400: ("invalid", "输入有误或请求无法解析", "invalid input, or a request that cannot be read"),
    401: ("unauthenticated", "令牌无效、已撤销或已过期", "unknown, revoked or expired token"),
    403: ("permission_denied", "无权执行此操作", "not allowed"),
    404: ("not_found", "未找到", "not found"),
    413: ("body_too_large", "请求体过大", "request body too large"),
    422: ("invalid_parameter", "参数不符合接口说明", "a parameter does not match the schema"),
}
THROTTLED = (429, ("throttled", "请求过于频繁, 请稍后再试", "too many requests, try again later"))


# --- django-ninja's errors in the API's shape -------------------------------------------
def _loc(loc) -> str:
    """``["query", "offset"]`` → ``offset``; ``["body", "payload", "items", 0, "name"]`` →
    ``items.0.name`` (the parameter as the caller wrote it)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"query", "path", "header", "cookie", "body", "form", "file"}:
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in {"payload", "body", "data"}:
            parts = parts[1:]
    return ".".join(parts) or "body"


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for e in errors:
        found.setdefault(_loc(e.get("loc", ())), []).append(str(e.get("msg", "invalid")))
    return found


def install(api) -> None:
    """The API's handlers for what django-ninja and Django would otherwise answer in
    their own shapes."""
    from ninja.errors import AuthenticationError, HttpError, Throttled
    from ninja.errors import ValidationError as NinjaValidationError

    def respond(request, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def _schema(request, exc: NinjaValidationError):
        fields = validation_errors(exc.errors)
        field = next(iter(fields), None)
        zh, en = "参数不符合接口说明", "a parameter does not match the schema"
        if field:
            zh, en = f"{zh}: {field}", f"{en}: {field}: {fields[field][0]}"
        return respond(
            request, 422, error_body("invalid_parameter", zh, en, field=field, errors=fields)
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        code, zh, en = COMMON[401]
        return respond(request, 401, error_body(code, zh, en))

    @api.exception_handler(Throttled)
    def _throttled(request, exc):
        code, zh, en = THROTTLED[1]
        return respond(request, 429, error_body(code, zh, en))

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 400:  # django-ninja: the body is not JSON, or not the shape
            return respond(
                request,
                400,
                error_body(
                    "invalid_body",
                    "请求体无法解析, 须为 JSON",
                    f"the request body cannot be read: {exc}",
                    field="body",
                ),
            )
        code, zh, en = COMMON.get(exc.status_code, ("error", "请求被拒绝", str(exc)))
        return respond(request, exc.status_code, error_body(code, zh, en))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        code, zh, en = COMMON[404]
        return respond(request, 404, error_body(code, zh, en))

    @api.exception_handler(OverflowError)
    def _overflow(request, exc):  # a number past what the database column holds
        return respond(
            request,
            400,
            error_body("out_of_range", "数值超出范围", "a number is out of range"),
        )

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, exc):
        return respond(request, 413, too_large_body(api_body_limit(request)))

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request, exc):
        _code, zh, en = COMMON[400]
        return respond(request, 400, error_body("bad_request", zh, en))


# --- the body of an API request ----------------------------------------------------------
def api_body_limit(request: HttpRequest) -> int:
    """The largest body an API request may send: ``YANGGUANG_API_MAX_BODY`` (a batch of
    case events is the largest JSON body); a multipart upload (an event log) may be as
    large as the largest file taken (``YANGGUANG_LOG_MAX_BYTES``) and its form fields."""
    limit = settings.YANGGUANG_API_MAX_BODY
    if request.content_type == "multipart/form-data":
        limit += getattr(settings, "YANGGUANG_LOG_MAX_BYTES", 0)
    return limit


def too_large_body(limit: int) -> dict[str, Any]:
    mib = f"{limit / 1024 / 1024:.0f} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return error_body(
        "body_too_large",
        f"请求体过大, 最多 {mib}",
        f"request body too large: at most {mib}",
        field="body",
    )


class ApiBodyMiddleware:
    """For ``/api/`` only: a body longer than the API takes is refused (413, JSON) by its
    declared length, before a byte of it is read; a body the API takes but longer than
    Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is read here (within the API's own limit)
    so that Django does not refuse it with its HTML "Bad Request (400)". Any error
    answered outside the API's handlers (a 405 for a method the path does not take, a
    404 for a path no route matches, Django's own 400, 403 or 500 pages) is answered in
    the API's JSON shape (with its ``Allow``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        limit = api_body_limit(request)
        if length > limit:
            response = json_error(413, too_large_body(limit))
            response["Connection"] = "close"  # the rest of the body is not read
            return response
        django_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if (
            django_limit is not None
            and length > django_limit
            and request.content_type != "multipart/form-data"  # streamed by Django
        ):
            request._body = request.read()  # what HttpRequest.body does, with our limit
            request._stream = io.BytesIO(request._body)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            response = _as_json(request, response)
        return response


#: (code, zh, en) of the answers Django or django-ninja give in HTML or plain text
_PLAIN = {
    400: ("bad_request", "请求有误", "bad request"),
    403: ("permission_denied", "无权执行此操作", "not allowed"),
    404: ("not_found", "未找到", "not found"),
    500: ("server_error", "服务器内部错误", "internal server error"),
}


def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An error answered outside the API's handlers (a path no route matches, a method
    the path does not take, Django's own 400/403/500) in the API's shape."""
    status = response.status_code
    if status == 405:
        allow = response.get("Allow", "")
        body = error_body(
            "method_not_allowed",
            f"此地址不接受 {request.method} 请求, 可用: {allow}",
            f"{request.method} is not allowed here; allowed: {allow}",
        )
    else:
        code, zh, en = _PLAIN.get(status, ("error", "请求未能完成", f"HTTP {status}"))
        body = error_body(code, zh, en)
    answer = json_error(status, body)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            answer[header] = response[header]
    return answer


# --- the OpenAPI document ---------------------------------------------------------------
def document_errors(schema: dict[str, Any], error_ref: str, throttled: set[tuple[str, str]]):
    """Every operation of ``schema`` (an OpenAPI document) lists the common error
    statuses (those it declares itself are kept); ``throttled`` names the
    ``(path, method)`` of the operations with a rate limit (429)."""
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            extra = dict(COMMON)
            if (path, method.lower()) in throttled:
                extra[THROTTLED[0]] = THROTTLED[1]
            for status, (code, zh, en) in sorted(extra.items()):
                responses.setdefault(
                    str(status),
                    {
                        "description": f"{en} ({zh}; code {code!r} or the refusal's own)",
                        "content": {"application/json": {"schema": {"$ref": error_ref}}},
                    },
                )
    return schema
