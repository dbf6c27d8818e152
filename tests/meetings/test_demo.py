"""The demo county's year of meetings: the checks find exactly the deliberate breaches."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.core.management import call_command
from django.utils import timezone

from yangguang.demo.data import meetings as data
from yangguang.meetings import checks
from yangguang.meetings import models as m
from yangguang.orgs.models import Organisation


def test_demo_meetings_and_their_breaches(demo_county):
    today = timezone.localdate()
    assert m.Meeting.objects.filter(status="held").count() >= 40
    assert set(m.Meeting.objects.values_list("organisation__code", flat=True)) >= {
        "YGX-XW",
        "YGX-ZF",
        "YGX-CZJ",
    }
    assert m.Minutes.objects.filter(status="approved").count() == m.Meeting.objects.count()
    assert m.Topic.objects.filter(public=True).exists()
    assert m.OverdueAlert.objects.exists()
    root = Organisation.objects.get(code="YGX-XW")
    findings = checks.run(root, today - dt.timedelta(days=366), today)
    assert Counter(f.rule for f in findings) == Counter(data.BREACHES.values())
    out = io.StringIO()
    start = (today - dt.timedelta(days=366)).isoformat()
    call_command(
        "meetings",
        "check",
        "--org",
        "YGX-XW",
        "--from",
        start,
        "--to",
        today.isoformat(),
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == len(data.BREACHES)
    assert all(len(line.split("\t")) == 4 for line in lines)
