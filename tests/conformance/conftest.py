from __future__ import annotations

import pytest


@pytest.fixture
def w_published(db):
    """The flows tests' department with its licence chart published."""
    from tests.flows.conftest import build_licence, publish_list, w

    world = w.__wrapped__(db) if hasattr(w, "__wrapped__") else None
    if world is None:  # pytest fixtures are not callable: build the same world here
        raise RuntimeError("fixture w is not callable")
    publish_list(world)
    world.process = build_licence(world, publish=True)
    return world
