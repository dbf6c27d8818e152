"""Fixtures for the audit trail tests: a small organisation tree built through the real
services, staff accounts, a signing key, and a DBA's hand to tamper with."""

from __future__ import annotations

import pytest
from audit_helpers import SYSTEM, raw_key, write
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from yangguang.accounts.roles import Role


@pytest.fixture
def signing_key(monkeypatch) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    monkeypatch.setenv("YANGGUANG_AUDIT_KEY", raw_key(key))
    return key


@pytest.fixture
def tree(db):
    """Region, a government with a department, and a commission supervising the department."""
    from yangguang.orgs import services as orgs

    region = orgs.region_create(actor=SYSTEM, code="440000", name="广东省", level="province")
    gov = orgs.organisation_create(
        actor=SYSTEM, code="G1", name="某市人民政府", kind="government", region=region
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="D1", name="某市财政局", kind="department", region=region, parent=gov
    )
    other = orgs.organisation_create(
        actor=SYSTEM, code="D2", name="某市教育局", kind="department", region=region, parent=gov
    )
    commission = orgs.organisation_create(
        actor=SYSTEM,
        code="C1",
        name="某市纪委监委派驻组",
        kind="commission",
        region=region,
        parent=gov,
        jurisdiction=dept,
    )
    return {"region": region, "gov": gov, "dept": dept, "other": other, "commission": commission}


@pytest.fixture
def users(tree):
    from yangguang.accounts.models import User

    def make(username, role, org):
        return User.objects.create_user(
            username, password=None, full_name=username, role=role, organisation=org
        )

    return {
        "sysadmin": make("admin", Role.SYSADMIN, None),
        "inspector": make("inspector", Role.INSPECTOR, tree["commission"]),
        "clerk": make("clerk", Role.CLERK, tree["dept"]),
        "org_admin": make("orgadmin", Role.ORG_ADMIN, tree["gov"]),
    }


@pytest.fixture
def entries(db):
    return write
