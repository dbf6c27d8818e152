"""Helpers shared by the power-list tests."""

from __future__ import annotations

from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")


def as_(user) -> Actor:
    return Actor.person(user)


class Unchanged:
    """Snapshot of row counts (every powers model and the audit trail) to assert that a
    refused call wrote nothing."""

    def __init__(self) -> None:
        self.before = self.counts()

    @staticmethod
    def counts() -> dict[str, int]:
        from django.apps import apps

        out = {m.__name__: m.objects.count() for m in apps.get_app_config("powers").get_models()}
        out["AuditEntry"] = AuditEntry.objects.count()
        return out

    def check(self) -> None:
        assert self.counts() == self.before
