"""A county with two departments, a commission supervising one, and staff accounts."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from tests.trees import government_with_commission
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
    built = government_with_commission("某县")
    built.pop("region")
    return built


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
