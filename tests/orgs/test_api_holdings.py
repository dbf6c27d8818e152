"""``POST /api/v1/posts/{id}/holdings`` and ``POST /api/v1/holdings/{id}/release``, and
``POST /api/v1/users`` (a one-time password, once): 201/200, 403 for a person who may
not, 400 with both languages for bad input, all in the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import SYSTEM, PostFactory
from yangguang.accounts import services as accounts
from yangguang.accounts.models import User
from yangguang.orgs.models import PostHolding


def api(user):
    _, secret = accounts.api_token_create(actor=SYSTEM, user=user, name="t")
    client = Client()
    headers = {"Authorization": f"Bearer {secret}"}

    def post(url, body):
        return client.post(url, data=body, content_type="application/json", headers=headers)

    return post


def bilingual_400(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field and body["message_zh"] and body["message_en"]
    return body


def test_holding_create_and_release(tree, people):
    post = PostFactory(organisation=tree.a)
    as_admin = api(people["orgadmin"])
    created = as_admin(
        f"/api/v1/posts/{post.pk}/holdings", {"username": "clerk", "start": "2024-01-02"}
    )
    assert created.status_code == 201, created.content
    hid = created.json()["id"]
    holding = PostHolding.objects.get(pk=hid)
    assert (holding.user.username, str(holding.start), holding.end) == ("clerk", "2024-01-02", None)
    bilingual_400(
        as_admin(f"/api/v1/posts/{post.pk}/holdings", {"username": "clerk", "start": "2024-02-30"}),
        "start",
    )
    bilingual_400(
        as_admin(
            f"/api/v1/posts/{post.pk}/holdings", {"username": "nobody", "start": "2024-01-02"}
        ),
        "username",
    )
    bilingual_400(
        as_admin(
            f"/api/v1/posts/{post.pk}/holdings", {"username": "clerk_b", "start": "2024-01-02"}
        ),
        "user",
    )
    bilingual_400(as_admin(f"/api/v1/holdings/{hid}/release", {"end": "2023-12-31"}), "end")
    released = as_admin(f"/api/v1/holdings/{hid}/release", {"end": "2024-12-31"})
    assert released.status_code == 200 and released.json()["end"] == "2024-12-31"
    bilingual_400(as_admin(f"/api/v1/holdings/{hid}/release", {"end": "2025-01-31"}), "end")


@pytest.mark.parametrize("who", ["adminb", "clerk", "inspector"])
def test_holdings_refused_to_those_who_may_not(tree, people, who):
    post = PostFactory(organisation=tree.a)
    holding = accounts_holding = None
    from yangguang.orgs import services

    accounts_holding = services.post_assign(
        actor=SYSTEM, post=post, user=people["deputy"], start=tree_day()
    )
    holding = accounts_holding
    call = api(people[who])
    r = call(f"/api/v1/posts/{post.pk}/holdings", {"username": "clerk", "start": "2024-01-02"})
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = call(f"/api/v1/holdings/{holding.pk}/release", {"end": "2024-12-31"})
    assert r.status_code == 403
    holding.refresh_from_db()
    assert holding.end is None and PostHolding.objects.filter(post=post).count() == 1


def tree_day():
    import datetime

    return datetime.date(2023, 1, 1)


def test_user_create_gives_a_one_time_password_once(tree, people):
    r = api(people["orgadmin"])(
        "/api/v1/users",
        {"username": "newbie", "full_name": "新人", "organisation": tree.a.code, "role": "clerk"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    password = body["one_time_password"]
    user = User.objects.get(username="newbie")
    assert user.must_change_password and user.check_password(password)
    assert password not in user.password  # stored hashed only
    # signing in leads to the password page, nothing else opens before the change
    client = Client()
    assert client.login(username="newbie", password=password)
    home = client.get("/office/")
    assert home.status_code == 302 and home["Location"] == "/accounts/password/"
    assert client.get("/api/v1/me").status_code == 403
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "Mein-eigenes-2026",
            "new_password2": "Mein-eigenes-2026",
        },
    )
    assert changed.status_code == 302
    assert client.get("/office/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password


def test_user_create_refusals(tree, people):
    as_admin = api(people["adminb"])
    body = {"username": "x1", "full_name": "某", "organisation": tree.a.code, "role": "clerk"}
    assert as_admin("/api/v1/users", body).status_code == 403  # another organisation
    assert api(people["clerk"])("/api/v1/users", body).status_code == 403
    bilingual_400(as_admin("/api/v1/users", {**body, "organisation": "NOPE"}), "organisation")
    ok = api(people["orgadmin"])
    bilingual_400(ok("/api/v1/users", {**body, "role": "boss"}), "role")
    bilingual_400(ok("/api/v1/users", {**body, "username": "clerk"}), "username")
    assert ok("/api/v1/users", {**body, "role": "sysadmin"}).status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_openapi_documents_the_paths():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/users"]
    assert "post" in paths["/api/v1/posts/{post_id}/holdings"]
    assert "post" in paths["/api/v1/holdings/{holding_id}/release"]
    assert "201" in paths["/api/v1/posts/{post_id}/holdings"]["post"]["responses"]
