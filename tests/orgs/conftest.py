"""A county with a party committee (root), its government with two departments, and a
commission supervising the whole tree; one account per role."""

from __future__ import annotations

import pytest

from tests import assertions
from tests.factories import UserFactory
from yangguang.audit.models import AuditEntry
from yangguang.orgs import models as m

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
