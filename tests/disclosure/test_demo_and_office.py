from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.audit.models import AuditEntry
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def test_demo_county_has_every_status(demo_county):
    from yangguang.accounts.models import User

    assert set(m.DisclosureItem.objects.values_list("status", flat=True)) == set(
        m.ItemStatus.values
    )
    assert m.DisclosureItem.objects.filter(status="in_review", approved=True).exists()
    assert m.DisclosureAlert.objects.exists()
    assert set(m.InfoRequest.objects.values_list("status", flat=True)) == set(
        m.RequestStatus.values
    )
    assert set(m.Complaint.objects.values_list("status", flat=True)) == set(
        m.ComplaintStatus.values
    )
    # the demo commission's inspector is designated to read protected identities
    reader = m.ProtectedReportReader.objects.get(user__username="inspector")
    assert reader.commission.code == "YGX-JW" and reader.revoked_at is None
    assert m.ReporterIdentity.objects.count() == 2
    # a report against the leader of 市场监管局, handled by the commission's inspector
    yf = m.Complaint.objects.get(kind="report", persons__user__username="scjgj.lead")
    assert yf.commission.code == "YGX-JW" and yf.assignee.username == "inspector"
    assert yf.status == "replied" and yf.finding == "partly"
    leader_view = _login(User.objects.get(username="scjgj.lead"))
    page = leader_view.get(f"/office/complaints/{yf.pk}/").content.decode()
    assert "违规减免罚款" not in page and "部分属实" in page  # the outcome only
    page = _login(User.objects.get(username="inspector")).get(f"/office/complaints/{yf.pk}/")
    assert "违规减免罚款" in page.content.decode()
    assert set(m.Complaint.objects.values_list("satisfaction", flat=True)) >= {
        "satisfied",
        "unsatisfied",
    }
    html = Client().get("/statistics/").content.decode()
    assert "阳光县财政局" in html
    # findings recorded; the founded ones count in the county's scores this quarter
    assert set(m.Complaint.objects.values_list("finding", flat=True)) == {"", *m.Finding.values}
    from django.utils import timezone

    from yangguang.cases.models_scores import ScoreSheet
    from yangguang.cases.scores.selectors import current_quarter, scores

    sheet = ScoreSheet.objects.get(organisation__code="YGX-XW")  # county-wide
    assert sheet.items.get(kind="complaint_founded").points < 0
    result = scores(
        user=User.objects.get(username="inspector"), quarter=current_quarter(timezone.now())
    )
    founded = {r.name for r in result["departments"] if r.counts.get("complaint_founded")}
    assert {"阳光县财政局"} < founded  # about a department, and about a demo case
    about_case = m.Complaint.objects.get(subject_kind="case", finding="founded")
    assert about_case.case_ref is not None
    from yangguang.cases.models import Case

    responsible = Case.objects.get(pk=about_case.case_ref).responsible
    people = {r.key for r in result["people"] if r.counts.get("complaint_founded")}
    assert people == ({responsible.pk} if responsible else set())
    assert ("办件统计暂不可用" in html) != ("办件总数" in html)  # honest either way


