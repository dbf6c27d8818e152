"""Fixtures for the audit trail tests: a small organisation tree built through the real
services, staff accounts, a signing key, and a DBA's hand to tamper with."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.audit.audit_helpers import raw_key, write
from tests.trees import government_with_commission
from yangguang.accounts.roles import Role


@pytest.fixture
def signing_key(monkeypatch) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    monkeypatch.setenv("YANGGUANG_AUDIT_KEY", raw_key(key))
    return key


@pytest.fixture
def tree(db):
    """Region, a government with a department, and a commission supervising the department."""
    built = government_with_commission("某市")
    return built


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
