"""A requester's personal data (依申请公开): who may read it, and what everyone else sees.

The name, contact (phone), address and ID number of whoever made an information request
are read only by

* the staff of the organisation the request was made to (clerks, leaders and the
  organisation administrator of that very organisation, who handle it), and
* the discipline commission supervising that organisation (its inspectors and leaders),

each reading through ``services.requester_read``, which writes an audit entry with the
reason (查阅留痕). Everybody else who sees the request (staff of other bodies, leaders
above it, the system administrator, the public once the answer is published) sees it
without them: masked, with a note why. A published answer never carries them
(``redact``).
"""

from __future__ import annotations

from django.db.models import Q

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.disclosure import models as m
from yangguang.orgs.models import OrgKind

FIELDS = ("requester_name", "requester_contact", "requester_address", "requester_id_number")
HANDLING_ROLES = frozenset({Role.CLERK, Role.LEADER, Role.ORG_ADMIN})
COMMISSION_ROLES = frozenset({Role.INSPECTOR, Role.LEADER})
MASK = "＊＊＊"


def requester_q(user) -> Q:
    """A filter on ``InfoRequest``: those whose requester ``user`` may read."""
    nothing = Q(pk__in=[])
    if not access.is_staff_user(user) or user.organisation_id is None:
        return nothing
    org = user.organisation
    if org.kind == OrgKind.COMMISSION:
        if user.role not in COMMISSION_ROLES:
            return nothing
        from yangguang.disclosure.conflicts import commission_root

        return Q(organisation__path__startswith=commission_root(org).path)
    if user.role in HANDLING_ROLES:
        return Q(organisation_id=user.organisation_id)
    return nothing


def may_read(user, req: m.InfoRequest) -> bool:
    return m.InfoRequest.objects.filter(pk=req.pk).filter(requester_q(user)).exists()


def data(req: m.InfoRequest) -> dict[str, str]:
    return {
        "name": req.requester_name,
        "contact": req.requester_contact,
        "address": req.requester_address,
        "id_number": req.requester_id_number,
    }


def masked(req: m.InfoRequest) -> dict[str, str]:
    """The same keys, each value withheld (empty stays empty)."""
    return {key: MASK if value else "" for key, value in data(req).items()}


def redact(text: str, req: m.InfoRequest) -> str:
    """``text`` (a description or answer to publish) without the requester's data."""
    for value in sorted(data(req).values(), key=len, reverse=True):
        value = (value or "").strip()
        if len(value) >= 2:
            text = text.replace(value, MASK)
    return text
