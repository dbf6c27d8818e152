"""Fixtures for the power lists: a government with two departments and a township, the
staff roles the review needs, and a department's draft list with a few items."""

from __future__ import annotations

import pytest

from yangguang.accounts.roles import Role
from yangguang.powers import services as s
from yangguang.powers.models import PowerItem

from .helpers import SYSTEM, Unchanged


@pytest.fixture
def org(db):
    from yangguang.orgs import services as orgs

    region = orgs.region_create(actor=SYSTEM, code="440000", name="广东省", level="province")
    gov = orgs.organisation_create(
        actor=SYSTEM, code="G1", name="某县人民政府", kind="government", region=region
    )
    dept = orgs.organisation_create(
        actor=SYSTEM,
        code="D1",
        name="某县市场监督管理局",
        kind="department",
        region=region,
        parent=gov,
    )
    other = orgs.organisation_create(
        actor=SYSTEM, code="D2", name="某县自然资源局", kind="department", region=region, parent=gov
    )
    town = orgs.organisation_create(
        actor=SYSTEM, code="T1", name="某镇人民政府", kind="township", region=region, parent=gov
    )
    post = orgs.post_create(
        actor=SYSTEM, organisation=dept, code="P1", name="执法岗", risk_grade="medium"
    )
    other_post = orgs.post_create(
        actor=SYSTEM, organisation=other, code="P1", name="审批岗", risk_grade="medium"
    )
    return {
        "region": region,
        "gov": gov,
        "dept": dept,
        "other": other,
        "town": town,
        "post": post,
        "other_post": other_post,
    }


@pytest.fixture
def people(org):
    from yangguang.accounts.models import User

    def make(username, role, o):
        return User.objects.create_user(
            username, password=None, full_name=username, role=role, organisation=o
        )

    return {
        "clerk": make("clerk", Role.CLERK, org["dept"]),
        "clerk2": make("clerk2", Role.CLERK, org["dept"]),
        "org_admin": make("orgadmin", Role.ORG_ADMIN, org["dept"]),
        "leader": make("leader", Role.LEADER, org["dept"]),
        "leader2": make("leader2", Role.LEADER, org["dept"]),
        "gov_leader": make("govleader", Role.LEADER, org["gov"]),
        "legal_office": make("legal", Role.ORG_ADMIN, org["gov"]),
        "other_clerk": make("otherclerk", Role.CLERK, org["other"]),
        "other_leader": make("otherleader", Role.LEADER, org["other"]),
        "inspector": make("inspector", Role.INSPECTOR, org["gov"]),
        "sysadmin": make("sysadmin", Role.SYSADMIN, None),
    }


@pytest.fixture
def plist(org):
    return s.power_list_create(actor=SYSTEM, organisation=org["dept"])


@pytest.fixture
def items(plist, org) -> dict[str, PowerItem]:
    """A licence main item with two sub-items, and two penalties."""
    xk = s.power_item_create(
        actor=SYSTEM,
        power_list=plist,
        code="XK00001000",
        name="食品经营许可",
        type="XK",
        statutory_limit=20,
        statutory_unit="working_days",
        promised_limit=10,
        promised_unit="working_days",
        responsible_post=org["post"],
    )
    sub1 = s.power_item_create(
        actor=SYSTEM,
        power_list=plist,
        code="XK00001001",
        name="食品经营许可(新办)",
        type="XK",
        parent=xk,
    )
    sub2 = s.power_item_create(
        actor=SYSTEM,
        power_list=plist,
        code="XK00001002",
        name="食品经营许可(变更)",
        type="XK",
        parent=xk,
    )
    cf1 = s.power_item_create(
        actor=SYSTEM,
        power_list=plist,
        code="CF00001000",
        name="对经营超过保质期食品的处罚",
        type="CF",
    )
    cf2 = s.power_item_create(
        actor=SYSTEM,
        power_list=plist,
        code="CF00002000",
        name="对未取得许可从事食品生产经营的处罚",
        type="行政处罚",
    )
    return {"xk": xk, "sub1": sub1, "sub2": sub2, "cf1": cf1, "cf2": cf2}


@pytest.fixture
def unchanged():
    return Unchanged
