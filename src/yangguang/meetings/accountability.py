"""Reading accountability cases (问责案件) for the commission: the list with its filters,
one case with where it came from (an alert of the case supervision, or a finding of
the meeting checks) and the people named, and the JSON the API answers. Only the
commission's inspectors and system administrators read them (``core.access``; anyone
else is refused, not shown an empty list). Closing is ``services.case_close``; the open
cases wait on an inspector's office home (``home_tasks``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.worklist import Task
from yangguang.meetings import models as m
from yangguang.orgs.models import Organisation

READERS = frozenset({Role.INSPECTOR, Role.SYSADMIN})
ALERT_PREFIX = "cases.alert:"


def may_read(user) -> bool:
    """The commission's inspectors and system administrators (the pages' gate)."""
    return access.role_of(user) in READERS


def require_reader(user) -> None:
    if not may_read(user):
        raise PermissionDeniedError(
            zh="只有纪检监察人员可以查阅和办理问责案件",
            en="only the commission's inspectors may read and close accountability cases",
        )


def organisations(user) -> list[Organisation]:
    """The organisations whose cases ``user`` may read (for the filter)."""
    return [
        o for o in Organisation.objects.order_by("path") if access.can_in_org(user, "supervise", o)
    ]


def cases(*, user, status: str = "", organisation: str = "") -> QuerySet[m.AccountabilityCase]:
    """The cases ``user`` may read, filtered by status (``open``/``closed``) and by the
    organisation's code (its subtree); an unknown status or organisation is refused."""
    require_reader(user)
    qs = access.restrict(
        m.AccountabilityCase.objects.select_related("organisation", "opened_by").prefetch_related(
            "persons"
        ),
        user,
        "view",
    )
    status = (status or "").strip()
    if status:
        if status not in m.CaseStatus.values:
            raise DomainError(
                code="status", field="status",
                zh=f"状态「{status}」无效, 应为 open 或 closed",
                en=f"unknown status {status!r}: use open or closed",
            )  # fmt: skip
        qs = qs.filter(status=status)
    code = (organisation or "").strip()
    if code:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise DomainError(
                code="organisation", field="organisation",
                zh=f"没有代码为「{code}」的单位", en=f"no organisation with the code {code!r}",
            )  # fmt: skip
        qs = qs.filter(organisation__path__startswith=org.path)
    return qs.order_by("-opened_on", "-pk")


def home_tasks(user) -> list[Task]:
    """The office home's entry (registered with ``core.worklist``): the open cases an
    inspector may close, linked to the list of them."""
    if access.role_of(user) != Role.INSPECTOR:
        return []
    count = cases(user=user, status=m.CaseStatus.OPEN).count()
    if not count:
        return []
    url = reverse("accountability:list") + f"?status={m.CaseStatus.OPEN}"
    return [Task(label=_("待办结的问责案件"), count=count, url=url)]


def case_get(*, user, pk: int) -> m.AccountabilityCase | None:
    return cases(user=user).filter(pk=pk).first()


def source_alert_id(case: m.AccountabilityCase) -> int | None:
    """The alert the case was opened from (``cases.alert:<id>``), if any."""
    if case.finding.startswith(ALERT_PREFIX):
        tail = case.finding[len(ALERT_PREFIX) :]
        return int(tail) if tail.isdigit() else None
    return None


def rule_label(case: m.AccountabilityCase) -> str:
    """The rule the case was opened under, by its label in the active language."""
    from yangguang.meetings.checks import RULES

    english = (translation.get_language() or "").startswith("en")
    if case.rule in RULES:
        rule = RULES[case.rule]
        return rule.en if english else rule.zh
    if source_alert_id(case) is not None:
        from yangguang.cases.models import Rule as AlertRule

        if case.rule in AlertRule.values:
            return str(AlertRule(case.rule).label)
    return case.rule or "—"


def _name(user) -> str:
    return user.full_name or user.get_username()


def case_json(case: m.AccountabilityCase) -> dict:
    """The case for the API: codes with labels in both languages, people by full name."""
    labels = {}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            labels[lang] = (rule_label(case), str(case.get_status_display()))
    return {
        "id": case.pk,
        "organisation": case.organisation.code,
        "organisation_name": case.organisation.name,
        "finding": case.finding,
        "alert": source_alert_id(case),
        "rule": case.rule,
        "rule_zh": labels["zh-hans"][0],
        "rule_en": labels["en"][0],
        "summary": case.summary,
        "persons": [_name(p) for p in case.persons.all()],
        "status": case.status,
        "status_zh": labels["zh-hans"][1],
        "status_en": labels["en"][1],
        "opened_by": _name(case.opened_by) if case.opened_by_id else None,
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "conclusion": case.conclusion,
    }
