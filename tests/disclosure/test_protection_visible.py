"""Reporter protection, the part the commission sees: each reading of a protected identity
is in the audit trail, readable by the commission's inspectors, never by the department
complained about, and the trail never carries the identity itself."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.accounts.models import User
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def test_each_reading_is_visible_to_the_commission(tree, users):
    c, _code = s.complaint_submit(
        actor=SYSTEM, kind="report", subject_kind="person", organisation=tree["dept"],
        title="收受礼金", content="某科长收受礼金", anonymous=False, name="举报人乙",
        contact="13800001111", person_name="李某", at=at(2026, 3, 2),
    )  # fmt: skip
    s.protected_reader_designate(
        actor=SYSTEM, commission=tree["commission"], user=users["inspector"], reason="指定"
    )
    s.reporter_identity_read(actor=person(users["inspector"]), complaint=c, reason="核查线索")
    colleague = User.objects.create_user(
        "inspector2", password="pw-123456789", full_name="inspector2", role="inspector",
        organisation=tree["commission"],
    )  # fmt: skip
    client = Client()
    client.force_login(colleague)
    page = client.get("/audit/trail/?action=audit.sensitive_read")
    html = page.content.decode()
    assert page.status_code == 200 and "audit.sensitive_read" in html
    assert "举报人乙" not in html and "13800001111" not in html
    for who in ("clerk", "lead"):  # the department complained about
        client.force_login(users[who])
        assert client.get("/audit/trail/?action=audit.sensitive_read").status_code == 403
