from __future__ import annotations

import pytest

from yangguang.accounts import services
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


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
