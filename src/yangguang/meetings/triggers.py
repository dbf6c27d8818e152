"""Database guards of the meetings app (created by migration 0002), built with
``yangguang.core.triggers.Guard``:

* approved minutes refuse UPDATE (a draft may still be edited and approved);
* votes and statements in the speaking order refuse UPDATE altogether.

DELETE is left alone so that a DBA's flush (``yangguang demo --reset``, the suite's
transactional tests) still works; the services never delete these rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from yangguang.core.triggers import Guard

MINUTES = "meetings_minutes"
MESSAGE = (
    "已签发的会议纪要不能修改, 只能另行修订 (approved minutes cannot be changed, only amended)"
)
FROZEN_MESSAGE = "表决和发言记录不能修改 (votes and statements cannot be changed)"

MINUTES_GUARD = Guard(
    name="meetings_minutes",
    tables=(MINUTES,),
    message=MESSAGE,
    operations=("UPDATE",),
    when="OLD.status = 'approved'",
)
RECORDS_GUARD = Guard(
    name="meetings_records",
    tables=("meetings_vote", "meetings_speech"),
    message=FROZEN_MESSAGE,
    operations=("UPDATE",),
)
GUARDS = (MINUTES_GUARD, RECORDS_GUARD)


def create_triggers(connection) -> None:
    for guard in GUARDS:
        guard.create(connection)


def drop_triggers(connection) -> None:
    for guard in GUARDS:
        guard.drop(connection)


@contextlib.contextmanager
def disabled(connection) -> Iterator[None]:
    """Lift the guards as a DBA would (tests only), and put them back afterwards."""
    with MINUTES_GUARD.disabled(connection), RECORDS_GUARD.disabled(connection):
        yield
