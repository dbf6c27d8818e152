"""Fixtures for cases: a county government, a department with the posts of the demo
flowcharts and people holding them, a commission over it, another department, and
published powers running the fixture flowcharts (food licence: exclusive gateways and
a 补正 loop; expert permit: parallel branches and an expert review pause)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.powers.models import PowerType
from yangguang.workdays.core import SHANGHAI

SYSTEM = Actor.system("tests")
FIXTURES = Path(__file__).resolve().parents[2] / "src/yangguang/flows/fixtures"
POSTS = ("窗口受理岗", "业务科室", "分管领导", "固定资产投资项目审批岗")


def at(y, m, d, h=9, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


def build(db_ready=True):
    from yangguang.flows import services as fs
    from yangguang.orgs import services as orgs
    from yangguang.powers import services as ps

    region = orgs.region_create(actor=SYSTEM, code="440000", name="广东省", level="province")
    gov = orgs.organisation_create(
        actor=SYSTEM, code="G1", name="某县人民政府", kind="government", region=region
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="D1", name="某县市场监督管理局", kind="department", region=region,
        parent=gov,
    )  # fmt: skip
    other = orgs.organisation_create(
        actor=SYSTEM, code="D2", name="某县自然资源局", kind="department", region=region, parent=gov
    )
    commission = orgs.organisation_create(
        actor=SYSTEM, code="C1", name="某县纪委监委", kind="commission", region=region,
        parent=gov, jurisdiction=gov,
    )  # fmt: skip

    def user(name, role, org):
        return User.objects.create_user(
            name, password="x-Passw0rd-long", full_name=name, role=role, organisation=org
        )

    posts = {
        name: orgs.post_create(
            actor=SYSTEM, organisation=dept, code=f"P{i}", name=name, risk_grade="low"
        )
        for i, name in enumerate(POSTS)
    }
    people = {}
    for name in ("win1", "win2", "biz1", "biz2", "lead1"):
        people[name] = user(name, "clerk" if name != "lead1" else "leader", dept)
    hold = dt.date(2024, 1, 1)
    for who, post in (
        ("win1", "窗口受理岗"), ("win2", "窗口受理岗"), ("biz1", "业务科室"),
        ("biz2", "业务科室"), ("lead1", "分管领导"), ("biz1", "固定资产投资项目审批岗"),
        ("biz2", "固定资产投资项目审批岗"), ("win1", "业务科室"),
    ):  # fmt: skip
        orgs.post_assign(actor=SYSTEM, post=posts[post], user=people[who], start=hold)
    people["inspector"] = user("inspector", "inspector", commission)
    people["other_clerk"] = user("other", "clerk", other)
    people["sysadmin"] = user("admin", "sysadmin", None)
    # (a transactional test's flush takes the seeded power types away)
    PowerType.objects.get_or_create(code="XK", defaults={"name": "行政许可"})
    plist = ps.power_list_create(actor=SYSTEM, organisation=dept)

    def power(code, name, fixture, **limits):
        item = ps.power_item_create(
            actor=SYSTEM, power_list=plist, code=code, name=name, type="XK", **limits
        )
        p = fs.import_bpmn(actor=SYSTEM, power=item, xml_bytes=(FIXTURES / fixture).read_bytes())
        fs.process_publish(actor=SYSTEM, process=p)
        return item

    limits = {
        "promised_limit": 5, "promised_unit": "working_days", "statutory_limit": 20,
        "statutory_unit": "working_days",
    }  # fmt: skip
    food = power("XK00001000", "食品经营许可", "food-licence.bpmn", **limits)
    expert = power("XK00002000", "固定资产投资项目核准", "permit-expert-parallel.bpmn", **limits)
    return SimpleNamespace(
        gov=gov, dept=dept, other=other, commission=commission, posts=posts, u=people,
        food=food, expert=expert, plist=plist,
    )  # fmt: skip


@pytest.fixture
def w(db):
    return build()


class Clock:
    """``django.utils.timezone.now`` held at a chosen moment (every service reads it)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, *args) -> dt.datetime:
        """The moment ``at(*args)``, with the clock moved to a minute after it."""
        moment = at(*args)
        self.now = moment + dt.timedelta(minutes=1)
        return moment


@pytest.fixture
def clock(monkeypatch):
    from django.utils import timezone

    c = Clock(at(2026, 3, 2, 8))
    monkeypatch.setattr(timezone, "now", c)
    return c


def open_step(case, name: str):
    from yangguang.cases.models import Step

    return Step.objects.get(case=case, name=name, status="open")


@pytest.fixture(autouse=True)
def _fresh_engine_cache():
    """Compiled processes are cached per (pk, published_at); tests roll back and reuse
    primary keys, and a held clock repeats the publication time."""
    from yangguang.cases.common import _compiled

    _compiled.cache_clear()
    yield
    _compiled.cache_clear()
