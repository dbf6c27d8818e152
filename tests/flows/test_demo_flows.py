"""The demo county's flowcharts: at least 12 distinct valid published processes."""

from __future__ import annotations

import pytest
from django.test import Client

from yangguang.flows import selectors
from yangguang.flows.compiled import from_db
from yangguang.flows.models import ProcessModel

pytestmark = pytest.mark.django_db


def test_demo_has_twelve_distinct_valid_processes(demo_county):
    models = list(ProcessModel.objects.filter(status="published"))
    assert len(models) >= 12
    shapes = set()
    for p in models:
        assert selectors.problems(p) == [], p
        c = from_db(p)
        shapes.add((tuple(sorted(n.kind + n.name for n in c.nodes.values())), len(c.flows)))
    assert len(shapes) >= 12
    kinds = {n.kind for p in models for n in from_db(p).nodes.values()}
    assert {"xor", "and"} <= kinds
    names = {n.name for p in models for n in from_db(p).nodes.values()}
    assert {"听证", "专家评审"} <= names
    assert any(len(from_db(p).tasks) == 3 for p in models)  # a three-step registration
    assert ProcessModel.objects.filter(review_state="done").exists()
    # the public sees them (the powers are published)
    assert len(selectors.public_models()) >= 12
    html = Client().get("/flows/").content.decode()
    assert "食品经营许可" in html
