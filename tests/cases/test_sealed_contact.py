"""The applicant's contact is stored sealed (``core.sealed``, purpose ``applicant``): the
column holds a token, the case page shows the number to those who may view the case, the
events API and the migration seal it too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from yangguang.cases import services as cs
from yangguang.cases.models import Case
from yangguang.core import sealed
from yangguang.core.context import Actor

PHONE = "13912345678"


def _stored(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT applicant_contact FROM cases_case WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _register(w, clock) -> Case:
    return cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        applicant_contact=PHONE, at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip


@pytest.mark.django_db
def test_stored_sealed_and_shown_to_those_who_view_the_case(client, w, clock):
    case = _register(w, clock)
    raw = _stored(case.pk)
    assert raw.startswith(sealed.TOKEN_PREFIX) and PHONE not in raw
    assert Case.objects.get(pk=case.pk).applicant_contact == PHONE
    client.force_login(w.u["win1"])
    assert PHONE in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.force_login(w.u["other_clerk"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    empty = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="李四",
        at=clock.tick(2026, 3, 2, 10),
    )  # fmt: skip
    assert _stored(empty.pk) == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_rows_there_and_opens_them_back(w, clock):
    case = _register(w, clock)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("cases", "0009_penalty_decision")])
        assert _stored(case.pk) == PHONE
        executor = MigrationExecutor(connection)
        executor.migrate([("cases", "0010_applicant_contact_sealed")])
        assert _stored(case.pk).startswith(sealed.TOKEN_PREFIX)
        assert Case.objects.get(pk=case.pk).applicant_contact == PHONE
    finally:
        MigrationExecutor(connection).migrate([("cases", "0010_applicant_contact_sealed")])
