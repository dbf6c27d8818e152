"""The orgs services: each writes one audit entry; each refusal names the field, speaks
Chinese and English, and leaves nothing half-written."""

from __future__ import annotations

import json

import pytest

from tests.factories import (
    SYSTEM,
    LeadershipTermFactory,
    OrganisationFactory,
    PostFactory,
    PrincipalTermFactory,
    UserFactory,
    days_ago,
)
from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor
from yangguang.orgs import services
from yangguang.orgs.models import Charge, Organisation, Region
from yangguang.orgs.validators import make_credit_code

from .conftest import one_audit, refused

GOOD_CREDIT = make_credit_code(authority="1", kind="1", division="330122", org_body="00249099")


def last_changes() -> dict:
    return json.loads(AuditEntry.objects.order_by("-seq").first().payload)["changes"]


# --- regions -----------------------------------------------------------------------------


def test_region_create_writes_one_audit_entry(tree):
    with one_audit("region.create"):
        town = services.region_create(
            actor=SYSTEM, code="330122101", name="城南街道", level="township", parent=tree.county
        )
    assert town.parent == tree.county
    assert last_changes()["code"] == [None, "330122101"]


@pytest.mark.parametrize(
    ("code", "level", "parent", "err", "field"),
    [
        ("33012", "county", "city", "region_code_length", "code"),
        ("330100", "county", "city", "region_code_level", "code"),
        ("340122", "county", "city", "region_code_parent_prefix", "code"),
        ("990000", "province", None, "region_code_province", "code"),
        ("330122101", "township", "city", "region_parent_level", "parent"),
        ("330123", "county", None, "region_parent_required", "parent"),
        ("330122", "county", "city", "region_code_taken", "code"),
    ],
)
def test_region_create_refusals(tree, code, level, parent, err, field):
    parent_region = {"city": tree.city, None: None}[parent]
    with refused(err, field):
        services.region_create(
            actor=SYSTEM, code=code, name="某地", level=level, parent=parent_region
        )


def test_region_create_is_for_system_administrators(tree, people):
    with refused("permission_denied", None):
        services.region_create(
            actor=Actor.person(people["orgadmin"]),
            code="330127",
            name="淳安县",
            level="county",
            parent=tree.city,
        )
    with one_audit("region.create"):
        services.region_create(
            actor=Actor.person(people["sysadmin"]),
            code="330127",
            name="淳安县",
            level="county",
            parent=tree.city,
        )


# --- organisations -------------------------------------------------------------------------


def test_organisation_paths(tree):
    assert tree.root.path == f"/{tree.root.pk}/"
    assert tree.a.path == f"/{tree.root.pk}/{tree.gov.pk}/{tree.a.pk}/"
    assert Organisation.objects.get(pk=tree.a.pk).path == tree.a.path


def test_organisation_create_writes_one_audit_entry(tree):
    with one_audit("org.create"):
        org = services.organisation_create(
            actor=SYSTEM,
            code="SJJ",
            name="审计局",
            kind="department",
            region=tree.county,
            parent=tree.gov,
            credit_code=GOOD_CREDIT,
        )
    assert org.credit_code == GOOD_CREDIT
    assert last_changes()["path"] == [None, org.path]


def test_organisation_create_refuses_a_wrong_check_character(tree):
    bad = GOOD_CREDIT[:17] + ("0" if GOOD_CREDIT[17] != "0" else "1")
    with refused("credit_code_check", "credit_code") as info:
        services.organisation_create(
            actor=SYSTEM,
            code="SJJ",
            name="审计局",
            kind="department",
            region=tree.county,
            parent=tree.gov,
            credit_code=bad,
        )
    assert "第 18 位" in info.value.zh and "position 18" in info.value.en


def test_organisation_create_refusals(tree):
    kw = {"actor": SYSTEM, "name": "某局", "region": tree.county, "parent": tree.gov}
    with refused("jurisdiction_only_for_commission", "jurisdiction"):
        services.organisation_create(code="X1", kind="department", jurisdiction=tree.a, **kw)
    with refused("unique", "code"):
        services.organisation_create(code="CZJ", kind="department", **kw)
    with refused("invalid_choice", "kind"):
        services.organisation_create(code="X2", kind="ministry", **kw)


def test_org_admin_creates_only_inside_his_subtree(tree, people):
    admin = Actor.person(people["adminb"])
    with one_audit("org.create"):
        services.organisation_create(
            actor=admin,
            code="JTJ-1",
            name="交通局下属所",
            kind="public_institution",
            region=tree.county,
            parent=tree.b,
        )
    with refused("permission_denied", None):
        services.organisation_create(
            actor=admin, code="X", name="某所", kind="department", region=tree.county, parent=tree.a
        )
    with refused("permission_denied", None):
        services.organisation_create(
            actor=admin, code="X", name="某委", kind="party_committee", region=tree.county
        )
    with refused("permission_denied", None):
        services.organisation_create(
            actor=Actor.person(people["clerk_b"]),
            code="X",
            name="某所",
            kind="department",
            region=tree.county,
            parent=tree.b,
        )


