"""The check pages say what a queued check waits for, in the page's one language, and
plainly when it has waited over a minute with no task worker alive."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yangguang.conformance.models import CheckRun


def test_the_check_page_says_what_a_queued_check_waits_for(
    client, w_published, django_capture_on_commit_callbacks
):
    client.force_login(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("conformance:index"),
            {"process": w_published.process.pk, "log": SimpleUploadedFile("l.csv", b"x")},
        )
    run = CheckRun.objects.get()
    page = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "等待后台任务进程" in page and 'role="alert"' not in page
    CheckRun.objects.filter(pk=run.pk).update(created=timezone.now() - dt.timedelta(minutes=2))
    page = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "没有正在运行的后台任务进程" in page and 'role="alert"' in page
    listing = client.get(reverse("conformance:index")).content.decode()
    assert "没有正在运行的后台任务进程" in listing
    client.cookies["django_language"] = "en"
    english = client.get(reverse("conformance:detail", args=[run.pk])).content.decode()
    assert "no task worker is running" in english and "没有正在运行的后台任务进程" not in english
