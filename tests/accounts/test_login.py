"""Signing in (issue 25 point 3): the throttle by account and address together, by
address and by account, with growing waits checked before any hashing; one message for
every failure; failures summed up in the trail once an hour; Argon2 at OWASP's minimum
profile."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.auth import authenticate, hashers
from django.test import Client, override_settings
from django.utils import timezone

from yangguang import settings as production_settings
from yangguang.accounts import throttle
from yangguang.accounts.forms import SIGN_IN_FAILED
from yangguang.accounts.models import LoginFailureTally, LoginThrottle, User
from yangguang.accounts.services import login_failures_summarise
from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor

PASSWORD = "Yangguang-test-2024"
ATTACKER, OWNER, THIRD = "203.0.113.7", "198.51.100.20", "192.0.2.33"
RULES = {  # small numbers for the tests
    "pair": {"free": 3, "cap": 900},
    "address": {"free": 8, "cap": 900},
    "account": {"free": 6, "cap": 300, "addresses": 3},
    "window": 3600,
    "known_days": 90,
}


def post_login(username, password, address=ATTACKER, client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client, client.post("/accounts/login/", {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def hashes(monkeypatch):
    """Counts the password hashes computed (checks and dummy hashes for unknown names)."""
    calls = []
    hasher_class = type(hashers.get_hasher())
    for name in ("encode", "verify"):
        real = getattr(hasher_class, name)

        def spy(self, *args, _real=real, **kwargs):
            calls.append(1)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(hasher_class, name, spy)
    return calls


def test_login_page_renders_in_chinese(db):
    response = Client().get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in html and "工作人员登录" in html and "用户名" in html


def test_login_success_and_logout(make_user):
    user = make_user("zhang")
    client, response = post_login("zhang", PASSWORD, OWNER)
    assert response.status_code == 302 and response["Location"] == "/office/"
    assert client.get("/office/").status_code == 200
    assert AuditEntry.objects.filter(action="account.login", object_id=str(user.pk)).count() == 1
    assert client.get("/accounts/logout/").status_code == 405  # POST only
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/office/").status_code == 302
    assert AuditEntry.objects.filter(action="account.logout").count() == 1


def _error_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for e in form.non_field_errors())


@override_settings(LOGIN_THROTTLE=RULES)
def test_one_message_for_every_failure(make_user):
    make_user("zhang")
    gone = make_user("li")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    answers = {
        "wrong password": post_login("zhang", "wrong-password", OWNER)[1],
        "unknown username": post_login("nobody", "whatever-password", OWNER)[1],
        "deactivated": post_login("li", PASSWORD, OWNER)[1],
    }
    for _ in range(RULES["pair"]["free"]):
        post_login("zhang", "wrong-password", ATTACKER)
    answers["throttled"] = post_login("zhang", PASSWORD, ATTACKER)[1]
    messages = {what: _error_of(r) for what, r in answers.items()}
    assert set(messages.values()) == {str(SIGN_IN_FAILED)}, messages
    for response in answers.values():
        assert response.status_code == 200
        html = response.content.decode()
        assert "锁定" not in html and "locked" not in html


@override_settings(LOGIN_THROTTLE=RULES)
def test_a_guesser_is_slowed_down_and_the_owner_still_gets_in(make_user, hashes):
    make_user("zhang")
    free = RULES["pair"]["free"]
    for _ in range(free):
        _, response = post_login("zhang", "wrong-password")
        assert response.status_code == 200
    # the guesser's address now waits: even the right password is refused, unhashed
    del hashes[:]
    client, _ = post_login("zhang", PASSWORD)
    assert not signed_in(client) and hashes == []
    # the owner, from another address, signs in at once
    owner, response = post_login("zhang", PASSWORD, OWNER)
    assert response.status_code == 302 and signed_in(owner)
    # and nothing about the account is locked
    assert not hasattr(User.objects.get(username="zhang"), "locked_until")


@override_settings(LOGIN_THROTTLE=RULES)
def test_the_waits_grow(make_user):
    make_user("zhang")
    keys = throttle.Keys.of("zhang", ATTACKER)
    t0 = timezone.now()
    waits = []
    for i in range(8):
        now = t0 + datetime.timedelta(hours=0, seconds=i * 1000)  # each after the last wait
        assert throttle.wait(keys, now=now) == 0
        throttle.failed(keys, user=None, now=now)
        waits.append(throttle.wait(keys, now=now))
    # free attempts, then 1 s, 2 s, 4 s, ... (the address's own count is not reached yet)
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32]
    row = LoginThrottle.objects.get(scope="pair", key=keys.pair)
    assert row.failures == 8
    # a quiet window forgets the count
    later = t0 + datetime.timedelta(seconds=8 * 1000 + RULES["window"] + 1)
    throttle.failed(keys, user=None, now=later)
    assert throttle.wait(keys, now=later) == 0
    row.refresh_from_db()
    assert row.failures == 1


@override_settings(LOGIN_THROTTLE={**RULES, "pair": {"free": 100, "cap": 900}})
def test_one_address_trying_many_accounts_waits(make_user, hashes):
    make_user("zhang")
    for i in range(RULES["address"]["free"]):
        post_login(f"user{i}", "wrong-password")
    del hashes[:]
    client, _ = post_login("zhang", PASSWORD)  # the address waits, whatever the account
    assert not signed_in(client) and hashes == []
    assert signed_in(post_login("zhang", PASSWORD, OWNER)[0])


@override_settings(LOGIN_THROTTLE=RULES)
def test_a_guess_spread_over_many_addresses_binds_strangers_not_the_owner(make_user, hashes):
    make_user("zhang")
    known, _ = post_login("zhang", PASSWORD, OWNER)  # the owner's usual address
    assert signed_in(known)
    spread = [f"10.9.{i}.1" for i in range(RULES["account"]["free"] + 1)]
    for address in spread:  # one guess each: no address reaches its own limits
        post_login("zhang", "wrong-password", address)
    del hashes[:]
    stranger, _ = post_login("zhang", PASSWORD, THIRD)
    assert not signed_in(stranger) and hashes == []  # waits, unhashed
    owner, response = post_login("zhang", PASSWORD, OWNER)  # known: gets in
    assert response.status_code == 302 and signed_in(owner)


@override_settings(LOGIN_THROTTLE=RULES)
def test_ipv6_addresses_count_by_their_64(make_user):
    make_user("zhang")
    for i in range(RULES["pair"]["free"]):
        post_login("zhang", "wrong-password", f"2001:db8:1:2::{i + 1:x}")
    assert not signed_in(post_login("zhang", PASSWORD, "2001:db8:1:2::ffff")[0])
    assert signed_in(post_login("zhang", PASSWORD, "2001:db8:1:3::1")[0])


@override_settings(LOGIN_THROTTLE=RULES)
def test_failures_are_counted_and_summed_up_once_an_hour(make_user):
    user = make_user("zhang")
    for _ in range(RULES["pair"]["free"] + 2):  # the last two are refused by the wait
        post_login("zhang", "wrong-password")
    post_login("nobody", "wrong-password", THIRD)
    post_login("nobody-else", "zhang-password-1", THIRD)
    assert not AuditEntry.objects.filter(action__startswith="account.login_fail").exists()
    assert LoginFailureTally.objects.exists()
    # nothing is summed up while the hour runs
    actor = Actor.system("tests")
    assert login_failures_summarise(actor=actor) == []
    [entry] = login_failures_summarise(
        actor=actor, now=timezone.now() + datetime.timedelta(hours=1)
    )
    assert entry.action == "account.login_failures"
    summary = entry.payload
    assert '"failures":5' in summary and '"throttled":2' in summary
    assert f'"user":{user.pk}' in summary and '"username":"zhang"' in summary
    assert ATTACKER in summary and THIRD in summary
    assert "nobody" not in summary and "zhang-password-1" not in summary  # typed names
    assert '"distinct":2' in summary
    assert not LoginFailureTally.objects.exists()


def test_the_summary_runs_hourly(db):
    from yangguang.accounts.tasks import login_failures_task
    from yangguang.core import schedule

    job = schedule.JOBS[login_failures_task.module_path]
    assert job.every == datetime.timedelta(hours=1)


def test_unknown_users_cost_a_hash_too(db, hashes):
    assert authenticate(username="nobody", password="whatever-password") is None
    assert hashes, "the hasher must run for unknown users (timing)"


def test_inactive_user_cannot_sign_in(make_user):
    user = make_user("zhang")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert authenticate(username="zhang", password=PASSWORD) is None


# --- the hash: OWASP's minimum profile, a sign-in well under 100 ms ------------------------


def test_production_hashes_with_argon2id_at_the_owasp_minimum(make_user):
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        encoded = hashers.make_password(PASSWORD)
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        # a hash of Django's heavier default still verifies, and is rewritten at sign-in
        heavy = hashers.Argon2PasswordHasher().encode(
            PASSWORD, hashers.Argon2PasswordHasher().salt()
        )
        user = make_user("zhang")
        User.objects.filter(pk=user.pk).update(password=heavy)
        assert authenticate(username="zhang", password=PASSWORD) is not None
        assert "m=19456,t=2,p=1" in User.objects.get(pk=user.pk).password


def test_a_sign_in_takes_under_100_ms(make_user):
    """The whole sign-in request (throttle, hash, session, audit entry), by the processor
    time it takes (the wall clock of a shared test machine says more about its load)."""
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        user = make_user("zhang")
        User.objects.filter(pk=user.pk).update(password=hashers.make_password(PASSWORD))
        post_login("zhang", PASSWORD, OWNER)  # warm: the first request imports the pages
        timings = []
        for _ in range(5):
            client = Client(REMOTE_ADDR=OWNER)
            start = time.thread_time()
            response = client.post("/accounts/login/", {"username": "zhang", "password": PASSWORD})
            timings.append(time.thread_time() - start)
            assert response.status_code == 302
    assert sorted(timings)[2] < 0.1, timings
