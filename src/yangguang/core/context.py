"""Who is acting, and from where: carried from the request (or job) to the services.

Services take the actor explicitly (``actor=``); the request id and client address are
picked up from this context by the audit trail.
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from yangguang.accounts.models import ApiToken, User

ActorKind = Literal["person", "system", "api"]


@dataclass(frozen=True)
class Actor:
    """The one who acts: a person (staff account), the system (a job, the demo loader),
    or an API client (a system token acting for its owner)."""

    kind: ActorKind
    name: str
    user: User | None = None
    token: ApiToken | None = None

    @classmethod
    def person(cls, user: User) -> Actor:
        return cls(kind="person", name=user.get_username(), user=user)

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(kind="system", name=name)

    @classmethod
    def api(cls, token: ApiToken) -> Actor:
        return cls(kind="api", name=token.name, user=token.user, token=token)

    @property
    def id(self) -> str | None:
        if self.kind == "api" and self.token is not None:
            return str(self.token.pk)
        if self.user is not None:
            return str(self.user.pk)
        return None

    def as_json(self) -> dict[str, str | None]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


@dataclass
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    client_ip: str | None = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "yangguang_request_context", default=None
)


def current() -> RequestContext:
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext()
        _current.set(ctx)
    return ctx


def push(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def pop(token: contextvars.Token) -> None:
    _current.reset(token)
