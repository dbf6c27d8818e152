"""On the demo county (read only): every leader sees the score of his or her own
organisation, scored by the county-wide sheet (set on the county's root, 县委) unless the
organisation has its own; no score below the sheet's floor; two decimals."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.cases.models_scores import ScoreSheet
from yangguang.cases.scores.selectors import current_quarter, scores

pytestmark = pytest.mark.django_db


def test_every_leader_sees_the_score_of_his_or_her_organisation(demo_county):
    quarter = current_quarter(timezone.now())
    leaders = list(
        User.objects.filter(role="leader", is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .order_by("username")
    )
    assert len(leaders) > 20
    assert "czj.lead" in {u.username for u in leaders}
    client = Client()
    for leader in leaders:
        rows = scores(user=leader, quarter=quarter)["departments"]
        own = next(r for r in rows if r.org_id == leader.organisation_id)
        assert own.sheet is not None and own.result is not None, leader.username
        assert own.score >= own.sheet.floor, leader.username
        client.force_login(leader)
        html = client.get("/office/cases/scores/").content.decode()
        assert "尚未设置评分表" not in html and "未设置评分表" not in html, leader.username
        mine = html.split('id="own-title"')[1].split("</section>")[0]
        assert leader.organisation.name in mine
        assert f"{own.score:.2f}" in mine, leader.username


def test_no_score_below_the_floor_and_two_decimals(demo_county):
    sheet = ScoreSheet.objects.get(organisation__code="YGX-XW")
    assert sheet.floor == 0 and all(i.cap for i in sheet.items.all() if i.points < 0)
    inspector = User.objects.get(username="inspector")
    result = scores(user=inspector, quarter=current_quarter(timezone.now()))
    rows = [*result["departments"], *result["people"]]
    assert any(r.result.lines for r in rows)  # the demo has deductions
    assert all(r.score is not None and r.score >= 0 for r in rows)
    for r in rows:
        for line in r.result.lines:
            assert line.cap is None or abs(line.applied) <= line.cap
    client = Client()
    client.force_login(inspector)
    html = client.get("/office/cases/scores/").content.decode()
    assert not re.search(r"\d\.\d{3,}", html)
    assert not re.search(r">-\d+\.\d\d</td><td>(优秀|良好|合格|不合格)", html)
    zjj = next(r for r in result["departments"] if r.code == "YGX-ZJJ")
    page = client.get("/office/cases/scores/org/YGX-ZJJ/").content.decode()
    assert f"{zjj.score:.2f}" in page and "#alert-" in page