def test_organisation_update_records_before_and_after(tree):
    with one_audit("org.update"):
        services.organisation_update(
            actor=SYSTEM, organisation=tree.a, name="县财政局", sort_order=3
        )
    assert last_changes() == {"name": ["财政局", "县财政局"], "sort_order": [0, 3]}
    with refused("field_not_updatable", "path"):
        services.organisation_update(actor=SYSTEM, organisation=tree.a, path="/1/")


def test_moving_rewrites_the_whole_subtree(tree):
    a1 = OrganisationFactory(parent=tree.a, region=tree.county)
    a1x = OrganisationFactory(parent=a1, region=tree.county)
    with one_audit("org.update"):
        services.organisation_update(actor=SYSTEM, organisation=tree.a, parent=tree.b)
    for org in (tree.a, a1, a1x, tree.b, tree.gov):
        org.refresh_from_db()
    assert tree.a.parent == tree.b
    assert tree.a.path == f"{tree.b.path}{tree.a.pk}/"
    assert a1.path == f"{tree.a.path}{a1.pk}/"
    assert a1x.path == f"{a1.path}{a1x.pk}/"
    assert tree.gov.path == f"/{tree.root.pk}/{tree.gov.pk}/"
    assert last_changes()["parent"] == [tree.gov.pk, tree.b.pk]
    # and to the top
    services.organisation_update(actor=SYSTEM, organisation=tree.a, parent=None)
    a1x.refresh_from_db()
    assert a1x.path == f"/{tree.a.pk}/{a1.pk}/{a1x.pk}/"


def test_moving_into_own_subtree_is_refused(tree):
    a1 = OrganisationFactory(parent=tree.a, region=tree.county)
    for target in (a1, tree.a):
        with refused("org_cycle", "parent") as info:
            services.organisation_update(actor=SYSTEM, organisation=tree.a, parent=target)
        assert "下级" in info.value.zh and "descendant" in info.value.en
    with refused("org_cycle", "parent"):
        services.organisation_update(actor=SYSTEM, organisation=tree.root, parent=a1)


def test_org_admin_cannot_move_out_of_his_subtree(tree, people):
    with refused("permission_denied", None):
        services.organisation_update(
            actor=Actor.person(people["adminb"]), organisation=tree.b, parent=tree.commission
        )


# --- posts ---------------------------------------------------------------------------------


def test_post_create_and_update(tree):
    with one_audit("post.create"):
        post = services.post_create(
            actor=SYSTEM,
            organisation=tree.a,
            code="YS",
            name="预算岗",
            risk_grade="high",
            rotation_months=60,
        )
    with one_audit("post.update"):
        services.post_update(actor=SYSTEM, post=post, risk_grade="low", rotation_months=None)
    assert last_changes() == {"risk_grade": ["high", "low"], "rotation_months": [60, None]}


def test_post_refusals(tree):
    post = PostFactory(organisation=tree.a, code="YS")
    with refused("post_rotation_required", "rotation_months"):
        services.post_create(
            actor=SYSTEM, organisation=tree.a, code="X", name="审批岗", risk_grade="high"
        )
    with refused("post_code_taken", "code"):
        services.post_create(
            actor=SYSTEM, organisation=tree.a, code="YS", name="另一岗", risk_grade="low"
        )
    with refused("post_rotation_required", "rotation_months"):
        services.post_update(actor=SYSTEM, post=post, rotation_months=None)
    with refused("invalid_choice", "risk_grade"):
        services.post_update(actor=SYSTEM, post=post, risk_grade="extreme")


def test_post_assign_and_release(tree, people):
    post = PostFactory(organisation=tree.a)
    with one_audit("post.assign"):
        holding = services.post_assign(
            actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(100)
        )
    with one_audit("post.release"):
        services.post_release(actor=SYSTEM, holding=holding, end=days_ago(10))
    assert last_changes() == {"end": [None, days_ago(10).isoformat()]}
    with refused("holding_ended", "end"):
        services.post_release(actor=SYSTEM, holding=holding, end=days_ago(5))
    # a later, non-overlapping holding of the same post is fine
    services.post_assign(actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(9))


