from __future__ import annotations

import pytest

from yangguang.accounts import services
from yangguang.core.context import Actor
from yangguang.orgs import services as orgs

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


@pytest.fixture
def tree(db):
    """A county government with two departments."""
    province = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    city = orgs.region_create(
        actor=SYSTEM, code="330100", name="杭州市", level="city", parent=province
    )
    county = orgs.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=city
    )
    root = orgs.organisation_create(
        actor=SYSTEM, code="GOV", name="县政府", kind="government", region=county
    )
    a = orgs.organisation_create(
        actor=SYSTEM, code="A", name="财政局", kind="department", region=county, parent=root
    )
    b = orgs.organisation_create(
        actor=SYSTEM, code="B", name="交通局", kind="department", region=county, parent=root
    )
    return {"root": root, "a": a, "b": b}


@pytest.fixture
def make_user(tree):
    def make(username, role="clerk", org="a", password=PASSWORD):
        return services.user_create(
            actor=SYSTEM,
            username=username,
            full_name=username.upper(),
            organisation=tree[org] if org else None,
            role=role,
            password=password,
        )

    return make
