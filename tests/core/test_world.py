def test_world_builds(world):
    assert world.own.org.path.startswith(world.root.path)
    assert world.own.org.path != world.other.org.path
