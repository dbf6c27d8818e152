"""Rechecks after a change that can make people conflicted (a relative declared).

Apps holding matters people must stand aside from (回避) register a function here from
their ``ready()``; ``services.relatives`` runs them inside the declaration's transaction,
so a handler who has just become conflicted is replaced in the same change. A plain list
of callables, called explicitly by the service (not a signal)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Recheck = Callable[..., object]  # fn(actor=, user_ids=, trigger=)
_RECHECKS: list[Recheck] = []


def register(fn: Recheck) -> None:
    if fn not in _RECHECKS:
        _RECHECKS.append(fn)


def run(actor, user_ids: Iterable[int], trigger: str) -> None:
    ids = list(user_ids)
    for fn in _RECHECKS:
        fn(actor=actor, user_ids=ids, trigger=trigger)
