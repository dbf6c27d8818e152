"""Drafts and internal views of a flowchart belong to their organisation, the bodies above
it (its reviewers) and the commission over it; another department's staff read a
published chart by its external view only, like the public (issue 25 point 2)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from .conftest import SYSTEM, build_licence, publish_list

INSIDERS = ("clerk", "leader", "gov_leader", "inspector", "sysadmin")
INTERNAL_STEP = "审查"  # build_licence's internal step
INTERNAL_RISK = "审查把关不严"  # and its risk point


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def charts(w):
    from yangguang.flows import services as s

    published = build_licence(w, publish=True)
    publish_list(w)
    draft = s.process_new_version(actor=SYSTEM, process=published)
    return published, draft


def _internal_pages(p) -> dict[str, str]:
    node = p.nodes.filter(kind="task").first()
    base = f"/office/flows/model/{p.pk}"
    return {
        "editor": f"{base}/",
        "step row": f"{base}/step/{node.pk}/",
        "internal chart": f"{base}/chart.svg",
        "internal poster": f"{base}/poster.pdf",
        "bpmn": f"{base}/model.bpmn",
    }


@pytest.mark.parametrize("who", [*INSIDERS, "other_clerk"])
def test_internal_views_for_insiders_only(w, charts, who):
    c = client_for(w.users[who])
    insider = who in INSIDERS
    for p in charts:
        for what, url in _internal_pages(p).items():
            response = c.get(url)
            assert response.status_code == (200 if insider else 404), (who, p.status, what)
    published, draft = charts
    # the external view of the published chart is anybody's, without the internal step
    svg = c.get(f"/office/flows/model/{published.pk}/chart.svg?view=external")
    assert svg.status_code == 200 and INTERNAL_STEP not in svg.content.decode()
    poster = c.get(f"/office/flows/model/{published.pk}/poster.pdf?view=external")
    assert poster.status_code == 200
    # a draft has no external view for outsiders either
    external_draft = c.get(f"/office/flows/model/{draft.pk}/chart.svg?view=external")
    assert external_draft.status_code == (200 if insider else 404)


@pytest.mark.parametrize("who", ["clerk", "other_clerk"])
def test_the_office_catalogue_holds_only_the_insiders_charts(w, charts, who):
    body = client_for(w.users[who]).get("/office/flows/catalogue.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert (INTERNAL_RISK in text) == (who == "clerk")
    listing = client_for(w.users[who]).get("/office/flows/").content.decode()
    assert (f"/office/flows/model/{charts[1].pk}/" in listing) == (who == "clerk")
