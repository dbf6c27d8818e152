"""Who may do what to process models and risk maps, and the grade rule."""

from __future__ import annotations

from django.conf import settings

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation

EDITOR_ROLES = frozenset({Role.CLERK, Role.ORG_ADMIN, Role.SYSADMIN})

#: the default overall-grade rule (setting ``FLOWS_GRADE_RULE`` overrides any key):
#: a power is A if it has an A point, or at least ``a_if_b_points`` B points, or its
#: weighted score reaches ``a_score``; B if it has a B point or the score reaches
#: ``b_score``; C otherwise. Score = Σ weight[grade] × likelihood × impact / 25
#: (importance × frequency, each 1–5).
DEFAULT_GRADE_RULE = {
    "a_if_b_points": 3,
    "weights": {"A": 3.0, "B": 2.0, "C": 1.0},
    "a_score": 6.0,
    "b_score": 3.0,
}


def grade_rule() -> dict:
    rule = dict(DEFAULT_GRADE_RULE)
    rule.update(getattr(settings, "FLOWS_GRADE_RULE", {}) or {})
    return rule


def computed_grade(points: list[tuple[str, int, int]], rule: dict | None = None) -> str | None:
    """The overall grade from (grade, likelihood, impact) triples; None without points."""
    if not points:
        return None
    rule = rule or grade_rule()
    grades = [g for g, _, _ in points]
    score = sum(rule["weights"].get(g, 1.0) * lk * im / 25 for g, lk, im in points)
    if "A" in grades or grades.count("B") >= rule["a_if_b_points"] or score >= rule["a_score"]:
        return "A"
    if "B" in grades or score >= rule["b_score"]:
        return "B"
    return "C"


def person_of(actor: Actor, by: User | None) -> User | None:
    if actor.kind == "system":
        return by
    if by is not None and by.pk != actor.user.pk:
        raise DomainError(
            code="by_not_actor", field="by", zh="只能以本人身份办理", en="act in your own name"
        )
    return actor.user


def require_editor(actor: Actor, org: Organisation) -> None:
    if actor.kind == "system":
        return
    access.require_in_org(actor.user, "operate", org)
    if access.role_of(actor.user) not in EDITOR_ROLES:
        raise PermissionDeniedError(
            zh="只有经办人员或单位管理员可以编辑流程图和风险图",
            en="only clerks and organisation administrators edit flowcharts and risk maps",
        )


def is_editor(user, org: Organisation) -> bool:
    return access.can_in_org(user, "operate", org) and access.role_of(user) in EDITOR_ROLES


def is_leader_of(user: User | None, org: Organisation) -> bool:
    own = getattr(user, "organisation", None)
    return bool(
        user is not None
        and user.is_active
        and own is not None
        and org.path.startswith(own.path)
        and user.role in (Role.LEADER, Role.ORG_ADMIN)
    )


def is_inspector_of(user: User | None, org: Organisation) -> bool:
    if user is None or not user.is_active:
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role == Role.INSPECTOR and access.can_in_org(user, "supervise", org)
