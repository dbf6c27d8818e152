"""What waits for someone: each app registers a provider (in its ``AppConfig.ready()``)
that names the work waiting for a person; the office home shows them all. Core imports
no app: the apps come to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    """``count`` things of one kind wait for the person, at ``url``; ``label`` in the
    page's language; ``names`` what they are (e.g. the organisations)."""

    label: str
    count: int
    url: str
    names: list[str] = field(default_factory=list)


Provider = Callable[[object], Iterable[Task]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def tasks_for(user) -> list[Task]:
    """Every registered provider's tasks for ``user``."""
    return [task for provider in _PROVIDERS for task in provider(user) if task.count]
