from __future__ import annotations

import re

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
