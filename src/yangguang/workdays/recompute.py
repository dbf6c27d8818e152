"""Recomputing every open deadline after the calendar changed.

The apps whose records carry deadlines counted by the calendar register a recomputer
here in their ``AppConfig.ready()`` (so this app imports none of them): a function that
recomputes and stores the deadlines of its open records and returns how many it checked
and the :class:`Shift` of each one that moved (or whose provisional mark changed). The
service ``workdays.services.deadlines_recompute`` runs them all in one transaction with
one audit entry, in the background job ``workdays.tasks.deadlines_recompute_task``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Shift:
    kind: str  # case, step, info_request, complaint
    object_id: int
    label: str
    organisation_id: int | None
    old_deadline: datetime.datetime | None
    new_deadline: datetime.datetime | None
    old_provisional: bool
    new_provisional: bool

    @property
    def changed(self) -> bool:
        return (self.old_deadline, self.old_provisional) != (
            self.new_deadline,
            self.new_provisional,
        )


# called with the job's actor (for the audit entries of what a recompute settles, such
# as the "deadline unknown" alerts of deadlines now computed)
Recomputer = Callable[[object], tuple[int, list[Shift]]]
RECOMPUTERS: dict[str, Recomputer] = {}


def register(name: str, recomputer: Recomputer) -> None:
    RECOMPUTERS[name] = recomputer
