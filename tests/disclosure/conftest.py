"""A county with two departments, a commission supervising one, and staff accounts."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from yangguang.accounts.roles import Role
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")
SH = datetime.timezone(datetime.timedelta(hours=8))


def at(y: int, mo: int, d: int, h: int = 10) -> datetime.datetime:
    return datetime.datetime(y, mo, d, h, tzinfo=SH)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters and used CAPTCHAs
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    from yangguang.orgs import services as orgs

    region = orgs.region_create(actor=SYSTEM, code="440000", name="广东省", level="province")
    gov = orgs.organisation_create(
        actor=SYSTEM, code="G1", name="某县人民政府", kind="government", region=region
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="D1", name="某县财政局", kind="department", region=region, parent=gov
    )
    other = orgs.organisation_create(
        actor=SYSTEM, code="D2", name="某县教育局", kind="department", region=region, parent=gov
    )
    commission = orgs.organisation_create(
        actor=SYSTEM,
        code="C1",
        name="某县纪委监委派驻组",
        kind="commission",
        region=region,
        parent=gov,
        jurisdiction=dept,
    )
    return {"gov": gov, "dept": dept, "other": other, "commission": commission}


@pytest.fixture
def users(tree):
    from yangguang.accounts.models import User

    def make(username, role, org):
        return User.objects.create_user(
            username, password="pw-123456789", full_name=username, role=role, organisation=org
        )

    return {
        "sysadmin": make("admin", Role.SYSADMIN, None),
        "clerk": make("clerk", Role.CLERK, tree["dept"]),
        "lead": make("lead", Role.LEADER, tree["dept"]),
        "other_clerk": make("clerk2", Role.CLERK, tree["other"]),
        "inspector": make("inspector", Role.INSPECTOR, tree["commission"]),
    }


def person(user) -> Actor:
    return Actor.person(user)
