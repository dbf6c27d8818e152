"""/accounts/tokens/: one's own API tokens, made and revoked in a signed-in session with
the password typed again (issue 25 point 2)."""

from __future__ import annotations

from django.test import Client

from yangguang.accounts.models import ApiToken

PASSWORD = "Yangguang-test-2024"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_make_use_and_revoke_a_token_on_the_page(make_user):
    clerk = make_user("zhang")
    client = _client(clerk)
    page = client.get("/accounts/tokens/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    wrong = client.post("/accounts/tokens/", {"name": "报表", "scope": "read", "days": "30",
                                              "password": "not-my-password"})  # fmt: skip
    assert wrong.status_code == 400 and not ApiToken.objects.exists()
    made = client.post("/accounts/tokens/", {"name": "报表", "scope": "read", "days": "30",
                                             "password": PASSWORD})  # fmt: skip
    assert made.status_code == 200
    token = ApiToken.objects.get()
    secret = made.context["created"]["secret"]
    assert secret in made.content.decode() and token.scope == "read"
    assert 29 <= (token.expires - token.created).days <= 30
    assert secret not in client.get("/accounts/tokens/").content.decode()  # shown once
    assert (
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )
    too_long = client.post("/accounts/tokens/", {"name": "x", "scope": "write", "days": "1000",
                                                 "password": PASSWORD})  # fmt: skip
    assert too_long.status_code == 400 and ApiToken.objects.count() == 1
    refused = client.post(f"/accounts/tokens/{token.pk}/revoke/", {"password": "nope-nope"})
    assert refused.status_code == 400
    token.refresh_from_db()
    assert token.revoked is None
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/", {"password": PASSWORD})
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    assert (
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_only_ones_own_tokens(make_user):
    from yangguang.accounts import services
    from yangguang.core.context import Actor

    other = make_user("li")
    token, _ = services.api_token_create(actor=Actor.system("t"), user=other, name="li's")
    client = _client(make_user("zhang"))
    assert "li&#x27;s" not in client.get("/accounts/tokens/").content.decode()
    assert (
        client.post(f"/accounts/tokens/{token.pk}/revoke/", {"password": PASSWORD}).status_code
        == 404
    )
    assert Client().get("/accounts/tokens/").status_code == 302  # signed in only
