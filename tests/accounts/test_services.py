from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from yangguang import settings as production_settings
from yangguang.accounts import services
from yangguang.accounts.models import ApiToken, User, hash_token
from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


def entries(action):
    return AuditEntry.objects.filter(action=action)


def test_user_create_records_one_audit_entry(tree):
    before = AuditEntry.objects.count()
    user = services.user_create(
        actor=SYSTEM,
        username="zhang",
        full_name="张三",
        organisation=tree["a"],
        role="clerk",
        password=PASSWORD,
    )
    assert AuditEntry.objects.count() == before + 1
    entry = entries("account.create").get()
    assert entry.object_id == str(user.pk)
    assert entry.org_id == tree["a"].pk
    assert user.check_password(PASSWORD)


def test_user_create_without_password_cannot_sign_in(tree):
    user = services.user_create(
        actor=SYSTEM, username="li", full_name="李四", organisation=tree["a"], role="clerk"
    )
    assert not user.has_usable_password()


def test_user_create_refuses_duplicates_weak_passwords_and_missing_org(tree):
    services.user_create(
        actor=SYSTEM, username="wang", full_name="王", organisation=tree["a"], role="clerk"
    )
    with pytest.raises(DomainError) as exc:
        services.user_create(
            actor=SYSTEM, username="WANG", full_name="王", organisation=tree["a"], role="clerk"
        )
    assert exc.value.error_code == "username_taken"
    with pytest.raises(DomainError) as exc:
        services.user_create(
            actor=SYSTEM,
            username="zhao",
            full_name="赵",
            organisation=tree["a"],
            role="clerk",
            password="password",
        )
    assert exc.value.field == "password"
    with pytest.raises(DomainError):
        services.user_create(
            actor=SYSTEM, username="qian", full_name="钱", organisation=None, role="clerk"
        )
    assert not User.objects.filter(username__in=["zhao", "qian"]).exists()


def test_permissions(make_user, tree):
    admin = make_user("root", role="sysadmin", org=None)
    a_admin = make_user("a-admin", role="org_admin")
    clerk = make_user("a-clerk")
    # sysadmin anywhere
    services.user_create(
        actor=Actor.person(admin),
        username="b1",
        full_name="B1",
        organisation=tree["b"],
        role="clerk",
    )
    # org admin within own subtree only, and no system administrators
    services.user_create(
        actor=Actor.person(a_admin),
        username="a1",
        full_name="A1",
        organisation=tree["a"],
        role="clerk",
    )
    for org, role in ((tree["b"], "clerk"), (None, "sysadmin"), (tree["root"], "clerk")):
        with pytest.raises(PermissionDeniedError):
            services.user_create(
                actor=Actor.person(a_admin),
                username="x",
                full_name="X",
                organisation=org,
                role=role,
            )
    # others refused
    with pytest.raises(PermissionDeniedError):
        services.user_create(
            actor=Actor.person(clerk),
            username="y",
            full_name="Y",
            organisation=tree["a"],
            role="clerk",
        )
    b1 = User.objects.get(username="b1")
    with pytest.raises(PermissionDeniedError):
        services.user_update(actor=Actor.person(a_admin), user=b1, full_name="改")
    with pytest.raises(PermissionDeniedError):  # may not move someone out of scope either
        services.user_update(actor=Actor.person(a_admin), user=clerk, organisation=tree["b"])
    with pytest.raises(PermissionDeniedError):
        services.user_deactivate(actor=Actor.person(a_admin), user=admin)


def test_user_update_and_deactivate(make_user, tree):
    admin = make_user("a-admin", role="org_admin")
    clerk = make_user("a-clerk")
    services.user_update(actor=Actor.person(admin), user=clerk, full_name="新名字", role="leader")
    clerk.refresh_from_db()
    assert (clerk.full_name, clerk.role) == ("新名字", "leader")
    entry = entries("account.update").get()
    assert "full_name" in entry.payload and "role" in entry.payload
    with pytest.raises(DomainError):
        services.user_update(actor=Actor.person(admin), user=clerk, is_superuser=True)
    token, _ = services.api_token_create(
        actor=Actor.person(clerk), user=clerk, name="t", password=PASSWORD
    )
    services.user_deactivate(actor=Actor.person(admin), user=clerk)
    clerk.refresh_from_db()
    token.refresh_from_db()
    assert not clerk.is_active and token.revoked is not None
    assert entries("account.deactivate").count() == 1
    with pytest.raises(DomainError):
        services.user_deactivate(actor=Actor.person(admin), user=admin)


def test_user_set_password(make_user):
    clerk = make_user("a-clerk")
    services.user_set_password(actor=Actor.person(clerk), user=clerk, password="Another-pass-2025")
    clerk.refresh_from_db()
    assert clerk.check_password("Another-pass-2025")
    assert entries("account.set_password").count() == 1
    other = make_user("a-other")
    with pytest.raises(PermissionDeniedError):
        services.user_set_password(
            actor=Actor.person(other), user=clerk, password="X-pass-2025-long"
        )


