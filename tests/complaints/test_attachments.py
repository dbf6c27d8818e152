"""Staff who may handle a complaint download its attachments from the back office, as a
download with the stored type and ``nosniff``; everyone else gets nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def attachment(tree, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    c, _ = s.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="department", organisation=tree["dept"],
        title="投诉", content="内容", files=[("证据.pdf", PDF)], at=at(2026, 3, 2),
    )  # fmt: skip
    return c, c.attachments.get()


def test_staff_who_may_handle_it_download_the_attachment(users, attachment):
    c, att = attachment
    url = f"/office/complaints/attachments/{att.pk}/"
    page = _login(users["clerk"]).get(f"/office/complaints/{c.pk}/").content.decode()
    assert url in page
    for who in ("clerk", "lead", "inspector", "sysadmin"):
        response = _login(users[who]).get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_others_get_nothing(users, attachment):
    _c, att = attachment
    url = f"/office/complaints/attachments/{att.pk}/"
    assert _login(users["other_clerk"]).get(url).status_code == 404
    assert _login(users["clerk"]).get("/office/complaints/attachments/999999/").status_code == 404
    public = Client().get(url)
    assert public.status_code in (302, 404) and not getattr(public, "streaming", False)
    assert PDF not in public.content
