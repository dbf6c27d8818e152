"""Accounts, tokens and logins."""

from __future__ import annotations

from collections.abc import Callable

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _accounts(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.accounts import services as s

        sys_, users, tree = f["system"], f["users"], f["tree"]
        clerk = users["clerk"]
        if name == "user_create":
            s.user_create(
                actor=sys_,
                username="new",
                full_name="新人",
                organisation=tree["dept"],
                role="clerk",
            )
            return ["account.create"]
        if name == "user_onboard":
            s.user_onboard(
                actor=sys_,
                username="new",
                full_name="新人",
                organisation=tree["dept"],
                role="clerk",
            )
            return ["account.create"]
        if name == "user_password_reset":
            s.user_password_reset(actor=sys_, user=clerk)
            return ["account.set_password"]
        if name == "user_update":
            s.user_update(actor=sys_, user=clerk, full_name="改名")
            return ["account.update"]
        if name == "user_set_password":
            s.user_set_password(actor=sys_, user=clerk, password="a-long enough passphrase 42")
            return ["account.set_password"]
        if name == "user_deactivate":
            s.user_deactivate(actor=sys_, user=clerk)
            return ["account.deactivate"]
        if name == "api_token_create":
            s.api_token_create(actor=sys_, user=clerk, name="接口")
            return ["account.token_create"]
        if name == "api_token_revoke":
            token, _ = s.api_token_create(actor=sys_, user=clerk, name="接口")
            s.api_token_revoke(actor=sys_, token=token)
            return ["account.token_create", "account.token_revoke"]
        if name == "login_failures_summarise":
            import datetime

            from django.utils import timezone

            from yangguang.accounts import throttle

            an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
            throttle.failed(
                throttle.Keys.of(clerk.username, "192.0.2.1"), user=clerk, now=an_hour_ago
            )
            s.login_failures_summarise(actor=sys_)
            return ["account.login_failures"]
        if name == "login_record_success":
            s.login_record_success(user=clerk)
            return ["account.login"]
        if name == "login_record_logout":
            s.login_record_logout(user=clerk)
            return ["account.logout"]
        raise AssertionError(name)

    return call


CALLS.update(
    {
        f"yangguang.accounts.services.{n}": _accounts(n)
        for n in (
            "user_create",
            "user_onboard",
            "user_password_reset",
            "user_update",
            "user_set_password",
            "user_deactivate",
            "api_token_create",
            "api_token_revoke",
            "login_failures_summarise",
            "login_record_success",
            "login_record_logout",
        )
    }
)
