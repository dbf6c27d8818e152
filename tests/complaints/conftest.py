from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from tests.disclosure.conftest import SYSTEM, _fresh_cache, tree, users  # noqa: F401
from yangguang.accounts import services as accounts
from yangguang.accounts.models import User
from yangguang.orgs import services as orgs
from yangguang.orgs.models import Organisation

PASSWORD = "Yangguang-test-2024"


@dataclass
class County:
    """市场监管局 (principal 杨帆, deputy 朱红, clerk 秦磊) under the county government
    (county head 彭海涛, principal) and the county commission over the whole county
    (secretary 马正清, inspectors 方正 and 方圆)."""

    gov: Organisation
    dept: Organisation
    commission: Organisation
    people: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, key: str) -> User:
        return self.people[key]


@pytest.fixture
def county(db) -> County:
    region = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    gov = orgs.organisation_create(
        actor=SYSTEM, code="ZF", name="阳光县人民政府", kind="government", region=region
    )
    dept = orgs.organisation_create(
        actor=SYSTEM, code="SCJ", name="阳光县市场监督管理局", kind="department",
        region=region, parent=gov,
    )  # fmt: skip
    commission = orgs.organisation_create(
        actor=SYSTEM, code="JW", name="阳光县纪委监委", kind="commission", region=region,
        parent=gov, jurisdiction=gov,
    )  # fmt: skip
    c = County(gov=gov, dept=dept, commission=commission)
    start = timezone.localdate() - datetime.timedelta(days=400)

    def person(key, username, name, org, role, term=None):
        u = accounts.user_create(
            actor=SYSTEM, username=username, full_name=name, organisation=org, role=role,
            password=PASSWORD,
        )  # fmt: skip
        if term:
            orgs.leadership_appoint(
                actor=SYSTEM, organisation=org, user=u, role=term, title=name, start=start
            )
        c.people[key] = u

    person("yangfan", "scj.lead", "杨帆", dept, "leader", "principal")
    person("deputy", "scj.deputy", "朱红", dept, "leader", "deputy")
    person("clerk", "scj.clerk", "秦磊", dept, "clerk")
    person("head", "zf.head", "彭海涛", gov, "leader", "principal")
    person("secretary", "jw.shuji", "马正清", commission, "leader", "principal")
    person("inspector", "inspector", "方正", commission, "inspector")
    person("inspector2", "inspector2", "方圆", commission, "inspector")
    person("sysadmin", "admin", "系统管理员", None, "sysadmin")
    return c
