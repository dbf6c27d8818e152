"""Who may read protected reporter identities: the designation checks shared by the
services and the pages (the rule is in ``services/readers.py``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.disclosure import models as m
from yangguang.orgs.models import Organisation


def may_designate(user, commission: Organisation) -> bool:
    """A system administrator, or a leader of ``commission`` itself."""
    role = access.role_of(user)
    if role == Role.SYSADMIN:
        return True
    return role == Role.LEADER and user.organisation_id == commission.pk


def designation_active(user, commission_id: int | None, on: datetime.date | None = None) -> bool:
    """Does ``user`` hold a current designation of the commission ``commission_id``?"""
    if user is None or commission_id is None or not access.is_staff_user(user):
        return False
    on = on or timezone.localdate()
    return any(
        d.active_on(on)
        for d in m.ProtectedReportReader.objects.filter(
            commission_id=commission_id, user=user, revoked_at__isnull=True
        )
    )
