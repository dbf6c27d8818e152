"""Fixtures for flows: a department with posts and staff, a commission over it, and a
published power list with a licence (promised 5, statutory 20 working days) and a
penalty."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from yangguang.accounts.models import User
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")


@pytest.fixture
def w(db):
    from yangguang.orgs import services as orgs
    from yangguang.powers import services as ps

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
    commission = orgs.organisation_create(
        actor=SYSTEM, code="C1", name="某县纪委监委", kind="commission", region=region,
        parent=gov, jurisdiction=gov,
    )  # fmt: skip
    post = orgs.post_create(
        actor=SYSTEM, organisation=dept, code="WIN", name="窗口受理岗", risk_grade="low"
    )
    post2 = orgs.post_create(
        actor=SYSTEM, organisation=dept, code="BIZ", name="业务科室", risk_grade="low"
    )

    def user(name, role, org):
        return User.objects.create_user(
            name, password="x-Passw0rd-long", full_name=name, role=role, organisation=org
        )

    users = {
        "clerk": user("clerk", "clerk", dept),
        "leader": user("leader", "leader", dept),
        "gov_leader": user("govlead", "leader", gov),
        "inspector": user("inspector", "inspector", commission),
        "other_clerk": user("other", "clerk", other),
        "sysadmin": user("admin", "sysadmin", None),
    }
    plist = ps.power_list_create(actor=SYSTEM, organisation=dept)
    licence = ps.power_item_create(
        actor=SYSTEM, power_list=plist, code="XK00001000", name="食品经营许可", type="XK",
        promised_limit=5, promised_unit="working_days", statutory_limit=20,
        statutory_unit="working_days", complaint_channel="12345",
    )  # fmt: skip
    penalty = ps.power_item_create(
        actor=SYSTEM, power_list=plist, code="CF00001000", name="对无证经营的处罚", type="CF",
        statutory_limit=90, statutory_unit="calendar_days",
    )  # fmt: skip
    return SimpleNamespace(
        dept=dept, other=other, gov=gov, commission=commission, post=post, post2=post2,
        users=users, plist=plist, licence=licence, penalty=penalty,
    )  # fmt: skip


def publish_list(w) -> None:
    from yangguang.powers import services as ps

    u = w.users
    ps.power_list_submit(actor=SYSTEM, power_list=w.plist, by=u["clerk"])
    ps.power_list_first_approve(actor=SYSTEM, power_list=w.plist, by=u["leader"])
    ps.power_list_second_approve(actor=SYSTEM, power_list=w.plist, by=u["gov_leader"])
    ps.power_list_publish(actor=SYSTEM, power_list=w.plist)


def build_licence(w, *, publish: bool = False):
    """受理 → (补正 loop) → 审查(internal) → 决定, with risks and measures."""
    from yangguang.flows import services as s

    p = s.process_create(actor=SYSTEM, power=w.licence, template="basic")
    tasks = {n.name: n for n in p.nodes.filter(kind="task")}
    s.step_update(actor=SYSTEM, node=tasks["受理"], post=w.post)
    s.step_update(actor=SYSTEM, node=tasks["审查"], post=w.post2, visibility="internal")
    s.step_update(actor=SYSTEM, node=tasks["决定"], post=w.post2)
    s.loop_insert(
        actor=SYSTEM, flow=tasks["受理"].outgoing.get(), back_to=tasks["受理"], name="补正",
        condition="需补正", exit_condition="齐全", gateway_name="材料齐全?", post=w.post, limit_days=5,
    )  # fmt: skip
    risk = s.risk_point_add(
        actor=SYSTEM,
        node=tasks["审查"],
        description="审查把关不严",
        grade="A",
        likelihood=3,
        impact=5,
    )
    s.measure_add(actor=SYSTEM, risk_point=risk, description="双人审查", owner="科长")
    s.sod_set(actor=SYSTEM, process=p, tasks=[tasks["受理"], tasks["决定"]], name="分离")
    if publish:
        p = s.process_publish(actor=SYSTEM, process=p)
    return p
