"""An account whose password was set by someone else (a one-time password) may do
nothing but choose its own password: every page leads to the password page, and the
API (with the session) answers 403 until then."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from yangguang.core.errors import bilingual

ZH = "请先修改一次性密码"
EN = "change the one-time password first"


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not self._open(request)
        ):
            if request.path.startswith("/api/"):
                if "HTTP_AUTHORIZATION" in request.META:  # a token: its own credential
                    return self.get_response(request)
                body = {
                    "code": "password_change_required",
                    "field": "password",
                    "message_zh": ZH,
                    "message_en": EN,
                    "message": bilingual(ZH, EN),
                }
                return JsonResponse(body, status=403)
            return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        path = request.path
        return path in (
            reverse("accounts:password_change"),
            reverse("accounts:logout"),
        ) or path.startswith(("/static/", "/i18n/"))
