from django.db import models
from django.utils.translation import gettext_lazy as _

from yangguang.core import labels


class Role(models.TextChoices):
    """What a staff account may do. The public (anonymous visitors) has no account."""

    SYSADMIN = "sysadmin", _("系统管理员")
    ORG_ADMIN = "org_admin", _("单位管理员")
    CLERK = "clerk", _("经办人员")
    LEADER = "leader", _("领导")
    INSPECTOR = "inspector", _("纪检监察人员")


def role_names(value: str) -> tuple[str, str]:
    """The Chinese and English names of a role (``("经办人员", "clerk")``)."""
    return labels.both(Role(value).label)
