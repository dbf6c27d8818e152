"""A check's report in one language (issue 24 point 4): kinds of deviation by name, the
stored details, notes and errors in the page's language, no raw codes."""

from __future__ import annotations

from django.urls import reverse

from tests.conformance.test_views import _upload
from tests.latin import stray_latin, visible_text
from yangguang.conformance.labels import KIND_LABELS, one_language, split_detail
from yangguang.conformance.models import CheckRun
from yangguang.core.labels import en


def test_stored_details_split_into_their_languages():
    nested = (
        "「受理」(第 1 个事件)与「决定」(第 3 个事件)同为 张三 办理, 违反不相容岗位分离 "
        "(one resource 张三 did both \u201c受理\u201d (event 1) and \u201c决定\u201d (event 3))"
    )
    assert split_detail(nested) == (
        "「受理」(第 1 个事件)与「决定」(第 3 个事件)同为 张三 办理, 违反不相容岗位分离",
        "one resource 张三 did both \u201c受理\u201d (event 1) and \u201c决定\u201d (event 3)",
    )
    assert split_detail("只有中文(说明)") == ("只有中文(说明)", "只有中文(说明)")
    assert one_language("此时「审查」尚不能办理 (not enabled at this point of the case)") == (
        "此时「审查」尚不能办理"
    )


def test_every_kind_has_a_name_in_both_languages():
    from yangguang.conformance.checker import KINDS

    assert set(KINDS) == set(KIND_LABELS)
    assert all(en(label) != str(label) for label in KIND_LABELS.values())


def test_the_report_speaks_the_readers_language(
    client, w_published, django_capture_on_commit_callbacks
):
    client.force_login(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, w_published)
    run = CheckRun.objects.get()
    url = reverse("conformance:detail", args=[run.pk])
    html = client.get(url).content.decode()
    assert "违反不相容岗位分离" in html and "缺少必经环节" in html
    names = {u.full_name for u in w_published.users.values()}  # the fixture's people
    assert stray_latin(visible_text(html), names) == []
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert "separation of duties broken" in html and "required step missing" in html
    assert "违反不相容岗位分离 (" not in html
