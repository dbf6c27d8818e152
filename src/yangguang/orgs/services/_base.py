"""Helpers shared by the organisation services."""

from __future__ import annotations

import datetime

from django.db.models import Q

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import (
    Organisation,
)

REGION_FIELDS = ("code", "name", "level", "parent")
ORG_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "region",
    "parent",
    "path",
    "credit_code",
    "jurisdiction",
    "sort_order",
)
ORG_UPDATABLE = frozenset(set(ORG_FIELDS) - {"path"})
POST_FIELDS = (
    "organisation",
    "code",
    "name",
    "risk_grade",
    "rotation_months",
    "duties",
    "holder_role",
)
POST_UPDATABLE = frozenset(
    {"code", "name", "risk_grade", "rotation_months", "duties", "holder_role"}
)
HOLDING_FIELDS = ("post", "user", "start", "end")
TERM_FIELDS = ("organisation", "user", "role", "title", "start", "end")
CHARGE_FIELDS = ("term", "area", "label", "since")
EXEMPTION_FIELDS = ("term", "area", "reason", "approver", "approved_on", "valid_until")
PATH_MAX = Organisation._meta.get_field("path").max_length


# --- helpers ----------------------------------------------------------------------------


def _check_in_org(actor: Actor, action: access.Action, org: Organisation | None) -> None:
    if actor.kind == "system":
        return
    access.require_in_org(actor.user, action, org)


def _is_sysadmin(actor: Actor) -> bool:
    return actor.kind == "system" or access.role_of(actor.user) == Role.SYSADMIN


def _require_sysadmin(actor: Actor, zh: str | None = None, en: str | None = None) -> None:
    if not _is_sysadmin(actor):
        raise PermissionDeniedError(
            zh=zh or "只有系统管理员可以执行此操作",
            en=en or "only a system administrator may do this",
        )


def _overlaps(qs, start: datetime.date, end: datetime.date | None):
    """Rows of ``qs`` (with ``start``/``end``, end inclusive, null = open) overlapping
    the period ``start``–``end``."""
    qs = qs.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        qs = qs.filter(start__lte=end)
    return qs


def _check_period(start: datetime.date, end: datetime.date | None) -> None:
    if end is not None and end < start:
        raise DomainError(
            code="end_before_start",
            field="end",
            zh=f"结束日期 {end} 不能早于开始日期 {start}",
            en=f"the end date {end} is before the start date {start}",
        )


# --- regions ----------------------------------------------------------------------------