def test_post_assign_refusals(tree, people):
    post = PostFactory(organisation=tree.a)
    with refused("post_foreign_organisation", "user") as info:
        services.post_assign(actor=SYSTEM, post=post, user=people["clerk_b"], start=days_ago(1))
    assert "财政局" in info.value.zh
    services.post_assign(
        actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(100), end=days_ago(50)
    )
    with refused("holding_overlap", "start"):
        services.post_assign(actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(50))
    with refused("holding_overlap", "start"):
        services.post_assign(
            actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(200), end=days_ago(100)
        )
    with refused("end_before_start", "end"):
        services.post_assign(
            actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(1), end=days_ago(2)
        )


def test_post_assign_permissions(tree, people):
    post = PostFactory(organisation=tree.a)
    with refused("permission_denied", None):
        services.post_assign(
            actor=Actor.person(people["clerk"]), post=post, user=people["clerk"], start=days_ago(1)
        )
    with one_audit("post.assign"):
        services.post_assign(
            actor=Actor.person(people["orgadmin"]),
            post=post,
            user=people["clerk"],
            start=days_ago(1),
        )


# --- leadership ----------------------------------------------------------------------------


def test_leadership_appoint_and_end(tree, people):
    with one_audit("leadership.appoint"):
        term = services.leadership_appoint(
            actor=SYSTEM,
            organisation=tree.a,
            user=people["lead"],
            role="principal",
            title="局长",
            start=days_ago(400),
        )
    with one_audit("leadership.end"):
        services.leadership_end(actor=SYSTEM, term=term, end=days_ago(10))
    # the successor starts the next day
    with one_audit("leadership.appoint"):
        services.leadership_appoint(
            actor=SYSTEM,
            organisation=tree.a,
            user=people["deputy"],
            role="principal",
            title="局长",
            start=days_ago(9),
        )
    with refused("term_ended", "end"):
        services.leadership_end(actor=SYSTEM, term=term, end=days_ago(1))


def test_overlapping_principal_terms_are_refused(tree, people):
    services.leadership_appoint(
        actor=SYSTEM,
        organisation=tree.a,
        user=people["lead"],
        role="principal",
        title="局长",
        start=days_ago(400),
        end=days_ago(10),
    )
    for start, end in ((days_ago(10), None), (days_ago(500), days_ago(400)), (days_ago(600), None)):
        with refused("principal_overlap", "start") as info:
            services.leadership_appoint(
                actor=SYSTEM,
                organisation=tree.a,
                user=people["deputy"],
                role="principal",
                title="局长",
                start=start,
                end=end,
            )
        assert "主要负责人" in info.value.zh and "principal" in info.value.en
    # a deputy alongside is fine
    services.leadership_appoint(
        actor=SYSTEM,
        organisation=tree.a,
        user=people["deputy"],
        role="deputy",
        title="副局长",
        start=days_ago(100),
    )


def test_leadership_appoint_refusals(tree, people):
    kw = {"actor": SYSTEM, "organisation": tree.a, "title": "局长", "start": days_ago(1)}
    with refused("leader_foreign_organisation", "user"):
        services.leadership_appoint(user=people["lead_b"], role="principal", **kw)
    with refused("leadership_role_unknown", "role"):
        services.leadership_appoint(user=people["lead"], role="chief", **kw)
    with refused("required", "title"):
        services.leadership_appoint(
            actor=SYSTEM,
            organisation=tree.a,
            user=people["lead"],
            role="deputy",
            title="  ",
            start=days_ago(1),
        )
    with refused("permission_denied", None):
        services.leadership_appoint(
            actor=Actor.person(people["clerk"]),
            organisation=tree.a,
            user=people["lead"],
            role="deputy",
            title="副局长",
            start=days_ago(1),
        )


# --- the rule: 一把手五个不直接分管 -----------------------------------------------------------


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


@pytest.mark.parametrize(
    "area", ["personnel", "finance", "construction", "procurement", "property_rights"]
)
def test_principal_may_not_take_a_restricted_area(principal, area):
    with refused("principal_rule", "area") as info:
        services.charge_assign(actor=SYSTEM, term=principal, area=area)
    assert "一把手" in info.value.zh and "principal" in info.value.en


def test_principal_may_take_other_areas(principal):
    with one_audit("leadership.charge_assign"):
        charge = services.charge_assign(
            actor=SYSTEM, term=principal, area="other", label="全面工作"
        )
    assert charge.since == days_ago(0)


