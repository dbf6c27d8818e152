from django.db import models


class Role(models.TextChoices):
    """What a staff account may do. The public (anonymous visitors) has no account."""

    SYSADMIN = "sysadmin", "系统管理员 (system administrator)"
    ORG_ADMIN = "org_admin", "单位管理员 (organisation administrator)"
    CLERK = "clerk", "经办人员 (clerk)"
    LEADER = "leader", "领导 (leader)"
    INSPECTOR = "inspector", "纪检监察人员 (discipline inspector)"


def role_names(value: str) -> tuple[str, str]:
    """The Chinese and English names of a role (``("经办人员", "clerk")``)."""
    zh, _, en = str(Role(value).label).partition(" (")
    return zh, en.rstrip(")")
