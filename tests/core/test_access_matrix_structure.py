"""The access matrix of the organisation tree itself (issue 25, "no privilege by the back
door"): who may create an organisation of every kind, with or without a jurisdiction,
and change every field of one, through ``POST/PATCH /api/v1/orgs/``, and who may hand
out the accounts that reach above (inspectors, a commission's staff).

The world is ``tests/core/conftest.py``'s (department A, own; department B, other; the
county commission, whose jurisdiction is A), plus inside A a unit ``A1``, a second unit
``A2`` and a commission stationed in A (``A-JW``, 派驻纪检组), so that A's administrator
has a commission inside the subtree. The commission kind, jurisdictions, and the kind and
parent of the administrator's own organisation are for system administrators only.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from yangguang.accounts import services as accounts
from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.orgs import services as orgs
from yangguang.orgs.models import Organisation, OrgKind
from yangguang.orgs.validators import make_credit_code

SYSTEM = Actor.system("tests")
ROLES = ("sysadmin", "org_admin", "clerk", "leader", "inspector", "public")
KINDS = tuple(OrgKind.values)
TARGETS = ("own", "child", "sub_commission", "other", "county_commission")
# every field of PATCH /api/v1/orgs/{code}; kind twice: to another kind and to a commission
FIELDS = (
    "name",
    "short_name",
    "kind",
    "kind_commission",
    "region",
    "parent",
    "credit_code",
    "jurisdiction",
    "sort_order",
)


@pytest.fixture
def tree_world(world):
    region = world.root.region
    a = world.own.org

    def org(code, name, kind="department", parent=a, **kw):
        return orgs.organisation_create(
            actor=SYSTEM, code=code, name=name, kind=kind, region=region, parent=parent, **kw
        )

    world.targets = {
        "own": a,
        "child": org("A1", "财政局一分局"),
        "sub_commission": org("A-JW", "派驻财政局纪检组", "commission", jurisdiction=a),
        "other": world.other.org,
        "county_commission": world.commission,
    }
    world.a2 = org("A2", "财政局二分局")
    world.city = region.parent
    return world


def _headers(world, role) -> dict:
    if role == "public":
        return {}
    _, secret = accounts.api_token_create(actor=SYSTEM, user=world.users[role], name="matrix")
    return {"Authorization": f"Bearer {secret}"}


def _rolled_back(call):
    """One cell: its request in a transaction that is taken back, so cells don't mix."""
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


# --- creating: every role x every kind x (own subtree | elsewhere) x jurisdiction ----------


def expected_create(role: str, kind: str, where: str, with_jurisdiction: bool) -> int:
    if role == "public":
        return 401
    if role == "sysadmin":
        return 201 if kind == "commission" or not with_jurisdiction else 400
    if role != "org_admin" or where != "own":
        return 403
    return 403 if kind == "commission" or with_jurisdiction else 201


def test_create_expectations_are_not_trivial():
    cells = {
        expected_create(r, k, w, j)
        for r in ROLES
        for k in KINDS
        for w in ("own", "other")
        for j in (False, True)
    }
    assert cells == {201, 400, 401, 403}


@pytest.mark.parametrize("role", ROLES)
def test_create_every_kind(tree_world, role):
    w = tree_world
    client, headers = Client(), _headers(w, role)
    wrong = []
    for kind in KINDS:
        for where, parent in (("own", w.own.org), ("other", w.other.org)):
            for with_jurisdiction in (False, True):
                payload = {
                    "code": f"N-{kind[:6]}-{where}-{int(with_jurisdiction)}",
                    "name": "新设单位",
                    "kind": kind,
                    "region": w.root.region.code,
                    "parent": parent.code,
                }
                if with_jurisdiction:
                    payload["jurisdiction"] = w.root.code  # the whole county
                response = _rolled_back(
                    lambda payload=payload: client.post(
                        "/api/v1/orgs/",
                        data=payload,
                        content_type="application/json",
                        headers=headers,
                    )
                )
                want = expected_create(role, kind, where, with_jurisdiction)
                if response.status_code != want:
                    wrong.append((kind, where, with_jurisdiction, response.status_code, want))
                elif want == 403:
                    body = response.json()
                    assert body["code"] == "permission_denied"
                    assert body["message_zh"] and body["message_en"]
    assert wrong == [], f"{role}: (kind, where, jurisdiction, got, expected)"
    assert not Organisation.objects.filter(code__startswith="N-").exists()


# --- changing: every role x every field x (own root | inside | a commission | outside) -----


def expected_patch(role: str, target: str, field: str) -> int:
    if role == "public":
        return 401
    if role == "sysadmin":  # refused only what no organisation may be
        commission = target in ("sub_commission", "county_commission")
        jurisdiction_elsewhere = (field == "jurisdiction" and not commission) or (
            field == "kind" and commission  # a commission with a jurisdiction stays one
        )
        return 400 if jurisdiction_elsewhere else 200
    if role != "org_admin" or target in ("other", "county_commission", "sub_commission"):
        return 403
    if field in ("kind_commission", "jurisdiction"):
        return 403
    if target == "own" and field in ("kind", "parent"):
        return 403  # the administrator's own place in the tree is decided above
    return 200


