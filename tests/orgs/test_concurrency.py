"""Two simultaneous appointments of a principal: the organisation row lock makes the
second wait, see the first and refuse (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.factories import SYSTEM, OrganisationFactory, UserFactory, days_ago
from yangguang.core.errors import DomainError
from yangguang.demo.loader import reset_database
from yangguang.orgs import services
from yangguang.orgs.models import LeadershipTerm


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_principal_appointments_do_not_both_succeed():
    try:
        org = OrganisationFactory()
        users = [UserFactory(organisation=org, role="leader") for _ in range(2)]
        barrier = threading.Barrier(2)
        results: list[object] = []

        def appoint(user):
            try:
                barrier.wait()
                # closed terms: the partial unique index on open terms does not apply,
                # only the lock and the overlap check stand between them
                services.leadership_appoint(
                    actor=SYSTEM,
                    organisation=org,
                    user=user,
                    role="principal",
                    title="局长",
                    start=days_ago(100),
                    end=days_ago(-100),
                )
                results.append("ok")
            except DomainError as exc:
                results.append(exc.error_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=appoint, args=(u,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["ok", "principal_overlap"]
        assert LeadershipTerm.objects.filter(organisation=org).count() == 1
    finally:
        reset_database()
