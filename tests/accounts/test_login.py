from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import authenticate
from django.test import Client, override_settings
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.models import AuditEntry

PASSWORD = "Yangguang-test-2024"

LOCKED_ZH = "账号已暂时锁定"


def post_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_page_renders_in_chinese(db):
    response = Client().get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in html and "工作人员登录" in html and "用户名" in html


def test_login_success_and_logout(make_user):
    user = make_user("zhang")
    client = Client()
    response = post_login(client, "zhang", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/office/"
    assert client.get("/office/").status_code == 200
    assert AuditEntry.objects.filter(action="account.login", object_id=str(user.pk)).count() == 1
    assert client.get("/accounts/logout/").status_code == 405  # POST only
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/office/").status_code == 302
    assert AuditEntry.objects.filter(action="account.logout").count() == 1


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
def test_lockout_after_failures(make_user):
    user = make_user("zhang")
    client = Client()
    for _ in range(2):
        response = post_login(client, "zhang", "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    user.refresh_from_db()
    assert user.failed_logins == 2 and user.locked_until is None
    response = post_login(client, "zhang", "wrong-password")
    assert LOCKED_ZH in response.content.decode()
    user.refresh_from_db()
    assert user.locked_until > timezone.now() + timedelta(minutes=14)
    # the right password is refused while locked, with the bilingual message
    response = post_login(client, "zhang", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert LOCKED_ZH in html and "the account is locked" in html
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="account.login_failed").count() == 4
    # once the lock has expired the right password works and resets the counter
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    response = post_login(client, "zhang", PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.failed_logins == 0 and user.locked_until is None


@override_settings(LOGIN_MAX_FAILURES=3)
def test_success_resets_the_counter(make_user):
    user = make_user("zhang")
    for _ in range(2):
        assert authenticate(username="zhang", password="nope") is None
    assert authenticate(username="zhang", password=PASSWORD) == user
    user.refresh_from_db()
    assert user.failed_logins == 0
    for _ in range(2):
        authenticate(username="zhang", password="nope")
    user.refresh_from_db()
    assert user.locked_until is None  # 2 + 2 failures never reached 3 in a row


def test_unknown_user_runs_the_hasher_and_is_recorded(db, monkeypatch):
    from django.contrib.auth import hashers

    hasher_class = type(hashers.get_hasher())
    calls = []
    real = hasher_class.encode

    def spy(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", spy)
    assert authenticate(username="nobody", password="whatever-password") is None
    assert calls, "the hasher must run for unknown users (timing)"
    entry = AuditEntry.objects.get(action="account.login_failed")
    assert "nobody" in entry.payload


def test_inactive_user_cannot_sign_in(make_user):
    user = make_user("zhang")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert authenticate(username="zhang", password=PASSWORD) is None
