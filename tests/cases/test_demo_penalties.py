"""The demo county's penalty cases: grade and fine recorded at the 决定 step, checked
against the discretion benchmark; the few fines above it carry their reason and are the
commission's findings; the benchmarks are on the public item page."""

from __future__ import annotations

import pytest
from django.test import Client

from yangguang.accounts.models import User
from yangguang.cases.models import Alert, PenaltyDecision, Rule
from yangguang.powers.models import PublishedItem

pytestmark = pytest.mark.django_db


def test_demo_penalty_decisions(demo_county):
    decided = PenaltyDecision.objects.select_related("case__power__type")
    assert decided.filter(within=True).exists(), demo_county.cases
    outside = decided.filter(within=False)
    assert outside.exists()
    assert all(d.case.power.type.code == "CF" and "决定" in d.step.name for d in decided)
    assert not outside.filter(deviation_reason="").exists()
    findings = Alert.objects.filter(rule=Rule.BENCHMARK_DEVIATION)
    assert set(findings.values_list("step_id", flat=True)) == set(
        outside.values_list("step_id", flat=True)
    )
    # no penalty case stuck at its decision for want of a grade or a fine
    assert "penalty_required" not in demo_county.cases.refused
    c = Client()
    c.force_login(User.objects.get(username="inspector"))
    page = c.get(f"/office/cases/{outside.first().case_id}/").content.decode()
    assert "处罚决定与裁量基准核对" in page and "超出裁量基准" in page


def test_demo_benchmarks_on_the_portal(demo_county):
    item = PublishedItem.objects.filter(name="对不执行政府指导价的处罚").first()
    assert item is not None
    html = Client().get(f"/powers/org/{item.version.organisation.code}/item/{item.code}/")
    text = html.content.decode()
    assert html.status_code == 200
    assert "自由裁量权基准" in text and "未细化" in text and "5000" in text