def test_exemption_lets_the_principal_take_the_area(principal, people):
    with one_audit("leadership.exemption_record"):
        services.exemption_record(
            actor=SYSTEM,
            term=principal,
            area="finance",
            reason="副局长空缺",
            approver=people["county_head"],
            approved_on=days_ago(10),
            valid_until=days_ago(-300),
        )
    # only for that area
    with refused("principal_rule", "area"):
        services.charge_assign(actor=SYSTEM, term=principal, area="personnel")
    with one_audit("leadership.charge_assign"):
        charge = services.charge_assign(actor=SYSTEM, term=principal, area="finance")
    with refused("charge_duplicate", "area"):
        services.charge_assign(actor=SYSTEM, term=principal, area="finance")
    with one_audit("leadership.charge_remove"):
        services.charge_remove(actor=SYSTEM, charge=charge)
    assert not Charge.objects.filter(pk=charge.pk).exists()
    assert last_changes()["area"] == ["finance", None]


def test_an_expired_exemption_does_not_count(principal, people):
    services.exemption_record(
        actor=SYSTEM,
        term=principal,
        area="procurement",
        reason="临时",
        approver=people["secretary"],
        approved_on=days_ago(300),
        valid_until=days_ago(1),
    )
    with refused("principal_rule", "area"):
        services.charge_assign(actor=SYSTEM, term=principal, area="procurement")
    # while it was valid, it did
    services.charge_assign(actor=SYSTEM, term=principal, area="procurement", since=days_ago(100))


def test_deputy_term_of_the_principal_is_no_way_round(principal, people):
    dual = services.leadership_appoint(
        actor=SYSTEM,
        organisation=principal.organisation,
        user=people["lead"],
        role="deputy",
        title="副局长(兼)",
        start=days_ago(100),
    )
    with refused("principal_rule_dual_term", "term"):
        services.charge_assign(actor=SYSTEM, term=dual, area="finance")
    deputy = LeadershipTermFactory(organisation=principal.organisation, user=people["deputy"])
    with one_audit("leadership.charge_assign"):
        services.charge_assign(actor=SYSTEM, term=deputy, area="finance")


def test_charge_assign_refusals(principal):
    with refused("charge_label_required", "label"):
        services.charge_assign(actor=SYSTEM, term=principal, area="other")
    with refused("charge_area_unknown", "area"):
        services.charge_assign(actor=SYSTEM, term=principal, area="weather")
    with refused("charge_outside_term", "since"):
        services.charge_assign(
            actor=SYSTEM, term=principal, area="other", label="x", since=days_ago(500)
        )


def test_exemption_refusals(principal, people, tree):
    kw = {"actor": SYSTEM, "term": principal, "area": "finance", "approved_on": days_ago(1)}
    with refused("required", "reason"):
        services.exemption_record(reason="  ", approver=people["county_head"], **kw)
    with refused("exemption_self_approved", "approver"):
        services.exemption_record(reason="r", approver=people["lead"], **kw)
    # a leader of the same organisation, a leader of a sibling, a clerk of the parent
    clerk_gov = UserFactory(organisation=tree.gov, role="clerk")
    for approver in (people["deputy"], people["lead_b"], clerk_gov):
        with refused("exemption_approver_not_higher", "approver"):
            services.exemption_record(reason="r", approver=approver, **kw)
    with refused("exemption_area_not_restricted", "area"):
        services.exemption_record(
            actor=SYSTEM,
            term=principal,
            area="other",
            reason="r",
            approver=people["county_head"],
            approved_on=days_ago(1),
        )
    with refused("exemption_valid_before_approval", "valid_until"):
        services.exemption_record(
            reason="r", approver=people["county_head"], valid_until=days_ago(2), **kw
        )
    with refused("exemption_approved_in_future", "approved_on"):
        services.exemption_record(
            actor=SYSTEM,
            term=principal,
            area="finance",
            reason="r",
            approver=people["county_head"],
            approved_on=days_ago(-1),
        )
    deputy = LeadershipTermFactory(organisation=tree.a, user=people["deputy"])
    with refused("exemption_not_principal", "term"):
        services.exemption_record(
            actor=SYSTEM,
            term=deputy,
            area="finance",
            reason="r",
            approver=people["county_head"],
            approved_on=days_ago(1),
        )


@pytest.mark.parametrize("approver", ["inspector", "sysadmin", "secretary", "county_head"])
def test_exemption_approvers(principal, people, approver):
    with one_audit("leadership.exemption_record"):
        services.exemption_record(
            actor=Actor.person(people["inspector"]),
            term=principal,
            area="finance",
            reason="经批准",
            approver=people[approver],
            approved_on=days_ago(1),
        )


def test_factories_build_a_consistent_world(tree):
    term = PrincipalTermFactory(organisation=OrganisationFactory(parent=tree.gov))
    assert term.user.organisation == term.organisation
    assert term.organisation.path.startswith(tree.gov.path)
    assert Region.objects.filter(code="330000").count() == 1
