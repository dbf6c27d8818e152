"""Staff accounts and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from yangguang.accounts.roles import Role


class User(AbstractUser):
    """A member of staff. Holds posts (``orgs.PostHolding``) in his or her organisation."""

    full_name = models.CharField("姓名 (full name)", max_length=64)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="所在单位 (organisation)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    role = models.CharField("角色 (role)", max_length=16, choices=Role.choices, default=Role.CLERK)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    must_change_password = models.BooleanField(
        "须修改密码 (must change password)",
        default=False,
        help_text="密码由他人设定(一次性密码), 登录后须先改密码 "
        "(the password was set by someone else: it must be changed at the next sign-in)",
    )

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "工作人员 (staff member)"
        verbose_name_plural = "工作人员 (staff)"
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.SYSADMIN) | Q(organisation__isnull=False),
                name="user_org_required_unless_sysadmin",
                violation_error_message="除系统管理员外, 工作人员必须属于一个单位 "
                "(staff other than system administrators must belong to an organisation)",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A token for another system. It acts with the scope of its owner account; only the
    SHA-256 of the secret is stored."""

    name = models.CharField("名称 (name)", max_length=100)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌 (API token)"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
