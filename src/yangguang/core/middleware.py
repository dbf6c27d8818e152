from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from yangguang.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives every request an id (or keeps a sane ``X-Request-ID``) and notes the client
    address, for the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        ctx = context.RequestContext(client_ip=request.META.get("REMOTE_ADDR"))
        if _REQUEST_ID.match(incoming):
            ctx.request_id = incoming
        request.request_id = ctx.request_id
        token = context.push(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.pop(token)
        response["X-Request-ID"] = ctx.request_id
        return response


class LanguageMiddleware:
    """Chinese first: the interface is in zh-hans unless the visitor chose another language
    (the language switch sets Django's language cookie). Unlike Django's LocaleMiddleware,
    the browser's Accept-Language is not consulted: a government portal speaks Chinese
    by default whatever the browser was set to."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on the public pages: scripts, styles and everything else
    from this site only, no inline scripts or styles, no framing. The back office
    (htmx adds an indicator style) and the API's documentation page are left out."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    EXEMPT = ("/office/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.EXEMPT):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


class NulRefusalMiddleware:
    """A NUL character in the path or the query is refused with a 400 (the page's or the
    API's), before any view: no parameter with one means anything, and PostgreSQL refuses
    NUL in text, which would otherwise end as a 500 (forms refuse it in fields already)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            from django.core.exceptions import BadRequest

            from yangguang.core.error_pages import bad_request

            return bad_request(request, BadRequest("NUL"))
        return self.get_response(request)
