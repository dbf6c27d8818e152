"""What waits for someone: each app registers a provider (in its ``AppConfig.ready()``)
that names the work waiting for a person; the office home shows them all. Core imports
no app: the apps come to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One thing waiting (a case's step, a request, an alert): what it is, where to act on
    it, its deadline if it has one (a date or an aware datetime) and a short note; it is
    overdue when that deadline has passed."""

    label: str
    url: str
    due: object = None
    note: str = ""

    @property
    def overdue(self) -> bool:
        import datetime

        from django.utils import timezone

        if isinstance(self.due, datetime.datetime):
            return self.due < timezone.now()
        if isinstance(self.due, datetime.date):
            return self.due < timezone.localdate()
        return False

    @property
    def due_text(self) -> str:
        """The deadline as the page shows it: a day, or a local day and time."""
        import datetime

        from django.utils import timezone

        if isinstance(self.due, datetime.datetime):
            return timezone.localtime(self.due).strftime("%Y-%m-%d %H:%M")
        if isinstance(self.due, datetime.date):
            return self.due.isoformat()
        return ""


@dataclass(frozen=True)
class Task:
    """``count`` things of one kind wait for the person, at ``url``; ``label`` in the
    page's language; ``names`` what they are (e.g. the organisations); ``entries`` the
    first of them, soonest due first (the office home lists them, not only the count)."""

    label: str
    count: int
    url: str
    names: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    @property
    def more(self) -> int:
        """How many are not listed in ``entries``."""
        return max(self.count - len(self.entries), 0)


#: how many entries of a kind the office home lists
SHOWN = 5


def task(label: str, items, url: str, entry: Callable[[object], Entry]) -> Task | None:
    """The task of the things in ``items`` (a queryset, soonest due first): their count,
    the first :data:`SHOWN` as entries made by ``entry``; None when there are none."""
    count = items.count()
    if not count:
        return None
    return Task(label=label, count=count, url=url, entries=[entry(x) for x in items[:SHOWN]])


Provider = Callable[[object], Iterable[Task]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def tasks_for(user) -> list[Task]:
    """Every registered provider's tasks for ``user``, the overdue first."""
    tasks = [task for provider in _PROVIDERS for task in provider(user) if task.count]
    return sorted(tasks, key=lambda t: not any(e.overdue for e in t.entries))
