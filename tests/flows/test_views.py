"""Back-office editor pages and the public portal (external view, published only)."""

from __future__ import annotations

from django.test import Client

from yangguang.flows.models import ProcessModel

from .conftest import build_licence, publish_list


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_office_list_editor_and_downloads(w):
    p = build_licence(w)
    c = client_for(w.users["clerk"])
    html = c.get("/office/flows/").content.decode()
    assert "食品经营许可" in html and "流程图与风险" in html
    html = c.get(f"/office/flows/model/{p.pk}/").content.decode()
    assert "审查" in html and "五步法" in html and "增加分支" in html
    assert c.get(f"/office/flows/model/{p.pk}/chart.svg").content.startswith(b"<svg")
    pdf = c.get(f"/office/flows/model/{p.pk}/poster.pdf?view=external")
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    assert b"isExecutable" in c.get(f"/office/flows/model/{p.pk}/model.bpmn").content
    xlsx = c.get("/office/flows/catalogue.xlsx").content
    assert xlsx.startswith(b"PK")
    assert c.get("/office/flows/catalogue.pdf").content.startswith(b"%PDF")
    # another department's clerk cannot see it
    assert client_for(w.users["other_clerk"]).get(f"/office/flows/model/{p.pk}/").status_code == 404


def test_editor_actions_and_htmx_row(w):
    p = build_licence(w)
    c = client_for(w.users["clerk"])
    flow = p.nodes.get(name="决定").incoming.get()
    r = c.post(
        f"/office/flows/model/{p.pk}/do/step_insert/",
        {"flow": flow.pk, "name": "公示", "limit_days": "1", "post": w.post.pk},
    )
    assert r.status_code == 302 and p.nodes.filter(name="公示").exists()
    node = p.nodes.get(name="公示")
    form = c.get(f"/office/flows/model/{p.pk}/step/{node.pk}/?edit=1").content.decode()
    assert 'name="limit_days"' in form
    row = c.post(
        f"/office/flows/model/{p.pk}/step/{node.pk}/",
        {"name": "结果公示", "limit_days": "0", "visibility": "external", "limit_unit": "working"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "正数" in row  # the error comes back in the inline form
    row = c.post(
        f"/office/flows/model/{p.pk}/step/{node.pk}/",
        {
            "name": "结果公示",
            "limit_days": "1",
            "visibility": "external",
            "limit_unit": "working",
            "post": w.post.pk,
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "结果公示" in row and "<tr" in row
    r = c.post(
        f"/office/flows/model/{p.pk}/do/risk_add/",
        {"node": node.pk, "description": "选择性公示", "grade": "C"},
    )
    assert r.status_code == 302
    risk = node.risk_points.get(description="选择性公示")
    editor = c.get(f"/office/flows/model/{p.pk}/").content.decode()
    assert "risk_update" in editor
    r = c.post(
        f"/office/flows/model/{p.pk}/do/risk_update/",
        {"risk": risk.pk, "description": "选择性公示结果", "grade": "B", "likelihood": "4"},
    )
    assert r.status_code == 302
    risk.refresh_from_db()
    assert (risk.description, risk.grade, risk.likelihood) == ("选择性公示结果", "B", 4)
    # inspectors see but do not edit
    r = client_for(w.users["inspector"]).post(
        f"/office/flows/model/{p.pk}/do/step_delete/", {"node": node.pk}
    )
    assert p.nodes.filter(pk=node.pk).exists()


def test_portal_shows_published_external_view_only(w):
    p = build_licence(w, publish=True)
    c = Client()
    assert c.get(f"/flows/{p.pk}/").status_code == 404  # the power itself is not published yet
    publish_list(w)
    html = c.get("/flows/").content.decode()
    assert "食品经营许可" in html
    html = c.get(f"/flows/{p.pk}/").content.decode()
    assert "受理" in html and "审查" not in html  # the internal step is hidden
    svg = c.get(f"/flows/{p.pk}/chart.svg").content.decode()
    assert "受理" in svg and "审查" not in svg and "图例" in svg
    assert c.get(f"/flows/{p.pk}/poster.pdf").content.startswith(b"%PDF")
    draft = ProcessModel.objects.get(pk=p.pk)
    assert draft.status == "published"
    # a draft is never public
    from yangguang.flows import services as s

    from .conftest import SYSTEM

    new = s.process_new_version(actor=SYSTEM, process=p)
    assert c.get(f"/flows/{new.pk}/").status_code == 404
    assert c.get("/flows/catalogue.xlsx").content.startswith(b"PK")
