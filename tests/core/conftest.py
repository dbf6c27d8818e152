"""A small world for access tests: a county government with two departments (A, own;
B, other) and a commission whose jurisdiction is A; one account per role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from yangguang.accounts import services as accounts
from yangguang.accounts.models import ApiToken, User
from yangguang.core.context import Actor
from yangguang.orgs import services as orgs
from yangguang.orgs.models import Charge, LeadershipTerm, Organisation, Post, PostHolding

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


@dataclass
class Side:
    org: Organisation
    post: Post
    holding: PostHolding
    term: LeadershipTerm
    charge: Charge
    user: User
    token: ApiToken
    token_secret: str


@dataclass
class World:
    root: Organisation
    commission: Organisation
    own: Side
    other: Side
    users: dict[str, User] = field(default_factory=dict)

    def objects(self, side: Side) -> dict[str, object]:
        return {
            "Organisation": side.org,
            "Post": side.post,
            "PostHolding": side.holding,
            "LeadershipTerm": side.term,
            "Charge": side.charge,
            "User": side.user,
            "ApiToken": side.token,
        }


def make_side(root, code: str, name: str, region) -> Side:
    org = orgs.organisation_create(
        actor=SYSTEM, code=code, name=name, kind="department", region=region, parent=root
    )
    user = accounts.user_create(
        actor=SYSTEM,
        username=f"{code.lower()}-staff",
        full_name=f"{name}职员",
        organisation=org,
        role="clerk",
        password=PASSWORD,
    )
    post = orgs.post_create(
        actor=SYSTEM,
        organisation=org,
        code=f"{code}-P1",
        name=f"{name}审批岗",
        risk_grade="high",
        rotation_months=36,
    )
    start = timezone.localdate() - datetime.timedelta(days=30)
    holding = orgs.post_assign(actor=SYSTEM, post=post, user=user, start=start)
    term = orgs.leadership_appoint(
        actor=SYSTEM,
        organisation=org,
        user=user,
        role="deputy",
        title=f"{name}副局长",
        start=start,
    )
    charge = orgs.charge_assign(
        actor=SYSTEM, term=term, area="other", label=f"{name}宣传", since=start
    )
    token, secret = accounts.api_token_create(actor=SYSTEM, user=user, name=f"{code} token")
    return Side(org, post, holding, term, charge, user, token, secret)


def make_world() -> World:
    province = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    city = orgs.region_create(
        actor=SYSTEM, code="330100", name="杭州市", level="city", parent=province
    )
    county = orgs.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=city
    )
    root = orgs.organisation_create(
        actor=SYSTEM, code="TL-GOV", name="桐庐县人民政府", kind="government", region=county
    )
    own = make_side(root, "TL-A", "县财政局", county)
    other = make_side(root, "TL-B", "县交通局", county)
    commission = orgs.organisation_create(
        actor=SYSTEM,
        code="TL-JW",
        name="县纪委监委",
        kind="commission",
        region=county,
        parent=root,
        jurisdiction=own.org,
    )
    world = World(root=root, commission=commission, own=own, other=other)
    world.users["sysadmin"] = accounts.user_create(
        actor=SYSTEM,
        username="admin",
        full_name="系统管理员",
        organisation=None,
        role="sysadmin",
        password=PASSWORD,
    )
    for role in ("org_admin", "clerk", "leader"):
        world.users[role] = accounts.user_create(
            actor=SYSTEM,
            username=f"a-{role}",
            full_name=f"财政局{role}",
            organisation=own.org,
            role=role,
            password=PASSWORD,
        )
    world.users["inspector"] = accounts.user_create(
        actor=SYSTEM,
        username="inspector",
        full_name="纪检员",
        organisation=commission,
        role="inspector",
        password=PASSWORD,
    )
    return world


@pytest.fixture
def world(db) -> World:
    return make_world()
