"""API: the published decisions (public) and the compliance findings (inspectors)."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from yangguang.api import request_user
from yangguang.core import access
from yangguang.core.errors import PermissionDeniedError
from yangguang.meetings import checks, selectors
from yangguang.orgs.models import Organisation

router = Router(tags=["meetings"])


class DecisionOut(Schema):
    id: int
    organisation: str
    title: str
    number: str
    date: datetime.date | None
    outcome: str
    summary: str


class FindingOut(Schema):
    rule: str
    key: str
    organisation: str
    meeting: str
    topic: str
    message_zh: str
    message_en: str


@router.get("/decisions", response=list[DecisionOut])
def decisions(request):
    """Decisions marked public (the portal's /decisions/): nothing else of the meeting."""
    return [
        DecisionOut(
            id=t.pk,
            organisation=t.meeting.organisation.code,
            title=t.title,
            number=selectors.minutes_label(t),
            date=timezone.localdate(t.decided_at) if t.decided_at else None,
            outcome=t.outcome,
            summary=t.public_summary,
        )
        for t in selectors.public_decisions()[:500]
    ]


@router.get("/findings", response=list[FindingOut])
def findings(request, org: str, start: datetime.date, end: datetime.date):
    """The compliance findings for an organisation's subtree (inspectors of its
    jurisdiction and administrators)."""
    user = request_user(request)
    organisation = Organisation.objects.filter(code=org).first()
    if organisation is None:
        raise Http404
    if not access.can_in_org(user, "supervise", organisation):
        raise PermissionDeniedError()
    return [
        FindingOut(
            rule=f.rule,
            key=f.key,
            organisation=f.organisation.code,
            meeting=f.meeting_label,
            topic=f.topic_label,
            message_zh=f.zh,
            message_en=f.en,
        )
        for f in checks.run(organisation, start, min(end, start + datetime.timedelta(days=400)))
    ]
