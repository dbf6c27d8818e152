"""Sign-in throttle: guessing is slowed down without letting anyone lock anyone out.

Failures are counted for three keys (``settings.LOGIN_THROTTLE``):

* the account and the client address together (``pair``): past ``free`` failures each
  further one doubles the wait before the next attempt from there (1 s, 2 s, 4 s, … up to
  ``cap``). This is what stops one machine guessing one password;
* the client address (``address``, IPv6 by its /64 network): the same, with more free
  attempts, against one machine trying many accounts;
* the account (``account``), once its failures come from several addresses: against a
  guess spread over many machines. Its wait binds only addresses that have never signed
  in to that account (``known_days``): the owner, at his or her usual desk, still gets in
  while strangers are kept waiting; and a guesser from one address never triggers it, so
  the owner gets in from any other address.

Every check happens before the password is hashed, so a refused attempt costs a few
indexed reads. The keys are stored hashed; each failure is also tallied per hour (which
account, or an unknown username; which address) for ``login_failures_summarise``, which
writes one audit entry per hour instead of one per failure. Counts are forgotten after
``window`` seconds without a failure. Whatever the cause, the person signing in is told
the same thing (``accounts.forms.LoginForm``).
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from yangguang.accounts.models import LoginFailureTally, LoginThrottle, ThrottleScope, User


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def normal_username(username: str | None) -> str:
    return (username or "").strip().casefold()[:150]


def network(address: str | None) -> str:
    """The address a throttle keys on: an IPv4 address, or an IPv6 address's /64 (one
    subscriber holds a whole /64)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class Keys:
    username: str
    address: str
    account: str
    pair: str
    address_key: str

    @classmethod
    def of(cls, username: str | None, address: str | None) -> Keys:
        name, net = normal_username(username), network(address)
        return cls(
            username=name,
            address=net,
            account=_digest("account", name),
            pair=_digest("pair", name, net),
            address_key=_digest("address", net),
        )

    def q(self) -> Q:
        return (
            Q(scope=ThrottleScope.PAIR, key=self.pair)
            | Q(scope=ThrottleScope.ADDRESS, key=self.address_key)
            | Q(scope=ThrottleScope.ACCOUNT, key=self.account)
        )


def _rules() -> dict:
    return settings.LOGIN_THROTTLE


def _known(pair: LoginThrottle | None, now: datetime.datetime) -> bool:
    days = _rules()["known_days"]
    return bool(
        pair is not None
        and pair.succeeded_at is not None
        and pair.succeeded_at > now - datetime.timedelta(days=days)
    )


def wait(keys: Keys, *, now: datetime.datetime | None = None) -> float:
    """Seconds until ``keys`` may try again (0: now). Reads only; no password is hashed."""
    now = now or timezone.now()
    rows = {row.scope: row for row in LoginThrottle.objects.filter(keys.q())}
    until = []
    for scope in (ThrottleScope.PAIR, ThrottleScope.ADDRESS):
        row = rows.get(scope)
        if row is not None and row.blocked_until is not None:
            until.append(row.blocked_until)
    account = rows.get(ThrottleScope.ACCOUNT)
    if (
        account is not None
        and account.blocked_until is not None
        and not _known(rows.get(ThrottleScope.PAIR), now)
    ):
        until.append(account.blocked_until)
    latest = max(until, default=None)
    return max(0.0, (latest - now).total_seconds()) if latest else 0.0


def _delay(failures: int, rule: dict) -> int:
    """Seconds to wait after the ``failures``-th failure: none within the free attempts,
    then 1, 2, 4, … up to the cap."""
    over = failures - rule["free"]
    if over < 0:
        return 0
    return min(rule["cap"], 2 ** min(over, 30))


def _count(scope: str, key: str, account: str, now: datetime.datetime) -> LoginThrottle:
    row, _ = LoginThrottle.objects.get_or_create(
        scope=scope, key=key, defaults={"account": account}
    )
    row = LoginThrottle.objects.select_for_update().get(pk=row.pk)
    window = datetime.timedelta(seconds=_rules()["window"])
    if row.last_failure is not None and row.last_failure < now - window:
        row.failures, row.blocked_until = 0, None  # a quiet window: start again
    row.failures += 1
    row.last_failure = now
    return row