def _value(w, target: str, field: str):
    org = w.targets[target]
    credit = make_credit_code(authority="1", kind="1", division="330122", org_body="0024909A")
    return {
        "name": "改名单位",
        "short_name": "改名",
        "kind": "public_institution" if org.kind != "public_institution" else "department",
        "kind_commission": "commission",
        "region": w.city.code,
        "parent": (w.a2 if target in ("child", "sub_commission") else
                   w.other.org if target == "own" else w.own.org).code,
        "credit_code": credit,
        "jurisdiction": w.a2.code,
        "sort_order": 9,
    }[field]  # fmt: skip


def test_patch_expectations_are_not_trivial():
    cells = {expected_patch(r, t, f) for r in ROLES for t in TARGETS for f in FIELDS}
    assert cells == {200, 400, 401, 403}


@pytest.mark.parametrize("role", ROLES)
def test_patch_every_field(tree_world, role):
    w = tree_world
    client, headers = Client(), _headers(w, role)
    wrong = []
    for target, org in w.targets.items():
        before = Organisation.objects.get(pk=org.pk)
        for field in FIELDS:
            name = "kind" if field == "kind_commission" else field
            data = {name: _value(w, target, field)}
            response = _rolled_back(
                lambda org=org, data=data: client.patch(
                    f"/api/v1/orgs/{org.code}",
                    data=data,
                    content_type="application/json",
                    headers=headers,
                )
            )
            want = expected_patch(role, target, field)
            if response.status_code != want:
                wrong.append((target, field, response.status_code, want))
            elif want == 200:
                assert response.json()[name] == data[name], (target, field)
        after = Organisation.objects.get(pk=org.pk)
        assert (after.name, after.kind, after.parent_id, after.path) == (
            before.name, before.kind, before.parent_id, before.path,
        )  # fmt: skip
    assert wrong == [], f"{role}: (target, field, got, expected)"


# --- accounts that would reach above the administrator's subtree --------------------------


def test_org_admin_grants_no_reach_above(tree_world):
    w = tree_world
    admin = Actor.person(w.users["org_admin"])
    sub = w.targets["sub_commission"]
    inspector = accounts.user_create(
        actor=SYSTEM, username="a-jw-inspector", full_name="派驻纪检员", organisation=sub,
        role="inspector",
    )  # fmt: skip
    refused = {
        "an inspector in A": lambda: accounts.user_onboard(
            actor=admin, username="x1", full_name="X", organisation=w.own.org, role="inspector"
        ),
        "an inspector in A's unit": lambda: accounts.user_onboard(
            actor=admin,
            username="x2",
            full_name="X",
            organisation=w.targets["child"],
            role="inspector",
        ),
        "a clerk in the stationed commission": lambda: accounts.user_onboard(
            actor=admin, username="x3", full_name="X", organisation=sub, role="clerk"
        ),
        "a clerk made an inspector": lambda: accounts.user_update(
            actor=admin, user=w.users["clerk"], role="inspector"
        ),
        "a one-time password for the commission's inspector": lambda: accounts.user_password_reset(
            actor=admin, user=inspector
        ),
        "a token for the commission's inspector": lambda: accounts.api_token_create(
            actor=admin, user=inspector, name="t", password="Yangguang-test-2024"
        ),
        "moving the inspector": lambda: accounts.user_update(
            actor=admin, user=inspector, organisation=w.own.org
        ),
    }
    for what, call in refused.items():
        with pytest.raises(PermissionDeniedError):
            call()
            pytest.fail(what)
    assert not User.objects.filter(username__in=["x1", "x2", "x3"]).exists()
    assert User.objects.get(pk=w.users["clerk"].pk).role == "clerk"
    # the system administrator, and the commission's own administrator, may
    accounts.user_onboard(
        actor=Actor.person(w.users["sysadmin"]), username="y1", full_name="Y", organisation=sub,
        role="inspector",
    )  # fmt: skip
    sub_admin = accounts.user_create(
        actor=SYSTEM, username="a-jw-admin", full_name="纪检组管理员", organisation=sub,
        role="org_admin",
    )  # fmt: skip
    accounts.user_onboard(
        actor=Actor.person(sub_admin), username="y2", full_name="Y", organisation=sub,
        role="inspector",
    )  # fmt: skip
    accounts.user_password_reset(actor=Actor.person(sub_admin), user=inspector)
    # and A's administrator still keeps A's own people
    accounts.user_onboard(
        actor=admin, username="y3", full_name="Y", organisation=w.own.org, role="clerk"
    )
