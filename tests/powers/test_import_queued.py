"""The import page says what a queued import waits for (no worker alive for minutes)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tests.factories import OrganisationFactory


def test_the_import_progress_says_what_a_queued_import_waits_for(db):
    queued = (timezone.now() - dt.timedelta(minutes=4)).isoformat()
    job = {"id": "0" * 32, "status": "queued", "created": queued, "queued": queued}
    with translation.override("zh-hans"):
        html = render_to_string(
            "powers/office/_import_progress.html", {"job": job, "org": OrganisationFactory()}
        )
    assert "已排队 4 分钟" in html and 'role="alert"' in html
