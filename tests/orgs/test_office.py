"""The back-office pages for posts, holdings and leadership: each form calls its service,
shows the service's refusal (bilingual) at the field, and is open to the roles the
services allow (the organisation administrator of the subtree, a system administrator;
inspectors for exemptions), not to others."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PostFactory, PrincipalTermFactory, days_ago
from yangguang.audit.models import AuditEntry
from yangguang.core import labels
from yangguang.orgs.models import Charge, Exemption, LeadershipTerm, Post, PostHolding


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


@pytest.fixture
def admin(people):
    return client_for(people["orgadmin"])  # org admin of the county government (a and b)


# --- posts --------------------------------------------------------------------------------


def test_post_create_page(tree, admin):
    page = admin.get(f"/office/posts/new/?organisation={tree.a.pk}")
    assert page.status_code == 200
    assert "新建岗位" in page.content.decode()
    form = {
        "organisation": tree.a.pk,
        "code": "KJ",
        "name": "会计岗",
        "risk_grade": "high",
        "rotation_months": "",
        "holder_role": "clerk",
        "duties": "记账",
    }
    refused = admin.post("/office/posts/new/", form)
    assert refused.status_code == 400
    assert "高风险岗位必须设置轮岗周期" in refused.content.decode()
    assert not Post.objects.filter(code="KJ").exists()
    done = admin.post("/office/posts/new/", {**form, "rotation_months": "36"})
    post = Post.objects.get(code="KJ")
    assert done.status_code == 302 and done["Location"] == f"/office/posts/{post.pk}/"
    assert (post.organisation, post.rotation_months, post.holder_role) == (tree.a, 36, "clerk")
    assert actions()[-1] == "post.create"


def test_post_edit_risk_grade_and_rotation(tree, admin):
    post = PostFactory(organisation=tree.a, risk_grade="low", rotation_months=None)
    base = {"code": post.code, "name": post.name, "holder_role": "", "duties": ""}
    bad = admin.post(f"/office/posts/{post.pk}/edit/", {**base, "risk_grade": "high"})
    assert bad.status_code == 400 and "轮岗周期" in bad.content.decode()
    ok = admin.post(
        f"/office/posts/{post.pk}/edit/", {**base, "risk_grade": "high", "rotation_months": "24"}
    )
    assert ok.status_code == 302
    post.refresh_from_db()
    assert (post.risk_grade, post.rotation_months) == ("high", 24)
    assert actions()[-1] == "post.update"


def test_assign_and_release_on_the_post_page(tree, people, admin):
    post = PostFactory(organisation=tree.a, holder_role="clerk")
    page = admin.get(f"/office/posts/{post.pk}/")
    assert "任岗" in page.content.decode()
    # the post needs a clerk: a leader is refused at the field, in both languages
    wrong = admin.post(
        f"/office/posts/{post.pk}/assign/", {"user": people["lead"].pk, "start": "2024-01-01"}
    )
    html = wrong.content.decode()
    assert wrong.status_code == 400
    assert "须由经办人员担任" in html and "is held by a clerk" not in html  # one language
    ok = admin.post(
        f"/office/posts/{post.pk}/assign/", {"user": people["clerk"].pk, "start": "2024-01-01"}
    )
    assert ok.status_code == 302
    holding = PostHolding.objects.get(post=post)
    # a person of another organisation is not offered (and refused if sent)
    foreign = admin.post(
        f"/office/posts/{post.pk}/assign/", {"user": people["clerk_b"].pk, "start": "2024-01-01"}
    )
    assert foreign.status_code == 400
    early = admin.post(
        f"/office/posts/holdings/{holding.pk}/release/", {f"release-{holding.pk}-end": "2023-01-01"}
    )
    assert early.status_code == 400 and "不能早于开始日期" in early.content.decode()
    done = admin.post(
        f"/office/posts/holdings/{holding.pk}/release/", {f"release-{holding.pk}-end": "2025-06-30"}
    )
    assert done.status_code == 302
    holding.refresh_from_db()
    assert str(holding.end) == "2025-06-30"
    assert actions()[-2:] == ["post.assign", "post.release"]


def test_rotation_due_is_flagged(tree, people, admin):
    from tests.factories import SYSTEM
    from yangguang.orgs import services

    post = PostFactory(organisation=tree.a, rotation_months=12)
    services.post_assign(actor=SYSTEM, post=post, user=people["clerk"], start=days_ago(400))
    assert "已到轮岗期" in admin.get(f"/office/posts/{post.pk}/").content.decode()


# --- leadership ---------------------------------------------------------------------------


def test_appoint_charge_and_end(tree, people, admin):
    url = f"/office/orgs/{tree.a.code}/leadership/"
    assert admin.get(url).status_code == 200
    appoint = {
        "user": people["deputy"].pk,
        "role": "deputy",
        "title": "副局长",
        "start": "2024-03-01",
    }
    assert admin.post(url + "appoint/", appoint).status_code == 302
    term = LeadershipTerm.objects.get(user=people["deputy"])
    prefix = f"charge-{term.pk}"
    ok = admin.post(
        f"/office/orgs/terms/{term.pk}/charges/",
        {f"{prefix}-area": "finance", f"{prefix}-label": "", f"{prefix}-since": "2024-03-01"},
    )
    assert ok.status_code == 302
    charge = Charge.objects.get(term=term)
    assert charge.area == "finance"
    # htmx: the term's block comes back, without the removed charge
    removed = admin.post(f"/office/orgs/charges/{charge.pk}/remove/", HTTP_HX_REQUEST="true")
    assert removed.status_code == 200 and f'id="term-{term.pk}"' in removed.content.decode()
    assert "<html" not in removed.content.decode()
    assert not Charge.objects.filter(term=term).exists()
    end = admin.post(f"/office/orgs/terms/{term.pk}/end/", {f"end-{term.pk}-end": "2025-01-31"})
    assert end.status_code == 302
    term.refresh_from_db()
    assert str(term.end) == "2025-01-31"
    assert actions()[-4:] == [
        "leadership.appoint",
        "leadership.charge_assign",
        "leadership.charge_remove",
        "leadership.end",
    ]


def test_principal_rule_refused_on_the_form(tree, people, admin):
    term = PrincipalTermFactory(organisation=tree.a, user=people["lead"])
    prefix = f"charge-{term.pk}"
    data = {f"{prefix}-area": "finance", f"{prefix}-since": str(days_ago(1))}
    full = admin.post(f"/office/orgs/terms/{term.pk}/charges/", data)
    html = full.content.decode()
    assert full.status_code == 400
    assert "一把手五个不直接分管" in html
    assert "a principal may not directly be in charge" not in html  # one language
    partial = admin.post(f"/office/orgs/terms/{term.pk}/charges/", data, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200  # htmx swaps 2xx only: the block with the error
    assert "一把手五个不直接分管" in partial.content.decode()
    assert not Charge.objects.filter(term=term).exists()


def test_exemption_then_charge(tree, people, admin):
    term = PrincipalTermFactory(organisation=tree.a, user=people["lead"])
    page = admin.get(f"/office/orgs/{tree.a.code}/leadership/").content.decode()
    # approvers offered: leaders of higher bodies, the inspector, the sysadmin; not the lead
    # by name and organisation, never by username
    for key in ("county_head", "secretary", "inspector"):
        assert labels.person(people[key]) in page
    assert "(head)" not in page and "(secretary)" not in page
    p = f"ex-{term.pk}"
    base = {f"{p}-area": "finance", f"{p}-reason": "副职空缺", f"{p}-approved_on": str(days_ago(3))}
    self_approved = admin.post(
        f"/office/orgs/terms/{term.pk}/exemptions/", {**base, f"{p}-approver": people["lead"].pk}
    )
    assert self_approved.status_code == 400  # not offered: the choice is refused
    ok = admin.post(
        f"/office/orgs/terms/{term.pk}/exemptions/",
        {**base, f"{p}-approver": people["county_head"].pk, f"{p}-valid_until": ""},
    )
    assert ok.status_code == 302
    assert Exemption.objects.filter(term=term, area="finance").count() == 1
    c = f"charge-{term.pk}"
    charged = admin.post(
        f"/office/orgs/terms/{term.pk}/charges/",
        {f"{c}-area": "finance", f"{c}-since": str(days_ago(1))},
    )
    assert charged.status_code == 302
    assert Charge.objects.filter(term=term, area="finance").exists()


def test_inspector_records_exemptions_but_does_not_appoint(tree, people):
    term = PrincipalTermFactory(organisation=tree.a, user=people["lead"])
    inspector = client_for(people["inspector"])
    page = inspector.get(f"/office/orgs/{tree.a.code}/leadership/").content.decode()
    assert "登记豁免" in page and "任命领导" not in page and "登记分管" not in page
    p = f"ex-{term.pk}"
    ok = inspector.post(
        f"/office/orgs/terms/{term.pk}/exemptions/",
        {
            f"{p}-area": "procurement",
            f"{p}-reason": "临时",
            f"{p}-approver": people["secretary"].pk,
            f"{p}-approved_on": str(days_ago(1)),
        },
    )
    assert ok.status_code == 302
    appoint = {
        "user": people["deputy"].pk,
        "role": "deputy",
        "title": "副局长",
        "start": "2024-03-01",
    }
    refused = inspector.post(f"/office/orgs/{tree.a.code}/leadership/appoint/", appoint)
    assert refused.status_code == 403
    assert not LeadershipTerm.objects.filter(user=people["deputy"]).exists()
