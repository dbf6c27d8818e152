"""How to call every public service in a test, and the exact audit actions it must write.

``test_every_service_audited.py`` discovers every public function of every
``yangguang.*.services`` module and fails for any that is missing here. The table is
assembled from one module per app group (``service_calls/<group>.py``, each with its
``CALLS``). To add yours, in its group's module: a line ``"app.services.function":
callable``; the callable gets the fixtures ``f`` (a dict: ``tree``, ``users``, ``system``)
and returns the list of action codes the call must write, in order (``[]`` for helpers
that write nothing).
"""

from __future__ import annotations

from collections.abc import Callable

from . import (
    accounts,
    audit,
    cases,
    conformance,
    disclosure,
    flows,
    meetings,
    orgs,
    powers,
    workdays,
)
from ._common import F

GROUPS = (audit, orgs, accounts, powers, meetings, flows, workdays, conformance, cases, disclosure)

SERVICE_CALLS: dict[str, Callable[[F], list[str]]] = {}
for _group in GROUPS:
    _twice = SERVICE_CALLS.keys() & _group.CALLS.keys()
    assert not _twice, f"listed twice: {sorted(_twice)}"
    SERVICE_CALLS.update(_group.CALLS)
