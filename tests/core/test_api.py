from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from yangguang.accounts import services as accounts
from yangguang.accounts.models import ApiToken
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_openapi_document(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "yangguang API"
    assert "/api/v1/orgs/" in doc["paths"] and "/api/v1/me" in doc["paths"]


def test_docs_page_loads_nothing_from_elsewhere(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(u.startswith("/static/") for u in urls), urls
    for url in urls:
        assert Client().get(url).status_code == 200, url


def test_token_auth_updates_last_used_and_refuses_revoked(world):
    client = Client()
    token, secret = world.own.token, world.own.token_secret
    assert token.last_used is None
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 200
    assert response.json()["username"] == world.own.user.username
    token.refresh_from_db()
    assert token.last_used is not None
    accounts.api_token_revoke(actor=SYSTEM, token=token)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    # a revoked or unknown token is refused, not taken for an anonymous reader
    assert client.get("/api/v1/orgs/", headers=bearer(secret)).status_code == 401
    assert client.get("/api/v1/orgs/", headers=bearer("yg_nonsense")).status_code == 401
    assert client.get("/api/v1/orgs/").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_session_auth_checks_csrf_on_unsafe_methods(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["org_admin"])
    assert client.get("/api/v1/me").json()["role"] == "org_admin"
    url = f"/api/v1/orgs/{world.own.org.code}"
    refused = client.patch(url, data={"sort_order": 3}, content_type="application/json")
    assert refused.status_code == 403
    client.get("/office/")  # a page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    ok = client.patch(
        url, data={"sort_order": 3}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["sort_order"] == 3


def _session(user) -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/office/")  # a page with a form sets the CSRF cookie
    return client, {"X-CSRFToken": client.cookies["csrftoken"].value}


def test_my_tokens_create_and_revoke(world):
    from tests.core.conftest import PASSWORD

    client, csrf = _session(world.own.user)
    body = {"name": "报表系统", "scope": "read", "password": PASSWORD}
    created = client.post("/api/v1/me/tokens", data=body, content_type="application/json",
                          headers=csrf)  # fmt: skip
    assert created.status_code == 201, created.content
    made = created.json()
    assert made["secret"].startswith("yg_") and made["scope"] == "read" and made["expires"]
    assert "secret" not in client.get("/api/v1/me/tokens").json()[0]
    assert client.get("/api/v1/me", headers=bearer(made["secret"])).status_code == 200
    # read only: no change through it
    patch = Client().patch(f"/api/v1/orgs/{world.own.org.code}", data={"sort_order": 2},
                           content_type="application/json", headers=bearer(made["secret"]))  # fmt: skip
    assert patch.status_code == 403 and patch.json()["code"] == "permission_denied"
    wrong = client.delete(f"/api/v1/me/tokens/{made['id']}", data={"password": "nope"},
                          content_type="application/json", headers=csrf)  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["field"] == "password"
    revoked = client.delete(f"/api/v1/me/tokens/{made['id']}", data={"password": PASSWORD},
                            content_type="application/json", headers=csrf)  # fmt: skip
    assert revoked.status_code == 200 and revoked.json()["revoked"]
    assert ApiToken.objects.get(pk=made["id"]).revoked is not None


def test_a_token_cannot_make_or_revoke_tokens(world):
    from tests.core.conftest import PASSWORD

    client, secret = Client(), world.own.token_secret
    before = ApiToken.objects.count()
    for body in ({"name": "再来一个"}, {"name": "x", "scope": "write", "password": PASSWORD}):
        minted = client.post("/api/v1/me/tokens", data=body, content_type="application/json",
                             headers=bearer(secret))  # fmt: skip
        assert minted.status_code == 403, minted.content
        assert minted.json()["code"] == "permission_denied" and minted.json()["message_en"]
    assert ApiToken.objects.count() == before
    itself = client.delete(f"/api/v1/me/tokens/{world.own.token.pk}", headers=bearer(secret))
    assert itself.status_code == 403
    assert "itself" in itself.json()["message_en"]
    world.own.token.refresh_from_db()
    assert world.own.token.revoked is None


def test_an_expired_token_is_refused(world):
    ApiToken.objects.filter(pk=world.own.token.pk).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    response = Client().get("/api/v1/me", headers=bearer(world.own.token_secret))
    assert response.status_code == 401


def test_create_organisation_and_errors(world):
    client = Client()
    _, secret = accounts.api_token_create(actor=SYSTEM, user=world.users["sysadmin"], name="t")
    payload = {
        "code": "TL-NEW",
        "name": "县新设局",
        "kind": "department",
        "region": world.root.region.code,
        "parent": world.root.code,
    }
    created = client.post(
        "/api/v1/orgs/", data=payload, content_type="application/json", headers=bearer(secret)
    )
    assert created.status_code == 201, created.content
    assert created.json()["path"].startswith(world.root.path)
    again = client.post(
        "/api/v1/orgs/", data=payload, content_type="application/json", headers=bearer(secret)
    )
    assert again.status_code == 400
    error = again.json()
    assert set(error) >= {"code", "field", "message_zh", "message_en", "message"}
    assert error["field"] == "code"
    unknown_parent = client.post(
        "/api/v1/orgs/",
        data={**payload, "code": "TL-X", "parent": "NOPE"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert unknown_parent.status_code == 400 and unknown_parent.json()["field"] == "parent"
    # a clerk may not create organisations: 403 with the bilingual body
    clerk_secret = world.own.token_secret
    refused = client.post(
        "/api/v1/orgs/",
        data={**payload, "code": "TL-Y", "parent": world.own.org.code},
        content_type="application/json",
        headers=bearer(clerk_secret),
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    # anonymous writers are not authenticated at all
    assert (
        client.post("/api/v1/orgs/", data=payload, content_type="application/json").status_code
        == 401
    )


def test_public_sees_public_fields_only(world):
    orgs = Client().get("/api/v1/orgs/").json()
    assert orgs and all("path" not in o and "id" not in o for o in orgs)
    assert Client().get(f"/api/v1/orgs/{world.own.org.code}/posts").status_code == 403
    assert Client().get("/api/v1/orgs/NOPE").status_code == 404
