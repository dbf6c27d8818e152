"""The tree selectors, the principal-rule report and the ``orgs`` command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from tests.factories import SYSTEM, LeadershipTermFactory, OrganisationFactory, days_ago
from yangguang.orgs import selectors, services
from yangguang.orgs.models import Charge


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("orgs", *args, stdout=out)
    return out.getvalue().splitlines()


def test_subtree_and_tree_order(tree):
    assert list(selectors.organisation_subtree(tree.gov)) == [tree.gov, tree.a, tree.b]
    services.organisation_update(actor=SYSTEM, organisation=tree.b, sort_order=0)
    services.organisation_update(actor=SYSTEM, organisation=tree.a, sort_order=5)
    ordered = selectors.tree_sorted(selectors.organisation_list(user=AnonymousUser()))
    assert [o.code for o in ordered] == ["XW", "JW", "ZF", "JTJ", "CZJ"]


def test_organisation_list_is_scoped(tree, people):
    # organisations are public: everyone sees the whole tree
    assert selectors.organisation_list(user=AnonymousUser()).count() == 5
    assert selectors.organisation_list(user=people["clerk"]).count() == 5


def test_orgs_list_prints_code_tab_name_in_tree_order(tree):
    # ids 10, 11, ... would sort before 2 as strings: tree order does not
    for i in range(12):
        OrganisationFactory(parent=tree.b, region=tree.county, code=f"JTJ-{i:02d}", sort_order=i)
    lines = run("list")
    assert lines[:5] == ["XW\t县委", "JW\t县纪委监委", "ZF\t县政府", "CZJ\t财政局", "JTJ\t交通局"]
    assert [line.split("\t")[0] for line in lines[5:]] == [f"JTJ-{i:02d}" for i in range(12)]
    assert all(line.count("\t") == 1 and line.split("\t")[1] for line in lines)


@pytest.fixture
def principal(tree, people):
    return services.leadership_appoint(
        actor=SYSTEM,
        organisation=tree.a,
        user=people["lead"],
        role="principal",
        title="局长",
        start=days_ago(400),
    )


def test_report_exemption_then_breach_when_it_expires(principal, people):
    services.exemption_record(
        actor=SYSTEM,
        term=principal,
        area="finance",
        reason="副局长空缺",
        approver=people["county_head"],
        approved_on=days_ago(100),
        valid_until=days_ago(-10),
    )
    services.charge_assign(actor=SYSTEM, term=principal, area="finance", since=days_ago(90))
    services.charge_assign(actor=SYSTEM, term=principal, area="other", label="全面工作")
    (row,) = selectors.principal_rule_report()
    assert (row.status, row.charge.area, row.organisation.code) == ("exemption", "finance", "CZJ")
    assert row.exemption.reason == "副局长空缺"
    assert row.exemption.approver == people["county_head"]
    (row,) = selectors.principal_rule_report(on=days_ago(-11))
    assert row.status == "breach" and row.exemption is None
    assert "到期" in row.note_zh and "expired" in row.note_en
    # before the charge began, nothing to report
    assert selectors.principal_rule_report(on=days_ago(95)) == []


def test_report_flags_data_from_before_the_rule(principal):
    # written before the rule was enforced (not through the services)
    Charge.objects.create(term=principal, area="personnel", since=days_ago(300))
    (row,) = selectors.principal_rule_report()
    assert (row.status, row.note_en) == ("breach", "no valid exemption")
    lines = run("report-principal")
    assert lines[0].split("\t")[:6] == [
        "code",
        "organisation",
        "principal",
        "title",
        "area",
        "status",
    ]
    fields = lines[1].split("\t")
    assert fields[0] == "CZJ" and fields[4] == "personnel" and fields[5] == "breach"
    # an ended term is not reported
    services.leadership_end(actor=SYSTEM, term=principal, end=days_ago(1))
    assert selectors.principal_rule_report() == []
    assert len(run("report-principal")) == 1


def test_report_flags_a_principal_with_a_deputy_term_in_the_same_org(tree, people):
    # a deputy in charge of personnel is promoted, but the deputy term stays open
    deputy = LeadershipTermFactory(organisation=tree.a, user=people["deputy"], start=days_ago(300))
    services.charge_assign(actor=SYSTEM, term=deputy, area="personnel")
    LeadershipTermFactory(
        organisation=tree.a, user=people["deputy"], role="principal", title="局长"
    )
    (row,) = selectors.principal_rule_report()
    assert row.status == "breach" and row.charge.term == deputy
    assert "deputy term" in row.note_en
    # another person's deputy term is not the principal's business
    other = LeadershipTermFactory(organisation=tree.a, user=people["lead"])
    services.charge_assign(actor=SYSTEM, term=other, area="finance")
    assert len(selectors.principal_rule_report()) == 1


def test_report_scoped_to_a_user(principal, people):
    Charge.objects.create(term=principal, area="finance", since=days_ago(10))
    assert len(selectors.principal_rule_report(user=people["clerk"])) == 1
    assert selectors.principal_rule_report(user=people["clerk_b"]) == []
    assert len(selectors.principal_rule_report(user=people["inspector"])) == 1


def test_report_bad_date():
    with pytest.raises(CommandError):
        call_command("orgs", "report-principal", "--on", "yesterday")
