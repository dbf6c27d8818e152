"""With the cases app: the portal's case lookup (number and query code) and a complaint
about a case linked to it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from yangguang.core.context import Actor
from yangguang.disclosure import cases_link
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("tests")


def register_case():
    """A case on a published power of the demo county, through the cases services."""
    from yangguang.cases.services import case_register
    from yangguang.flows.models import ProcessModel

    process = ProcessModel.objects.filter(status="published").select_related("power").first()
    return case_register(actor=SYSTEM, power=process.power, applicant="市民甲", subject="申请")


@pytest.fixture
def county(demo_county):
    """The session's demo county (tests/demo_db.py)."""
    if not cases_link.cases_installed():
        pytest.skip("the cases app is not installed")
    cache.clear()
    yield demo_county
    cache.clear()


def test_look_up_a_case_and_complain_about_it(county):
    case = register_case()
    client = Client()
    page = client.get("/cases/lookup/")
    assert page.status_code == 200
    found = client.post("/cases/lookup/", {"number": case.number, "code": case.query_code})
    assert found.status_code == 200 and case.number in found.content.decode()
    assert "市民甲" not in found.content.decode()  # the applicant's name is not shown
    wrong = [
        client.post("/cases/lookup/", {"number": n, "code": "WRONG-CODE"})
        for n in (case.number, "NO-SUCH-NUMBER")
    ]
    assert {w.status_code for w in wrong} == {404}
    assert wrong[0].content.count(b'role="alert"') == wrong[1].content.count(b'role="alert"')
    complaint, _code = s.complaint_submit(
        actor=SYSTEM,
        kind="complaint",
        subject_kind="case",
        organisation=case.organisation,
        case_number=case.number,
        title="办件超期",
        content="超过承诺期限仍未办结",
    )
    assert complaint.case_ref == case.pk
    figures = cases_link.case_figures()
    assert figures[case.organisation_id]["total"] >= 1
