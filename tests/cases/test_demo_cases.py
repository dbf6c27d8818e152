"""The demo cases: registered over two quarters through the services, some late and
carded, one separation-of-duty breach refused among the imported events, live alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone

from tests.demo_db import CASES
from yangguang.cases.dashboard import figures
from yangguang.cases.models import Alert, Case, IngestedEvent

pytestmark = pytest.mark.django_db


def test_demo_cases(demo_county):
    # the session's county, loaded by ``yangguang demo`` with tests.demo_db.CASES cases
    result = demo_county.cases
    print(result)
    # the one separation-of-duty breach among the imported events, refused
    assert [r["code"] for r in result.rejected] == ["sod_violation"]
    print(f"demo with {CASES} cases: {demo_county.seconds:.1f}s")
    cases = Case.objects.all()
    assert cases.count() >= 100
    oldest = cases.order_by("registered_at").first().registered_at
    assert oldest < timezone.now() - dt.timedelta(days=120)
    assert cases.filter(status="open").exists() and cases.exclude(status="open").exists()
    assert cases.filter(channel="api").count() >= 15
    assert IngestedEvent.objects.count() >= 30
    grades = set(Alert.objects.values_list("grade", flat=True))
    assert {"yellow", "red"} <= grades
    # judged as they happened: a case finished within its limit (promised, or statutory
    # where the power promises none, as penalties do) has no card
    limit = Coalesce("promised_deadline", "statutory_deadline")
    in_time = cases.exclude(status="open").filter(finished_at__lte=limit)
    assert in_time.count() > 50
    assert not Alert.objects.filter(case__in=in_time, rule__in=("yellow_card", "red_card"))
    # 首问负责: every case has the person who took it in
    assert not cases.filter(responsible__isnull=True).exists()
    print(dict(Alert.objects.values_list("rule").annotate(n=Count("pk")).order_by()))
    live = Alert.objects.filter(status__in=("pending", "open")).count()
    assert live > 0
    from yangguang.accounts.models import User

    data = figures(User.objects.get(username="inspector"))
    assert data["open"] > 0 and data["alerts"]["live"] > 0
    assert data["on_time"]["finished"] > 0
