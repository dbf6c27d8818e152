"""The access matrix: every role × every kind of object × own / other organisation, for
view / change / supervise, checked against ``access.restrict``, the web pages and the API.

"Own" objects belong to department A (the organisation of the org admin, clerk and
leader, and the jurisdiction of the inspector's commission); "other" ones to department
B, outside every scope but the system administrator's.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from yangguang.accounts import services as accounts
from yangguang.audit.models import AuditEntry
from yangguang.core import access
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")

ROLES = ("sysadmin", "org_admin", "clerk", "leader", "inspector", "public")
KINDS = (
    "Organisation",
    "Post",
    "PostHolding",
    "LeadershipTerm",
    "Charge",
    "User",
    "ApiToken",
    "AuditEntry",
)
ACTIONS = ("view", "change", "supervise")

# what each role may do to internal data inside its own scope
IN_SCOPE = {
    "sysadmin": {"view", "change", "supervise"},
    "org_admin": {"view", "change"},
    "clerk": {"view"},
    "leader": {"view"},
    "inspector": {"view", "supervise"},
    "public": set(),
}
PUBLIC_KINDS = {"Organisation"}  # organisations are public information (view only)
# kinds that narrow the role table: for these actions only these roles (nobody if empty)
NARROWED = {
    "AuditEntry": {
        "view": {"sysadmin", "inspector"},
        "supervise": {"sysadmin", "inspector"},
        "change": set(),
    },
}


def expected(role: str, kind: str, side: str, action: str) -> bool:
    narrowed = NARROWED.get(kind, {}).get(action)
    if narrowed is not None and role not in narrowed:
        return False
    if role == "sysadmin":
        return True
    if action == "view" and kind in PUBLIC_KINDS:
        return True
    if side == "other":
        return False
    return action in IN_SCOPE[role]


def user_for(world, role: str):
    return AnonymousUser() if role == "public" else world.users[role]


def test_expectations_cover_every_cell():
    cells = [(r, k, s, a) for r in ROLES for k in KINDS for s in ("own", "other") for a in ACTIONS]
    assert len(cells) == 6 * 8 * 2 * 3
    # sanity: the matrix is not trivially all-true or all-false
    assert {expected(*c) for c in cells} == {True, False}


@pytest.mark.parametrize("role", ROLES)
def test_restrict(world, role):
    user = user_for(world, role)
    wrong = []
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        objects = world.objects(side)
        objects["AuditEntry"] = AuditEntry.objects.filter(org_id=side.org.pk).first()
        assert set(objects) == set(KINDS)
        for kind, obj in objects.items():
            for action in ACTIONS:
                qs = access.restrict(type(obj)._default_manager.all(), user, action)
                got = qs.filter(pk=obj.pk).exists()
                assert got == access.can(user, action, obj)
                if got != expected(role, kind, side_name, action):
                    wrong.append((kind, side_name, action, got))
    assert wrong == [], f"{role}: (kind, side, action, got) differ from the matrix"


@pytest.mark.parametrize("role", ROLES)
def test_restrict_never_widens(world, role):
    user = user_for(world, role)
    for model in (type(o) for o in world.objects(world.own).values()):
        base = model._default_manager.filter(pk__in=[])
        assert not access.restrict(base, user).exists()


def _client(world, role: str) -> Client:
    client = Client()
    if role != "public":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_web_pages(world, role):
    client = _client(world, role)
    wrong = []
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        org_page = client.get(f"/office/orgs/{side.org.code}/")
        post_page = client.get(f"/office/posts/{side.post.pk}/")
        people_page = client.get("/office/people/")
        portal_page = client.get(f"/org/{side.org.code}/")
        if role == "public":  # the back office is for staff only: to the sign-in page
            for response in (org_page, post_page, people_page):
                assert response.status_code == 302
                assert response["Location"].startswith("/accounts/login/")
            assert portal_page.status_code == 200
            got = {
                "Organisation": True,  # through the portal
                "Post": False,
                "PostHolding": False,
                "LeadershipTerm": False,
                "Charge": False,
                "User": False,
            }
        else:
            assert org_page.status_code == 200  # organisations are public
            assert post_page.status_code in (200, 404)
            org_html = org_page.content.decode()
            post_html = post_page.content.decode() if post_page.status_code == 200 else ""
            got = {
                "Organisation": side.org.name in org_html,
                "Post": post_page.status_code == 200,
                "PostHolding": side.user.full_name in post_html,
                "LeadershipTerm": side.term.title in org_html,
                "Charge": side.charge.label in org_html,
                "User": side.user.username in people_page.content.decode(),
            }
        # the public portal never shows internal data, to anybody
        portal_html = portal_page.content.decode()
        assert side.post.name not in portal_html
        assert side.term.title not in portal_html
        for kind, seen in got.items():
            if seen != expected(role, kind, side_name, "view"):
                wrong.append((kind, side_name, seen))
    assert wrong == [], f"{role}: (kind, side, shown) differ from the matrix"


@pytest.mark.parametrize("role", ROLES)
def test_api(world, role):
    client = Client()
    headers = {}
    if role != "public":
        _, secret = accounts.api_token_create(actor=SYSTEM, user=world.users[role], name="matrix")
        headers = {"Authorization": f"Bearer {secret}"}
    wrong = []
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        code = side.org.code
        detail = client.get(f"/api/v1/orgs/{code}", headers=headers)
        assert detail.status_code == 200  # public
        internal = "path" in detail.json()
        if internal != expected(role, "Post", side_name, "view"):
            wrong.append(("Organisation internal fields", side_name, internal))
        listed = {o["code"] for o in client.get("/api/v1/orgs/", headers=headers).json()}
        if (code in listed) != expected(role, "Organisation", side_name, "view"):
            wrong.append(("Organisation list", side_name, code in listed))
        posts = client.get(f"/api/v1/orgs/{code}/posts", headers=headers)
        assert posts.status_code in (200, 403)
        seen = posts.status_code == 200 and side.post.code in {p["code"] for p in posts.json()}
        if seen != expected(role, "Post", side_name, "view"):
            wrong.append(("Post", side_name, seen))
        patch = client.patch(
            f"/api/v1/orgs/{code}",
            data={"sort_order": 7},
            content_type="application/json",
            headers=headers,
        )
        allowed = expected(role, "Organisation", side_name, "change")
        assert patch.status_code == (200 if allowed else 401 if role == "public" else 403), (
            side_name,
            patch.content,
        )
        if not allowed and role != "public":
            assert patch.json()["code"] == "permission_denied"
    assert wrong == [], f"{role}: (what, side, got) differ from the matrix"


def test_api_tokens_list_only_own(world):
    client = Client()
    headers = {"Authorization": f"Bearer {world.own.token_secret}"}
    tokens = client.get("/api/v1/me/tokens", headers=headers).json()
    assert [t["id"] for t in tokens] == [world.own.token.pk]
    other_revoke = client.delete(f"/api/v1/me/tokens/{world.other.token.pk}", headers=headers)
    assert other_revoke.status_code == 404
