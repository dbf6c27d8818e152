"""``yangguang demo``: loads the county through the services, and only once.

The first load is the session's shared county (``demo_county``, built by this very
command on an empty database); what it printed is checked here."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from yangguang.accounts.models import User
from yangguang.audit.models import AuditEntry
from yangguang.demo.data import county
from yangguang.demo.loader import reset_database
from yangguang.orgs.models import Organisation, Post, Region
from yangguang.orgs.selectors import principal_rule_report
from yangguang.orgs.validators import validate_credit_code


def demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_once(demo_county):
    first = demo_county.output
    assert "已加载演示县" in first
    assert "http://127.0.0.1:8000" in first and county.PASSWORD in first
    assert Region.objects.count() == len(county.REGIONS)
    orgs = Organisation.objects.count()
    assert orgs >= 20 and Organisation.objects.filter(kind="village_committee").count() == 6
    assert User.objects.count() >= 40
    for org in Organisation.objects.exclude(credit_code=None):
        validate_credit_code(org.credit_code)
    assert Post.objects.filter(risk_grade="high", rotation_months__isnull=True).count() == 0
    entries = AuditEntry.objects.count()
    assert entries > 100
    # the loader acts as the system, except where the commission's own people handle the
    # demo report (so the conflict-of-interest rules apply to the demo as to anyone)
    people = AuditEntry.objects.exclude(actor_name="demo")
    assert set(people.values_list("actor_name", flat=True)) <= {"jw.shuji", "inspector"}
    assert {a.split(".")[0] for a in people.values_list("action", flat=True)} == {"complaints"}

    rows = {(r.organisation.code, r.status) for r in principal_rule_report()}
    assert rows == {("YGX-ZRZYJ", "breach"), ("YGX-ZJJ", "exemption")}

    commission = Organisation.objects.get(code="YGX-JW")
    assert commission.jurisdiction.code == county.ROOT_ORG

    second = demo()
    assert "已存在" in second and "already loaded" in second
    assert Organisation.objects.count() == orgs
    assert AuditEntry.objects.count() == entries

    for username, _label in county.DEMO_LOGINS:
        assert authenticate(username=username, password=county.PASSWORD) is not None, username


@pytest.mark.django_db(transaction=True)
def test_demo_reset_reloads(demo_county, monkeypatch):
    from yangguang.demo.data import cases as demo_cases

    # the reload is under test here, not the demo cases: a few of them
    monkeypatch.setattr(demo_cases, "CASES", 12)
    try:
        Organisation.objects.filter(code="YGX-FGJ").update(name="改过的名字")
        out = demo("--reset")
        assert "已加载演示县" in out
        assert Organisation.objects.get(code="YGX-FGJ").name == "阳光县发展和改革局"
        assert AuditEntry.objects.order_by("seq").first().seq == 1
    finally:
        # the append-only trail refuses the test runner's flush: empty it as a DBA would
        reset_database()
