"""Helpers shared by the services (private: the audit walk lists public functions only)."""

from __future__ import annotations

import datetime
import secrets

from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError

LEADERS = frozenset({Role.LEADER, Role.ORG_ADMIN, Role.SYSADMIN})
MAX_TEXT = 10000


def _error(code: str, field: str | None, zh: str, en: str) -> DomainError:
    return DomainError(code=code, field=field, zh=zh, en=en)


def _check(actor: Actor, action: access.Action, org) -> None:
    """Permission in ``org`` (the system acts everywhere)."""
    if actor.kind == "system":
        return
    access.require_in_org(actor.user, action, org)


def _leader(actor: Actor, org, what_zh: str, what_en: str) -> None:
    """Only a leader (or an organisation or system administrator) of ``org`` may."""
    if actor.kind == "system":
        return
    _check(actor, "operate", org)
    if access.role_of(actor.user) not in LEADERS:
        raise PermissionDeniedError(zh=f"只有领导可以{what_zh}", en=f"only a leader may {what_en}")


def _text(value: str | None, field: str, zh_name: str, *, max_length: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise _error("required", field, f"请填写{zh_name}", f"{field} is required")
    if len(value) > max_length:
        raise _error(
            "too_long",
            field,
            f"{zh_name}不能超过 {max_length} 字",
            f"{field} may not exceed {max_length} characters",
        )
    return value


def _optional(value: str | None, field: str, zh_name: str, *, max_length: int = 200) -> str:
    value = (value or "").strip()
    return _text(value, field, zh_name, max_length=max_length) if value else ""


def _now(at: datetime.datetime | None) -> datetime.datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise _error("naive_datetime", "at", "时间须带时区", "the time must carry a time zone")
    return at


def _number(prefix: str, at: datetime.datetime, model) -> str:
    """``PREFIX2026-12345678``: random digits, so numbers cannot be enumerated."""
    year = timezone.localtime(at).year
    while True:
        number = f"{prefix}{year}-{secrets.randbelow(10**8):08d}"
        if not model.objects.filter(number=number).exists():
            return number


def _user_id(actor: Actor):
    return actor.user if actor.user is not None else None
