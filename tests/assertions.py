"""Assertions shared by the app test suites: a refusal that leaves every table as it was,
and a block that writes exactly one audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pytest

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError


def snapshot_rows(models: Iterable[type]) -> dict[str, list]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@contextmanager
def refused(code: str, field: str | None, models: Iterable[type]) -> Iterator:
    """The block raises a bilingual DomainError with this code and field and leaves each
    of ``models`` (pass the audit trail too) exactly as it was."""
    models = tuple(models)
    before = snapshot_rows(models)
    with pytest.raises(DomainError) as info:
        yield info
    exc = info.value
    assert exc.error_code == code, str(exc)
    assert exc.field == field, str(exc)
    assert exc.zh and exc.en and exc.zh != exc.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.zh), exc.zh
    assert sum(ch.isascii() and ch.isalpha() for ch in exc.en) >= 8, exc.en
    assert snapshot_rows(models) == before


@contextmanager
def one_audit(action: str) -> Iterator[None]:
    """The block writes exactly one audit entry, with this action."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    yield
    new = list(AuditEntry.objects.filter(seq__gt=last).values_list("action", flat=True))
    assert new == [action]
