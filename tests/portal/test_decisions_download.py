"""The published decisions as CSV and JSON (``/decisions.csv``, ``/decisions.json``): the
decisions the page shows (public ones only), its fields only (no speeches, votes or
members)."""

from __future__ import annotations

import csv
import io
import json

from django.test import Client

from tests.meetings.conftest import (  # noqa: F401  (world: fixture)
    agenda,
    clean_meeting,
    discuss,
    hold,
    minutes,
    new_meeting,
    world,
)


def test_decisions_download_lists_public_decisions_only(world):  # noqa: F811
    meeting = new_meeting(world)
    public = agenda(world, meeting, title="调整预算")
    hold(world, meeting)
    public = discuss(world, public, public=True)
    minutes(world, meeting)
    _m2, private = clean_meeting(world, title="内部议题")
    c = Client()
    html = c.get("/decisions/").content.decode()
    assert 'href="/decisions.csv"' in html and 'href="/decisions.json"' in html

    response = c.get("/decisions.json")
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="decisions.json"' in response["Content-Disposition"]
    (row,) = json.loads(response.content)
    assert row["id"] == public.pk and row["title"] == "调整预算"
    assert row["number"] and row["number"] in html  # the minutes' number, as on the page
    assert row["decided_on"] == "2026-07-15" and row["decided_on"] in html
    assert row["organisation"] == meeting.organisation.name and row["outcome"] == "passed"
    assert row["outcome_label"] == "通过" and row["organisation_code"] == meeting.organisation.code
    assert set(row) == {
        "id", "number", "decided_on", "organisation_code", "organisation", "title", "outcome",
        "outcome_label",
    }  # fmt: skip
    text = response.content.decode()
    assert private.title not in text and "同意" not in text  # no summary, speeches or votes

    body = c.get("/decisions.csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(body)))
    assert [(r["议题"], r["结果"], r["决定日期"]) for r in table] == [
        ("调整预算", "通过", "2026-07-15")
    ]
    assert c.get("/decisions.txt").status_code == 404
