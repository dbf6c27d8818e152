"""The demo county's power lists: several hundred items, one finished review."""

from __future__ import annotations

from yangguang.audit.models import AuditEntry
from yangguang.powers import selectors as sel
from yangguang.powers.models import (
    DiscretionBenchmark,
    ListStatus,
    PowerItem,
    PowerList,
    PowerListVersion,
    PublishedItem,
    ResponsibilityItem,
)


def test_demo_power_lists(demo_county):
    # the ten departments' lists, and 清水镇's, made for the 小作坊登记 delegated to it
    assert PowerList.objects.count() == 11
    declared = PowerItem.objects.count() + 9  # the reviewed list lost 9 items
    assert declared >= 250
    assert PowerItem.objects.filter(sub__gt=0).count() >= 80
    assert ResponsibilityItem.objects.count() >= 700
    assert DiscretionBenchmark.objects.filter(quantified=False).exists()
    assert PublishedItem.objects.filter(version__number=2).count() == 35
    assert PowerList.objects.get(organisation__code="YGX-XZSPJ").status == ListStatus.SECOND_REVIEW
    # the lists were loaded by the system (the complaints part of the demo acts as people)
    powers_actors = AuditEntry.objects.filter(action__startswith="power.")
    assert powers_actors.exists()
    assert set(powers_actors.values_list("actor_name", flat=True)) == {"demo"}

    report = sel.review_report()
    row = next(r for r in report.rows if r.organisation == "阳光县市场监督管理局")
    assert (
        row.declared,
        row.cancelled,
        row.delegated,
        row.merged,
        row.transferred,
        row.adjusted,
    ) == (
        44,
        2,
        4,
        2,
        1,
        2,
    )
    assert str(row.share_reduced) == "20.5"
    v1, v2 = PowerListVersion.objects.filter(organisation__code="YGX-SCJGJ").order_by("number")
    diff = sel.versions_compare(old=v1, new=v2)
    assert len(diff.removed) == 9 and not diff.added
    item = PowerItem.objects.get(power_list__organisation__code="YGX-SCJGJ", code="CF00001000")
    check = sel.penalty_check(power=item, circumstance="ordinary", amount=60000)
    assert check.inside


def test_demo_second_review_waits_for_its_reviewer(demo_county):
    """行政审批局's second round waits for its second reviewer, who finds it on the office
    home and does the second review on the list's page."""
    from django.test import Client

    from yangguang.accounts.models import User

    reviewer = Client()
    reviewer.force_login(User.objects.get(username="zf.changwu"))
    home = reviewer.get("/office/").content.decode()
    assert "等待您复审的权责清单: <strong>1</strong>" in home and "阳光县行政审批局" in home
    page = reviewer.get("/office/powers/YGX-XZSPJ/").content.decode()
    assert "复审中" in page and "确认审核结论" in page
    response = reviewer.post(
        "/office/powers/YGX-XZSPJ/step/second_review/", {"decision": "approve"}
    )
    assert response.status_code == 302
    approved = PowerList.objects.get(organisation__code="YGX-XZSPJ")
    assert (
        approved.status == ListStatus.APPROVED and approved.second_reviewer.username == "zf.changwu"
    )
