"""Every app's factory creates a valid object through its service (with its audit entry)."""

from __future__ import annotations

import pytest

from tests import factories as f
from yangguang.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

FACTORIES = [
    f.RegionFactory,
    f.OrganisationFactory,
    f.UserFactory,
    f.PostFactory,
    f.PostHoldingFactory,
    f.PrincipalTermFactory,
    f.PowerListFactory,
    f.PowerItemFactory,
    f.BenchmarkFactory,
    f.ProcessFactory,
    f.PublishedProcessFactory,
    f.CaseFactory,
    f.MeetingFactory,
    f.TopicFactory,
    f.CalendarDayFactory,
    f.AuditEntryFactory,
    f.DisclosureItemFactory,
    f.ComplaintFactory,
    f.CheckRunFactory,
    f.ScoreSheetFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda fc: fc.__name__)
def test_factory_creates_through_the_service(factory):
    before = AuditEntry.objects.count()
    first, second = factory(), factory()
    assert first.pk and second.pk and first.pk != second.pk
    assert type(first)._default_manager.filter(pk=first.pk).exists()
    # the service wrote the trail (two objects, at least one entry each)
    assert AuditEntry.objects.count() >= before + 2


def test_case_factory_case_is_open_on_its_published_flowchart():
    case = f.CaseFactory()
    assert case.status == "open"
    assert case.process.status == "published"
