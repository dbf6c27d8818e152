"""Designated readers: only an inspector designated by the commission (by a system
administrator or the commission's leader) reads a reporter's identity; every reading and
every (de)designation is audited."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def _named(tree):
    c, _ = s.complaint_submit(
        actor=SYSTEM, kind="report", subject_kind="person", organisation=tree["dept"],
        title="举报", content="内容", anonymous=False, name="举报人乙", contact="13700001111",
        at=at(2026, 3, 2),
    )  # fmt: skip
    return c


@pytest.fixture
def more(tree, users):
    def make(username, role, org):
        return User.objects.create_user(
            username, password="pw-123456789", full_name=username, role=role, organisation=org
        )

    return {
        "inspector2": make("inspector2", Role.INSPECTOR, tree["commission"]),
        "jw_lead": make("jwlead", Role.LEADER, tree["commission"]),
    }


def _read(user, c, reason="核查线索"):
    return s.reporter_identity_read(actor=person(user), complaint=c, reason=reason)


def test_only_the_designated_inspector_reads_and_each_reading_is_audited(tree, users, more):
    c = _named(tree)
    d = s.protected_reader_designate(
        actor=person(more["jw_lead"]), commission=tree["commission"], user=users["inspector"],
        reason="负责本案线索核查", valid_from=datetime.date(2026, 1, 1),
    )  # fmt: skip
    assert AuditEntry.objects.order_by("-seq").first().action == "complaints.reader_designate"
    assert d.designated_by == more["jw_lead"]
    before = AuditEntry.objects.count()
    assert _read(users["inspector"], c) == {"name": "举报人乙", "contact": "13700001111"}
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1 and entry.action == "audit.sensitive_read"
    assert "核查线索" in entry.payload
    with pytest.raises(DomainError):  # a reason is still required
        _read(users["inspector"], c, reason="")
    # an undesignated inspector of the same commission, the department concerned and the
    # system administrator are refused, and nothing is written
    before = AuditEntry.objects.count()
    for who in (more["inspector2"], users["clerk"], users["lead"], users["sysadmin"]):
        with pytest.raises(PermissionDeniedError):
            _read(who, c)
    # the commission's leader designates but does not read
    with pytest.raises(PermissionDeniedError):
        _read(more["jw_lead"], c)
    assert AuditEntry.objects.count() == before


def test_a_revoked_or_expired_designation_is_refused(tree, users, more):
    c = _named(tree)
    d = s.protected_reader_designate(
        actor=person(users["sysadmin"]), commission=tree["commission"], user=users["inspector"],
        reason="核查",
    )  # fmt: skip
    _read(users["inspector"], c)
    s.protected_reader_revoke(actor=person(users["sysadmin"]), designation=d, reason="调岗")
    assert AuditEntry.objects.order_by("-seq").first().action == "complaints.reader_revoke"
    with pytest.raises(PermissionDeniedError):
        _read(users["inspector"], c)
    with pytest.raises(DomainError):
        s.protected_reader_revoke(actor=person(users["sysadmin"]), designation=d)
    # a designation whose period is over, or not begun, does not count either
    past = datetime.date(2020, 1, 1)
    s.protected_reader_designate(
        actor=SYSTEM, commission=tree["commission"], user=more["inspector2"], reason="旧",
        valid_from=past, valid_to=past + datetime.timedelta(days=30),
    )  # fmt: skip
    future = datetime.date(2099, 1, 1)
    s.protected_reader_designate(
        actor=SYSTEM, commission=tree["commission"], user=more["inspector2"], reason="将来",
        valid_from=future,
    )  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        _read(more["inspector2"], c)


def test_who_may_designate_and_whom(tree, users, more):
    commission = tree["commission"]
    for who in (users["clerk"], users["lead"], users["inspector"], more["inspector2"]):
        with pytest.raises(PermissionDeniedError):
            s.protected_reader_designate(
                actor=person(who), commission=commission, user=users["inspector"], reason="x"
            )
    d = s.protected_reader_designate(
        actor=SYSTEM, commission=commission, user=users["inspector"], reason="x"
    )
    with pytest.raises(PermissionDeniedError):  # the department's leader may not revoke
        s.protected_reader_revoke(actor=person(users["lead"]), designation=d)
    for bad in (users["clerk"], more["jw_lead"]):  # only the commission's inspectors
        with pytest.raises(DomainError) as exc:
            s.protected_reader_designate(actor=SYSTEM, commission=commission, user=bad, reason="x")
        assert exc.value.field == "user"
    with pytest.raises(DomainError):  # not a commission
        s.protected_reader_designate(
            actor=SYSTEM, commission=tree["dept"], user=users["inspector"], reason="x"
        )
    with pytest.raises(DomainError) as exc:
        s.protected_reader_designate(
            actor=SYSTEM, commission=commission, user=users["inspector"], reason="x",
            valid_from=datetime.date(2026, 2, 1), valid_to=datetime.date(2026, 1, 1),
        )  # fmt: skip
    assert exc.value.field == "valid_to"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_readers_page_designates_and_revokes(tree, users, more):
    c = _named(tree)
    lead = _login(more["jw_lead"])
    page = lead.get("/office/complaints/readers/").content.decode()
    assert "指定查阅人" in page and "inspector2" in page
    lead.post(
        "/office/complaints/readers/",
        {"step": "designate", "commission": tree["commission"].pk,
         "user": users["inspector"].pk, "reason": "负责核查", "valid_from": "2026-01-01"},
    )  # fmt: skip
    d = m.ProtectedReportReader.objects.get()
    assert d.user == users["inspector"] and d.designated_by == more["jw_lead"]
    inspector = _login(users["inspector"])
    page = inspector.post(
        f"/office/complaints/{c.pk}/", {"step": "identity", "reason": "核查线索"}
    ).content.decode()
    assert "举报人乙" in page
    # the inspector sees the list but may not designate or revoke
    page = inspector.get("/office/complaints/readers/").content.decode()
    assert "指定查阅人" not in page
    inspector.post("/office/complaints/readers/", {"step": "revoke", "designation": d.pk})
    d.refresh_from_db()
    assert d.revoked_at is None
    # the department's staff do not even see the designations
    page = _login(users["lead"]).get("/office/complaints/readers/").content.decode()
    assert "负责核查" not in page
    lead.post(
        "/office/complaints/readers/", {"step": "revoke", "designation": d.pk, "reason": "调岗"}
    )
    d.refresh_from_db()
    assert d.revoked_at is not None and d.revoked_by == more["jw_lead"]
    page = inspector.get(f"/office/complaints/{c.pk}/").content.decode()
    assert "查看举报人身份" not in page
    page = inspector.post(
        f"/office/complaints/{c.pk}/", {"step": "identity", "reason": "核查线索"}
    ).content.decode()
    assert "举报人乙" not in page
