from __future__ import annotations

import pytest
from django.db import connection

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.disclosure import models as m
from yangguang.disclosure import selectors
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _submit(tree, **kw):
    args = {
        "actor": SYSTEM,
        "kind": "report",
        "subject_kind": "person",
        "organisation": tree["dept"],
        "title": "科长收受礼金",
        "content": "某科长在审批中收受礼金",
        "person_name": "李某",
        "at": at(2026, 3, 2),
    }
    args.update(kw)
    return s.complaint_submit(**args)


def test_number_and_code_follow_a_report_the_code_kept_only_hashed(tree):
    c, code = _submit(tree)
    assert c.number.startswith("JB2026-") and len(code) == 12
    assert code not in c.code_hash
    assert selectors.complaint_by_code(c.number, code) == c
    assert selectors.complaint_by_code(c.number, code.lower()) == c
    assert selectors.complaint_by_code(c.number, "WRONGCODE123") is None
    assert selectors.complaint_by_code("JB2026-00000000", code) is None
    assert c.deadline is not None and c.deadline > c.received_at


def test_handling_assignment_reply_and_satisfaction(tree, users):
    c, _code = _submit(tree, kind="complaint", subject_kind="department", person_name="")
    lead = person(users["lead"])
    c = s.complaint_assign(actor=lead, complaint=c, assignee=users["clerk"])
    assert c.status == "assigned"
    with pytest.raises(DomainError):
        s.complaint_assign(actor=lead, complaint=c, assignee=users["other_clerk"])
    note = s.complaint_add_info(
        actor=SYSTEM, complaint=c, text="补充：时间是三月一日", files=[("a.pdf", PDF)]
    )
    assert note.by_reporter and c.attachments.count() == 1
    with pytest.raises(DomainError):  # not replied yet
        s.complaint_rate(actor=SYSTEM, complaint=c, satisfaction="satisfied")
    c = s.complaint_reply(
        actor=person(users["clerk"]), complaint=c, reply="已核实并整改", finding="founded"
    )
    c = s.complaint_rate(actor=SYSTEM, complaint=c, satisfaction="partly")
    assert c.status == "closed" and c.satisfaction == "partly"
    with pytest.raises(DomainError):
        s.complaint_add_info(actor=SYSTEM, complaint=c, text="再补充")
    with pytest.raises(PermissionDeniedError):
        s.complaint_reply(
            actor=person(users["other_clerk"]), complaint=c, reply="x", finding="unfounded"
        )


def test_rejected(tree, users):
    c, _ = _submit(tree)
    # a report goes to the commission over the department, not to the department
    assert c.commission == tree["commission"]
    with pytest.raises(PermissionDeniedError):
        s.complaint_reject(actor=person(users["lead"]), complaint=c, reason="不属于受理范围")
    c = s.complaint_reject(actor=person(users["inspector"]), complaint=c, reason="不属于受理范围")
    assert c.status == "rejected"


def test_a_case_complaint_keeps_the_number_and_links_when_the_case_exists(tree):
    with pytest.raises(DomainError) as exc:
        _submit(tree, subject_kind="case", case_number="")
    assert exc.value.field == "case_number"
    c, _ = _submit(tree, subject_kind="case", case_number="NO-SUCH-CASE")
    assert c.case_number == "NO-SUCH-CASE" and c.case_ref is None


def test_the_reporter_identity_is_sealed_and_only_inspectors_read_it(tree, users):
    c, _ = _submit(tree, anonymous=False, name="实名举报人张三", contact="13912345678")
    assert not c.anonymous
    identity = m.ReporterIdentity.objects.get(complaint=c)
    # a database dump alone does not reveal it
    with connection.cursor() as cur:
        cur.execute("SELECT sealed FROM disclosure_reporteridentity")
        raw = b"".join(bytes(r[0]) for r in cur.fetchall())
    assert "张三".encode() not in raw and b"13912345678" not in raw
    dumped = " ".join(str(v) for v in m.Complaint.objects.filter(pk=c.pk).values().first().values())
    assert "张三" not in dumped and "13912345678" not in dumped
    trail = " ".join(AuditEntry.objects.values_list("payload", flat=True))
    assert "张三" not in trail and "\\u5f20\\u4e09" not in trail and "13912345678" not in trail
    # the subject's own department, and the system administrator, may not read it
    for who in ("clerk", "lead", "sysadmin", "other_clerk"):
        with pytest.raises(PermissionDeniedError):
            s.reporter_identity_read(actor=person(users[who]), complaint=c, reason="想知道")
    # an inspector reads only once designated by the commission (test_readers.py)
    with pytest.raises(PermissionDeniedError):
        s.reporter_identity_read(actor=person(users["inspector"]), complaint=c, reason="核查")
    s.protected_reader_designate(
        actor=SYSTEM, commission=tree["commission"], user=users["inspector"], reason="指定"
    )
    before = AuditEntry.objects.count()
    seen = s.reporter_identity_read(
        actor=person(users["inspector"]), complaint=c, reason="核查线索"
    )
    assert seen == {"name": "实名举报人张三", "contact": "13912345678"}
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "audit.sensitive_read" and entry.object_id == str(identity.pk)
    with pytest.raises(DomainError):  # a reason is required
        s.reporter_identity_read(actor=person(users["inspector"]), complaint=c, reason="")


def test_anonymous_reports_keep_no_identity(tree, users):
    # a name given with "anonymous" is never dropped silently: refused, nothing stored
    with pytest.raises(DomainError) as exc:
        _submit(tree, name="不该保存", contact="不该保存")
    assert exc.value.error_code == "identity_ambiguous" and not m.Complaint.objects.exists()
    c, _ = _submit(tree)
    assert c.anonymous and not m.ReporterIdentity.objects.exists()
    with pytest.raises(DomainError) as exc:
        s.reporter_identity_read(actor=person(users["inspector"]), complaint=c, reason="核查")
    assert exc.value.error_code == "anonymous"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("evil.pdf", b"MZ\x90\x00 this is an executable", "attachment_type"),
        ("photo.png", PDF, "attachment_type"),  # content does not match the extension
        ("script.html", b"<script>alert(1)</script>", "attachment_type"),
        ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "attachment_too_large"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(tree, name, data, code):
    before = (AuditEntry.objects.count(), m.Complaint.objects.count(), m.Attachment.objects.count())
    with pytest.raises(DomainError) as exc:
        _submit(tree, files=[(name, data)])
    assert exc.value.error_code == code
    after = (AuditEntry.objects.count(), m.Complaint.objects.count(), m.Attachment.objects.count())
    assert after == before


def test_too_many_attachments(tree):
    with pytest.raises(DomainError) as exc:
        _submit(tree, files=[("a.pdf", PDF)] * 4)
    assert exc.value.error_code == "too_many_attachments"
    assert not m.Complaint.objects.exists()
