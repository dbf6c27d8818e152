"""Staff accounts and API tokens."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.roles import Role


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
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("密码由他人设定(一次性密码), 登录后须先改密码"),
    )

    REQUIRED_FIELDS = ["full_name"]

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
