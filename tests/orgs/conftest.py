"""A county with a party committee (root), its government with two departments, and a
commission supervising the whole tree; one account per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests import assertions
from tests.factories import SYSTEM, UserFactory
from yangguang.audit.models import AuditEntry
from yangguang.orgs import models as m
from yangguang.orgs import services

COUNTED = (
    m.Region,
    m.Organisation,
    m.Post,
    m.PostHolding,
    m.LeadershipTerm,
    m.Charge,
    m.Exemption,
    AuditEntry,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def snapshot_rows() -> dict[str, list]:
    return assertions.snapshot_rows(COUNTED)


def refused(code: str, field: str | None):
    """The block raises a bilingual DomainError with this code and field and leaves every
    table of this app (the audit trail included) exactly as it was."""
    return assertions.refused(code, field, COUNTED)


one_audit = assertions.one_audit


@dataclass
class Tree:
    province: m.Region
    city: m.Region
    county: m.Region
    root: m.Organisation
    gov: m.Organisation
    a: m.Organisation
    b: m.Organisation
    commission: m.Organisation


@pytest.fixture
def tree(db) -> Tree:
    province = services.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    city = services.region_create(
        actor=SYSTEM, code="330100", name="杭州市", level="city", parent=province
    )
    county = services.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=city
    )

    def org(code, name, kind="department", parent=None, **kw):
        return services.organisation_create(
            actor=SYSTEM, code=code, name=name, kind=kind, region=county, parent=parent, **kw
        )

    root = org("XW", "县委", "party_committee")
    gov = org("ZF", "县政府", "government", root)
    a = org("CZJ", "财政局", parent=gov)
    b = org("JTJ", "交通局", parent=gov)
    commission = org("JW", "县纪委监委", "commission", root, jurisdiction=root)
    return Tree(province, city, county, root, gov, a, b, commission)


@pytest.fixture
def people(tree):
    return {
        "sysadmin": UserFactory(username="admin", organisation=None, role="sysadmin"),
        "orgadmin": UserFactory(username="orgadmin", organisation=tree.gov, role="org_admin"),
        "adminb": UserFactory(username="adminb", organisation=tree.b, role="org_admin"),
        "clerk": UserFactory(username="clerk", organisation=tree.a, role="clerk"),
        "clerk_b": UserFactory(username="clerk_b", organisation=tree.b, role="clerk"),
        "lead": UserFactory(username="lead", organisation=tree.a, role="leader"),
        "deputy": UserFactory(username="deputy", organisation=tree.a, role="leader"),
        "county_head": UserFactory(username="head", organisation=tree.gov, role="leader"),
        "secretary": UserFactory(username="secretary", organisation=tree.root, role="leader"),
        "inspector": UserFactory(
            username="inspector", organisation=tree.commission, role="inspector"
        ),
        "lead_b": UserFactory(username="lead_b", organisation=tree.b, role="leader"),
    }