def test_api_token_stores_only_the_hash(make_user):
    clerk = make_user("a-clerk")
    me = Actor.person(clerk)
    token, raw = services.api_token_create(
        actor=me, user=clerk, name="对接系统", scope="read", password=PASSWORD
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(raw) and raw not in stored.key_hash
    assert raw.startswith("yg_") and len(raw) > 40
    assert raw not in AuditEntry.objects.get(action="account.token_create").payload
    services.api_token_revoke(actor=me, token=token, password=PASSWORD)
    stored.refresh_from_db()
    assert stored.revoked is not None
    with pytest.raises(DomainError):
        services.api_token_revoke(actor=me, token=stored, password=PASSWORD)
    other = make_user("a-other")
    with pytest.raises(PermissionDeniedError):
        services.api_token_create(
            actor=Actor.person(other), user=clerk, name="x", password=PASSWORD
        )


def test_api_tokens_need_the_password_a_scope_and_an_expiry(make_user):
    clerk = make_user("a-clerk")
    me = Actor.person(clerk)
    for password in (None, "", "wrong-password-2024"):
        with pytest.raises(DomainError) as exc:
            services.api_token_create(actor=me, user=clerk, name="t", password=password)
        assert (exc.value.error_code, exc.value.field) == ("password_wrong", "password")
    now = timezone.now()
    for scope, expires, code in (
        ("admin", None, "scope_unknown"),
        ("", None, "scope_unknown"),
        ("read", now - timedelta(minutes=1), "expiry_past"),
        ("read", now + timedelta(days=367), "expiry_too_far"),
    ):
        with pytest.raises(DomainError) as exc:
            services.api_token_create(
                actor=me, user=clerk, name="t", scope=scope, expires=expires, password=PASSWORD
            )
        assert exc.value.error_code == code
    assert not ApiToken.objects.exists() and not entries("account.token_create").exists()
    token, _ = services.api_token_create(
        actor=me, user=clerk, name="t", scope="read", password=PASSWORD
    )
    assert token.scope == "read"
    assert timedelta(days=89) < token.expires - now < timedelta(days=91)  # the default 90


def test_a_token_makes_and_revokes_no_tokens(make_user):
    clerk = make_user("a-clerk")
    token, _ = services.api_token_create(actor=SYSTEM, user=clerk, name="t")
    other, _ = services.api_token_create(actor=SYSTEM, user=clerk, name="u")
    by_token = Actor.api(token)
    with pytest.raises(PermissionDeniedError):
        services.api_token_create(actor=by_token, user=clerk, name="x", password=PASSWORD)
    for target in (token, other):  # not itself, nor another of the owner's
        with pytest.raises(PermissionDeniedError):
            services.api_token_revoke(actor=by_token, token=target, password=PASSWORD)
    assert ApiToken.objects.filter(revoked__isnull=True).count() == 2
    assert ApiToken.objects.count() == 2


def test_passwords_are_hashed_with_argon2_in_production(tree):
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        encoded = make_password("Yangguang-test-2024")
        assert encoded.startswith("argon2$")
        assert check_password("Yangguang-test-2024", encoded)
        user = services.user_create(
            actor=SYSTEM,
            username="argon",
            full_name="A",
            organisation=tree["a"],
            role="clerk",
            password=PASSWORD,
        )
        assert User.objects.get(pk=user.pk).password.startswith("argon2$")


@pytest.mark.parametrize(
    "password, why",
    [
        ("wangxiaoming", "the username itself"),
        ("wangxiaoming1", "too like the username"),
        ("short-1A", "shorter than 10"),
        ("password123", "a common password"),
        ("20240101123456", "digits only"),
    ],
)
def test_every_path_that_sets_a_password_runs_the_validators(make_user, tree, password, why):
    from django.core.management import call_command

    admin = make_user("a-admin", role="org_admin")
    person = make_user("wangxiaoming")
    calls = {
        "create": lambda: services.user_create(
            actor=SYSTEM,
            username="wangxiaoming2",
            full_name="王小明",
            organisation=tree["a"],
            role="clerk",
            password=password.replace("wangxiaoming", "wangxiaoming2"),
        ),
        "own password": lambda: services.user_set_password(
            actor=Actor.person(person), user=person, password=password
        ),
        "set by an administrator": lambda: services.user_set_password(
            actor=Actor.person(admin), user=person, password=password
        ),
    }
    for path, call in calls.items():
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.field == "password", (path, why)
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    # manage.py createsuperuser (non-interactive: Django itself would not check)
    import os
    from unittest import mock

    with (
        mock.patch.dict(os.environ, {"DJANGO_SUPERUSER_PASSWORD": password}),
        pytest.raises(CommandError),
    ):
        call_command(
            "createsuperuser", "--noinput", username="wangxiaoming_", full_name="王",
            verbosity=0,
        )  # fmt: skip


def test_createsuperuser_makes_a_system_administrator(db):
    import os
    from unittest import mock

    from django.core.management import call_command

    with mock.patch.dict(os.environ, {"DJANGO_SUPERUSER_PASSWORD": "A-strong-start-2026"}):
        call_command(
            "createsuperuser", "--noinput", username="root", full_name="管理员",
            verbosity=0,
        )  # fmt: skip
    root = User.objects.get(username="root")
    assert root.role == "sysadmin" and root.organisation is None
    assert root.check_password("A-strong-start-2026")
