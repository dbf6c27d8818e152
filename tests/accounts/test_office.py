"""The people pages: a new account with a one-time password shown once, changing name,
organisation and role (refused while posts held do not fit), a new one-time password,
deactivation (refused while posts or terms are held)."""

from __future__ import annotations

import datetime

from django.test import Client

from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.orgs import services as orgs

SYSTEM = Actor.system("tests")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_people_pages(make_user, tree):
    admin = make_user("boss", role="org_admin", org="root")
    clerk = make_user("clerk1")
    client = login(admin)
    assert "新建账号" in client.get("/office/people/").content.decode()
    created = client.post(
        "/office/people/new/",
        {"username": "hire", "full_name": "新员工", "organisation": tree["a"].pk, "role": "clerk"},
    )
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    hire = User.objects.get(username="hire")
    html = created.content.decode()
    password = html.split('class="one-time-password">')[1].split("<")[0]
    assert hire.check_password(password) and hire.must_change_password
    assert password not in client.get(f"/office/people/{hire.pk}/").content.decode()
    taken = client.post(
        "/office/people/new/",
        {"username": "HIRE", "full_name": "x", "organisation": tree["a"].pk, "role": "clerk"},
    )
    assert taken.status_code == 400 and "已被使用" in taken.content.decode()

    post = orgs.post_create(
        actor=SYSTEM, organisation=tree["a"], code="CK", name="窗口", risk_grade="low",
        holder_role="clerk",
    )  # fmt: skip
    holding = orgs.post_assign(actor=SYSTEM, post=post, user=clerk, start=datetime.date(2024, 1, 1))
    edit = {"full_name": "钱一", "organisation": tree["a"].pk, "role": "leader"}
    refused = client.post(f"/office/people/{clerk.pk}/edit/", edit)
    assert refused.status_code == 400 and "请先调整任职" in refused.content.decode()
    moved = client.post(
        f"/office/people/{clerk.pk}/edit/", {**edit, "role": "clerk", "organisation": tree["b"].pk}
    )
    assert moved.status_code == 400 and "离岗" in moved.content.decode()
    ok = client.post(f"/office/people/{clerk.pk}/edit/", {**edit, "role": "clerk"})
    assert ok.status_code == 302
    clerk.refresh_from_db()
    assert clerk.full_name == "钱一"

    blocked = client.post(f"/office/people/{clerk.pk}/deactivate/", follow=True)
    assert "仍任" in blocked.content.decode()
    orgs.post_release(actor=SYSTEM, holding=holding, end=datetime.date(2024, 6, 30))
    client.post(f"/office/people/{clerk.pk}/deactivate/")
    clerk.refresh_from_db()
    assert not clerk.is_active

    reset = client.post(f"/office/people/{hire.pk}/password/")
    assert reset.status_code == 200
    new_password = reset.content.decode().split('class="one-time-password">')[1].split("<")[0]
    hire.refresh_from_db()
    assert new_password != password and hire.check_password(new_password)


def test_clerk_sees_no_forms(make_user):
    clerk = make_user("clerk2")
    other = make_user("clerk3")
    client = login(clerk)
    assert "新建账号" not in client.get("/office/people/").content.decode()
    assert client.get("/office/people/new/").status_code == 403
    page = client.get(f"/office/people/{other.pk}/").content.decode()
    assert "重置密码" not in page
    assert client.post(f"/office/people/{other.pk}/password/").status_code == 403
