"""Staff accounts and API tokens."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.roles import Role


class StaffManager(UserManager):
    """``manage.py createsuperuser`` makes a system administrator, its password checked by
    the validators like every other path that sets one (Django skips them when the
    password comes from ``DJANGO_SUPERUSER_PASSWORD``)."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        from django.contrib.auth.password_validation import validate_password

        extra_fields.setdefault("role", Role.SYSADMIN)
        if password is not None:
            validate_password(password, self.model(username=username, **extra_fields))
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A member of staff. Holds posts (``orgs.PostHolding``) in his or her organisation."""

    full_name = models.CharField(_("姓名"), max_length=64)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CLERK)
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("密码由他人设定(一次性密码), 登录后须先改密码"),
    )

    REQUIRED_FIELDS = ["full_name"]
    objects = StaffManager()

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.SYSADMIN) | Q(organisation__isnull=False),
                name="user_org_required_unless_sysadmin",
                violation_error_message=_("除系统管理员外, 工作人员必须属于一个单位"),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class TokenScope(models.TextChoices):
    """What a token may do with its owner's rights: read only, or read and write."""

    READ = "read", _("只读")
    WRITE = "write", _("读写")


def token_default_expiry():
    from django.conf import settings

    return timezone.now() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class ApiToken(models.Model):
    """A token for another system. It acts for its owner account, within its ``scope``
    (read only: safe methods; write: everything the owner may do), until ``expires``;
    only the SHA-256 of the secret is stored. Tokens are made and revoked from a signed-in
    session with the password typed again, never with a token."""

    name = models.CharField(_("名称"), max_length=100)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("权限范围"), max_length=8, choices=TokenScope.choices, default=TokenScope.WRITE
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(_("有效期至"), default=token_default_expiry)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked is None and self.expires > now and self.user.is_active


class ThrottleScope(models.TextChoices):
    PAIR = "pair", _("账号与地址")
    ADDRESS = "address", _("地址")
    ACCOUNT = "account", _("账号")


class LoginThrottle(models.Model):
    """Failed sign-ins counted for one key: an account and a client address together, an
    address, or an account (``accounts.throttle``). Keys are stored hashed (what was typed
    as a username is not kept); ``account`` ties a pair to its account's key."""

    scope = models.CharField(max_length=8, choices=ThrottleScope.choices)
    key = models.CharField(max_length=64)
    account = models.CharField(max_length=64, blank=True, db_index=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(null=True, blank=True)
    blocked_until = models.DateTimeField(null=True, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("登录限流")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="login_throttle_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… ({self.failures})"


class LoginFailureTally(models.Model):
    """How many sign-ins failed in one hour, per account (``user``) or for usernames that
    exist nowhere (``user`` empty, ``key`` their hash), and per client address; summed
    into one audit entry per hour (``login_failures_summarise``), then dropped."""

    period = models.DateTimeField()
    kind = models.CharField(max_length=8)  # account | unknown | address
    key = models.CharField(max_length=64)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    failures = models.PositiveIntegerField(default=0)
    throttled = models.PositiveIntegerField(default=0)  # refused before any check

    class Meta:
        verbose_name = _("登录失败统计")
        constraints = [
            models.UniqueConstraint(fields=["period", "kind", "key"], name="login_tally_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m-%d %H}h {self.kind} {self.key[:16]} ({self.failures})"
