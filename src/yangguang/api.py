"""The HTTP API, ``/api/v1/``: django-ninja, one router per app.

Authentication: ``Authorization: Bearer <token>`` (an ``ApiToken``, looked up by the
SHA-256 of the secret), or the Django session (CSRF checked on unsafe methods), or
nobody at all for public reads. Errors: ``DomainError`` gives 400 with
``{"code", "field", "message_zh", "message_en", "message"}``, a refused permission 403,
any other ``ValidationError`` 400 with the messages per field. Every other refusal (a
parameter outside the schema 422, a bad token 401, nothing found 404, a method the path
does not take 405, a body too large 413) has the same shape, in both languages, and is
listed for every operation in the OpenAPI document (``yangguang.core.api_errors``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from yangguang.accounts.models import ApiToken, TokenScope, hash_token
from yangguang.core import api_errors
from yangguang.core.context import Actor
from yangguang.core.errors import (
    DomainError,
    PermissionDeniedError,
    bilingual,
    validation_error_messages,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ErrorOut(Schema):
    """A refusal, in both languages (400: bad input; 403: not allowed)."""

    code: str
    field: str | None = None
    message_zh: str
    message_en: str
    message: str
    errors: dict[str, list[str]] | None = None  # the messages per field, when several


class TokenAuth(HttpBearer):
    """An API token; a wrong, revoked or expired token is refused outright (401), not
    treated as anonymous; a read-only token is refused (403) on anything but a read."""

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(key_hash=hash_token(token))
            .first()
        )
        now = timezone.now()
        if found is None or not found.is_live(now):  # unknown, revoked, expired, owner gone
            raise AuthenticationError()
        if found.scope != TokenScope.WRITE and request.method not in SAFE_METHODS:
            raise PermissionDeniedError(
                zh="只读令牌不能修改数据", en="a read-only token cannot change anything"
            )
        ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        found.last_used = now
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in user of the web pages; CSRF is checked (on unsafe methods) only when
    there is a signed-in user to protect."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        if not (request.user.is_authenticated and request.user.is_active):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        if request.user.is_authenticated and request.user.is_active:
            return request.user
        return None


def public_read(request: HttpRequest):
    """Anyone may read what is public."""
    if request.method in SAFE_METHODS:
        return AnonymousUser()
    return None


token_auth = TokenAuth()
session_auth = SessionAuth()
STAFF_AUTH = [token_auth, session_auth]
ANY_AUTH = [token_auth, session_auth, public_read]


def request_user(request: HttpRequest):
    """The account the request acts for (``AnonymousUser`` for the public)."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None else AnonymousUser()


def request_actor(request: HttpRequest) -> Actor:
    token = getattr(request, "api_token", None)
    if token is not None:
        return Actor.api(token)
    user = request_user(request)
    if not user.is_authenticated:
        raise PermissionDeniedError(zh="请先登录", en="sign-in required")
    return Actor.person(user)


class YangguangAPI(NinjaAPI):
    """The API whose OpenAPI document lists, for every operation, the error statuses
    every operation can answer (``api_errors.document_errors``)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ApiError", ErrorOut.model_json_schema())
        throttled = {
            self.get_openapi_operation_id(op)
            for bound in self._get_bound_routers()
            for view in bound.path_operations.values()
            for op in view.operations
            if op.throttle_objects
        }
        return api_errors.document_errors(schema, "#/components/schemas/ApiError", throttled)


api = YangguangAPI(
    title="yangguang API",
    version="1",
    urls_namespace="api-v1",
    auth=ANY_AUTH,
    description="阳光 API: 单位、岗位与账号 (organisations, posts and accounts)",
)
api_errors.install(api)


@api.exception_handler(PermissionDeniedError)
def _permission_denied(request, exc: PermissionDeniedError):
    return api.create_response(request, exc.as_dict(), status=403)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=400)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    fields = validation_error_messages(exc)
    return api.create_response(
        request,
        {
            "code": "invalid",
            "field": next(iter(fields), None),
            "message_zh": "输入有误",
            "message_en": "invalid input",
            "message": bilingual("输入有误", "invalid input"),
            "errors": fields,
        },
        status=400,
    )


def _add_routers() -> None:
    from yangguang.accounts.api import router as accounts_router
    from yangguang.audit.api import router as audit_router
    from yangguang.cases.api import router as cases_router
    from yangguang.cases.api_alerts import router as alerts_router
    from yangguang.cases.scores.api import router as scores_router
    from yangguang.conformance.api import router as conformance_router
    from yangguang.disclosure.api import router as complaints_router
    from yangguang.disclosure.api_requests import router as disclosure_router
    from yangguang.meetings.api import router as meetings_router
    from yangguang.meetings.api_accountability import router as accountability_router
    from yangguang.orgs.api import holdings_router
    from yangguang.orgs.api import router as orgs_router
    from yangguang.powers.api import router as powers_router
    from yangguang.powers.api_benchmarks import router as benchmarks_router

    api.add_router("/orgs/", orgs_router)
    api.add_router("/audit/", audit_router)
    api.add_router("/meetings/", meetings_router)
    api.add_router("/cases/", cases_router)
    api.add_router("/alerts/", alerts_router)
    api.add_router("/accountability-cases", accountability_router)
    api.add_router("/conformance/", conformance_router)
    api.add_router("/complaints/", complaints_router)
    api.add_router("/disclosure/", disclosure_router)
    api.add_router("/powers/", powers_router)
    api.add_router("/powers/", benchmarks_router)
    api.add_router("", scores_router)
    api.add_router("", accounts_router)
    api.add_router("", holdings_router)


_add_routers()
