"""The portal's statistics count the alerts in force only: not those awaiting an
inspector's confirmation (pending), nor dismissed ones; in the page and its CSV/JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from tests.cases.conftest import at, build
from yangguang.cases import services as cs
from yangguang.cases.models import Alert, AlertStatus
from yangguang.core.context import Actor
from yangguang.disclosure import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    from yangguang.cases.common import _compiled

    _compiled.cache_clear()
    yield build()
    _compiled.cache_clear()


def test_statistics_count_only_alerts_in_force(w):
    case = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="甲", at=at(2026, 3, 2)
    )
    Alert.objects.filter(case=case).delete()  # only the hand-made ones below
    for i, status in enumerate(AlertStatus.values):
        Alert.objects.create(
            case=case, scope=f"case{i}", organisation=w.dept, rule="case_warning",
            grade="warning", status=status, detected_at=at(2026, 3, 3),
        )  # fmt: skip
    in_force = len(AlertStatus.values) - 2  # open, explained, closed, escalated
    assert in_force == 4

    row = next(
        r for r in selectors.statistics(user=None, today=at(2026, 4, 1).date())
        if r["org"] == w.dept
    )  # fmt: skip
    assert row["cases"]["alerts"] == in_force

    html = Client().get("/statistics/").content.decode()
    line = next(tr for tr in html.split("<tr>") if w.dept.name in tr and "</td>" in tr)
    cells = [c.split("</td>")[0] for c in line.split("<td>")[1:]]
    assert cells[:4] == ["1", "0", "0", str(in_force)]  # cases, finished, on time, alerts

    rows = json.loads(Client().get("/statistics/all.json").content)
    assert next(r for r in rows if r["organisation"] == w.dept.name)["case_alerts"] == in_force
    body = Client().get("/statistics/all.csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(body)))
    assert next(r for r in table if r["单位"] == w.dept.name)["预警数"] == "4"
