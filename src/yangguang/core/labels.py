"""A label's Chinese and English texts, whatever language is active.

Model labels are ``gettext_lazy("中文")`` with the English in the ``en`` catalogue, so a
page shows one language. Where both are needed (an API error body, a bilingual
``DomainError``), these give each text explicitly."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _


def zh(label: object) -> str:
    """The Chinese text of a (lazy) label."""
    with translation.override("zh-hans"):
        return str(label)


def en(label: object) -> str:
    """The English text of a (lazy) label (the Chinese where the catalogue has none)."""
    with translation.override("en"):
        return str(label)


def both(label: object) -> tuple[str, str]:
    """``(zh, en)`` of a label."""
    return zh(label), en(label)


def person(user) -> str:
    """A person as a page names him or her: the full name and the organisation
    (``张伟 · 财政局``), never the username (the account's login, for its administrators
    only); ``—`` for nobody."""
    if user is None:
        return "—"
    name = getattr(user, "full_name", "") or user.get_username()
    org = getattr(user, "organisation", None) if getattr(user, "organisation_id", None) else None
    return f"{name} · {org.short_name or org.name}" if org is not None else name


#: what each system actor (``Actor.system(name)``) is, for the pages that name who did it
SYSTEM_ACTORS = {
    "demo": _("演示数据"),
    "audit checkpoint": _("留痕检查点签发"),
    "audit.checkpoint_task": _("留痕检查点签发"),
    "cases.sweep": _("办件时限巡检"),
    "cli": _("命令行"),
    "complaints.alerts": _("投诉举报预警"),
    "conformance.check": _("流程合规检查"),
    "disclosure.alerts": _("政务公开预警"),
    "login": _("登录"),
    "meetings.overdue_alerts": _("三重一大逾期预警"),
    "orgs.region": _("行政区划维护"),
    "portal": _("门户网站"),
    "powers.import": _("权力清单导入"),
    "powers.review": _("权力清单审核"),
    "powers.types": _("职权类型维护"),
    "workdays.recompute": _("期限重算"),
    "workdays.reminder": _("工作日历提醒"),
}


def system_actor(name: str) -> str:
    """A system actor by what it is (``系统 · 办件时限巡检``), never its internal name."""
    what = SYSTEM_ACTORS.get(name)
    return f"{_('系统')} · {what}" if what is not None else str(_("系统"))
