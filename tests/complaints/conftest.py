from tests.disclosure.conftest import _fresh_cache, tree, users  # noqa: F401