def _block(row: LoginThrottle, seconds: int, now: datetime.datetime) -> None:
    if seconds:
        until = now + datetime.timedelta(seconds=seconds)
        if row.blocked_until is None or row.blocked_until < until:
            row.blocked_until = until
    row.save()


def failed(keys: Keys, *, user: User | None, now: datetime.datetime | None = None) -> None:
    """Count one failed sign-in (a wrong password, an unknown username, an inactive
    account: all alike) and set the waits it earns."""
    now = now or timezone.now()
    rules = _rules()
    with transaction.atomic():
        pair = _count(ThrottleScope.PAIR, keys.pair, keys.account, now)
        _block(pair, _delay(pair.failures, rules["pair"]), now)
        address = _count(ThrottleScope.ADDRESS, keys.address_key, "", now)
        _block(address, _delay(address.failures, rules["address"]), now)
        account = _count(ThrottleScope.ACCOUNT, keys.account, keys.account, now)
        window_start = now - datetime.timedelta(seconds=rules["window"])
        spread = (
            LoginThrottle.objects.filter(
                scope=ThrottleScope.PAIR,
                account=keys.account,
                failures__gt=0,
                last_failure__gte=window_start,
            ).count()
            >= rules["account"]["addresses"]
        )
        _block(account, _delay(account.failures, rules["account"]) if spread else 0, now)
        _tally(keys, user, "failures", now)


def refused(keys: Keys, *, user: User | None, now: datetime.datetime | None = None) -> None:
    """Tally an attempt refused by a wait (nothing else is written)."""
    with transaction.atomic():
        _tally(keys, user, "throttled", now or timezone.now())


def succeeded(keys: Keys, *, now: datetime.datetime | None = None) -> None:
    """The right password from this address: its count for the account starts again and
    the address becomes known to the account (the account's and the address's own
    counts are left to run out: a guesser's success elsewhere earns no fresh attempts)."""
    now = now or timezone.now()
    with transaction.atomic():
        LoginThrottle.objects.update_or_create(
            scope=ThrottleScope.PAIR,
            key=keys.pair,
            defaults={
                "account": keys.account,
                "failures": 0,
                "blocked_until": None,
                "succeeded_at": now,
            },
        )


def _period(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _bump(period, kind: str, key: str, user: User | None, field: str) -> None:
    rows = LoginFailureTally.objects.filter(period=period, kind=kind, key=key)
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            LoginFailureTally.objects.create(
                period=period, kind=kind, key=key, user=user, **{field: 1}
            )
    except IntegrityError:  # made meanwhile by a concurrent failure
        rows.update(**{field: F(field) + 1})


def _tally(keys: Keys, user: User | None, field: str, now: datetime.datetime) -> None:
    period = _period(now)
    if user is not None:
        _bump(period, "account", str(user.pk), user, field)
    else:
        _bump(period, "unknown", keys.account, None, field)
    _bump(period, "address", keys.address, None, field)


def account_for(username: str | None) -> User | None:
    """The account a typed username names, if any (the same lookup as the sign-in's)."""
    try:
        return User._default_manager.get_by_natural_key(username)
    except (User.DoesNotExist, TypeError, ValueError):
        return None


def check_password(user: User, password: str | None, address: str | None) -> bool:
    """``user``'s password typed again (to make a token, say), throttled like a sign-in:
    refused without hashing while a wait runs, a wrong one counted."""
    keys = Keys.of(user.get_username(), address)
    if wait(keys) > 0:
        refused(keys, user=user)
        return False
    if password and user.check_password(password):
        return True
    failed(keys, user=user)
    return False


def forget_old(*, now: datetime.datetime | None = None) -> int:
    """Drop counts that no longer matter: no wait running, no failure within the window,
    no sign-in within ``known_days``. Returns how many went."""
    now = now or timezone.now()
    rules = _rules()
    quiet = now - datetime.timedelta(seconds=rules["window"])
    known = now - datetime.timedelta(days=rules["known_days"])
    stale = (
        LoginThrottle.objects.filter(Q(blocked_until__isnull=True) | Q(blocked_until__lt=now))
        .filter(Q(last_failure__isnull=True) | Q(last_failure__lt=quiet))
        .filter(Q(succeeded_at__isnull=True) | Q(succeeded_at__lt=known))
    )
    deleted, _ = stale.delete()
    return deleted