def test_demo_requesters_stay_with_their_body(demo_county):
    """The issue's finding, on the demo county: staff of other bodies (住建局, 发改局) and
    the 清水镇 party secretary open 财政局's published requests without the requester;
    财政局's clerk and the commission's inspector read it on asking, each reading in the
    trail."""
    from yangguang.accounts.models import User
    from yangguang.audit.services import AUDIT_SENSITIVE_READ

    req = m.InfoRequest.objects.filter(m.PUBLIC_REQUEST, organisation__code="YGX-CZJ").first()
    assert req is not None and req.requester_contact
    url = f"/office/disclosure/requests/{req.pk}/"
    reads = AuditEntry.objects.filter(action=AUDIT_SENSITIVE_READ.code)
    before = reads.count()
    for username in ("zjj.clerk", "fgj.clerk", "qsz.shuji"):
        client = _login(User.objects.get(username=username))
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and req.subject in html, username
        assert req.requester_contact not in html and 'id="requester-withheld"' in html
        asked = client.post(url, {"step": "requester", "reason": "想看看"}, follow=True)
        assert req.requester_contact not in asked.content.decode(), username
    assert reads.count() == before
    for username in ("czj.clerk", "inspector"):
        client = _login(User.objects.get(username=username))
        assert req.requester_contact not in client.get(url).content.decode()
        shown = client.post(url, {"step": "requester", "reason": "核实答复送达"})
        assert req.requester_contact in shown.content.decode(), username
    assert reads.count() == before + 2


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_office_disclosure_workflow_through_the_pages(tree, users):
    clerk, lead = _login(users["clerk"]), _login(users["lead"])
    r = clerk.post(
        "/office/disclosure/items/new/",
        {"organisation": "D1", "category": "budget", "title": "预算公开", "content": "全文",
         "schedule": "quarterly", "period": "2026Q1"},
    )  # fmt: skip
    assert r.status_code == 302
    item = m.DisclosureItem.objects.get()
    assert item.due_date == datetime.date(2026, 4, 15)
    clerk.post(f"/office/disclosure/items/{item.pk}/submit/")
    # another department does not see it in the office before it is published
    other = _login(users["other_clerk"]).get("/office/disclosure/").content.decode()
    assert "预算公开" not in other
    clerk.post(f"/office/disclosure/items/{item.pk}/approve/")  # refused: not a leader
    item.refresh_from_db()
    assert not item.approved
    lead.post(f"/office/disclosure/items/{item.pk}/approve/")
    clerk.post(f"/office/disclosure/items/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.status == "published"
    page = clerk.get("/office/disclosure/").content.decode()
    assert "预算公开" in page


def test_office_request_handling(tree, users):
    req, _code = s.info_request_submit(
        actor=SYSTEM, organisation=tree["dept"], subject="资金", description="明细",
        requester_name="王五", requester_contact="13812345678", publish_consent=True,
        at=at(2026, 3, 2),
    )  # fmt: skip
    clerk = _login(users["clerk"])
    page = clerk.get(f"/office/disclosure/requests/{req.pk}/").content.decode()
    assert "王五" not in page and 'id="requester-read"' in page  # shown on asking
    shown = clerk.post(
        f"/office/disclosure/requests/{req.pk}/", {"step": "requester", "reason": "电话答复"}
    )
    assert "王五" in shown.content.decode()
    assert (
        _login(users["other_clerk"]).get(f"/office/disclosure/requests/{req.pk}/").status_code
        == 404
    )
    clerk.post(
        f"/office/disclosure/requests/{req.pk}/",
        {"step": "answer", "outcome": "answered_full", "answer": "见附件"},
    )
    req.refresh_from_db()
    assert req.status == "answered_full"
    # published: the public page shows the answer, never the requester
    public = Client().get(f"/requests/{req.number}/").content.decode()
    assert "见附件" in public and "王五" not in public and "13812345678" not in public


def test_office_complaints_and_the_protected_identity(tree, users):
    c, _ = s.complaint_submit(
        actor=SYSTEM, kind="report", subject_kind="person", organisation=tree["dept"],
        title="举报", content="内容", anonymous=False, name="举报人甲", contact="13911112222",
        at=at(2026, 3, 2),
    )  # fmt: skip
    lead = _login(users["lead"])
    page = lead.get(f"/office/complaints/{c.pk}/").content.decode()
    assert "举报人甲" not in page and "查看举报人身份" not in page
    before = AuditEntry.objects.count()
    assert (
        "举报人甲"
        not in lead.post(
            f"/office/complaints/{c.pk}/", {"step": "identity", "reason": "想看"}
        ).content.decode()
    )
    assert AuditEntry.objects.count() == before
    inspector = _login(users["inspector"])
    page = inspector.get(f"/office/complaints/{c.pk}/").content.decode()
    assert "查看举报人身份" not in page  # not designated yet
    s.protected_reader_designate(
        actor=SYSTEM, commission=tree["commission"], user=users["inspector"], reason="指定"
    )
    page = inspector.get(f"/office/complaints/{c.pk}/").content.decode()
    assert "查看举报人身份" in page and "举报人甲" not in page
    page = inspector.post(
        f"/office/complaints/{c.pk}/", {"step": "identity", "reason": "核查线索"}
    ).content.decode()
    assert "举报人甲" in page and "13911112222" in page
    assert AuditEntry.objects.order_by("-seq").first().action == "audit.sensitive_read"
    # a report is handled by the commission: the department's leader is refused
    lead.post(f"/office/complaints/{c.pk}/", {"step": "assign", "assignee": users["clerk"].pk})
    c.refresh_from_db()
    assert c.status == "received" and c.assignee is None
    inspector.post(
        f"/office/complaints/{c.pk}/", {"step": "assign", "assignee": users["inspector"].pk}
    )
    inspector.post(
        f"/office/complaints/{c.pk}/", {"step": "reply", "reply": "已核实", "finding": "partly"}
    )
    c.refresh_from_db()
    assert c.status == "replied" and c.assignee == users["inspector"] and c.finding == "partly"
    assert person(users["clerk"]).user == users["clerk"]
