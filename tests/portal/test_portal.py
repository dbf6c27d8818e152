from __future__ import annotations

import re

from django.test import Client

from yangguang.core.context import Actor
from yangguang.orgs import services as orgs

SYSTEM = Actor.system("tests")


def make_orgs():
    province = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    city = orgs.region_create(
        actor=SYSTEM, code="330100", name="杭州市", level="city", parent=province
    )
    county = orgs.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=city
    )
    root = orgs.organisation_create(
        actor=SYSTEM, code="GOV", name="桐庐县人民政府", kind="government", region=county
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="FIN", name="桐庐县财政局", kind="department", region=county, parent=root
    )
    orgs.post_create(
        actor=SYSTEM,
        organisation=dept,
        code="P1",
        name="秘密审批岗",
        risk_grade="low",
        duties="内部",
    )
    return root, dept


def test_home_lists_organisations(db):
    root, dept = make_orgs()
    html = Client().get("/").content.decode()
    assert root.name in html and dept.name in html
    assert f'href="/org/{dept.code}/"' in html


def test_organisation_page_shows_public_fields_only(db):
    root, dept = make_orgs()
    response = Client().get(f"/org/{dept.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert dept.name in html and root.name in html  # parent
    assert "秘密审批岗" not in html and dept.path not in html
    assert Client().get("/org/NOPE/").status_code == 404


def test_layout_has_landmarks_and_no_inline_scripts(db):
    for url in ("/", "/accounts/login/"):
        html = Client().get(url).content.decode()
        for tag in ("<header", "<nav", "<main", "<footer"):
            assert tag in html, (url, tag)
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all(
            'src="/static/' in attrs and not body.strip() for attrs, body in scripts
        )
        assert "http://" not in html and "https://" not in html


def test_organisations_download_csv_and_json(db):
    _root, dept = make_orgs()
    client = Client()
    js = client.get("/organisations.json")
    assert js.status_code == 200 and js["Content-Type"].startswith("application/json")
    rows = {r["code"]: r for r in js.json()}
    assert rows["FIN"]["parent_code"] == "GOV" and rows["FIN"]["name"] == dept.name
    assert "path" not in rows["FIN"] and "秘密审批岗" not in js.content.decode()
    csv = client.get("/organisations.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert "桐庐县财政局" in csv.content.decode("utf-8-sig")
    assert 'href="/organisations.csv"' in client.get("/").content.decode()
    assert client.get("/organisations.xml").status_code == 404
