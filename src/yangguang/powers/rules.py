"""Helpers of the services: who the acting person is, who may edit and review, and the
translation of model validation into bilingual ``DomainError``s."""

from __future__ import annotations

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation

EDITOR_ROLES = frozenset({Role.CLERK, Role.ORG_ADMIN, Role.SYSADMIN})


def person_of(actor: Actor, by: User | None) -> User | None:
    """The person who acts: the actor's account, or, for the system recording something
    done by a named person (the demo, an import of a past review), ``by``."""
    if actor.kind == "system":
        return by
    if by is not None and by.pk != actor.user.pk:
        raise DomainError(
            code="by_not_actor",
            field="by",
            zh="只能以本人身份办理",
            en="a person acts only in his or her own name",
        )
    return actor.user


def require_person(person: User | None, step_zh: str, step_en: str) -> User:
    if person is None:
        raise DomainError(
            code="person_required",
            field="by",
            zh=f"{step_zh}须写明办理人",
            en=f"{step_en} needs the person who does it",
        )
    return person


def require_editor(actor: Actor, org: Organisation) -> None:
    """Editing the working list: the organisation's clerks and organisation
    administrators (and system administrators)."""
    if actor.kind == "system":
        return
    access.require_in_org(actor.user, "operate", org)
    if access.role_of(actor.user) not in EDITOR_ROLES:
        raise PermissionDeniedError(
            zh="只有经办人员或单位管理员可以编辑权责清单",
            en="only clerks and organisation administrators edit power lists",
        )


def may_first_review(person: User, org: Organisation) -> bool:
    """A leader or organisation administrator of the organisation itself."""
    return (
        person.is_active
        and person.organisation_id == org.pk
        and person.role in (Role.LEADER, Role.ORG_ADMIN)
    )


def may_second_review(person: User, org: Organisation) -> bool:
    """A leader of the organisation or of a body above it, or an organisation
    administrator of a body above it (e.g. the government's legal office)."""
    own = person.organisation
    if not person.is_active or own is None or not org.path.startswith(own.path):
        return False
    if person.role == Role.LEADER:
        return True
    return person.role == Role.ORG_ADMIN and own.pk != org.pk


def may_publish(person: User, org: Organisation) -> bool:
    own = person.organisation
    if person.role == Role.SYSADMIN:
        return person.is_active
    return bool(
        person.is_active
        and own is not None
        and org.path.startswith(own.path)
        and person.role in (Role.LEADER, Role.ORG_ADMIN)
    )


def require_scope(actor: Actor, org: Organisation) -> None:
    if actor.kind != "system":
        access.require_in_org(actor.user, "operate", org)


def not_allowed(zh: str, en: str) -> PermissionDeniedError:
    return PermissionDeniedError(zh=zh, en=en)


# --- who may do each step of a review round ---------------------------------------------
#
# Each check raises the refusal (a ``PermissionDeniedError`` or, for reviewing one's own
# list, a ``DomainError``) and is the one implementation of its rule: the services call
# them, and the pages and the office home ask them (``powers.steps``) what a person may do.


def check_submitter(person: User, org: Organisation) -> None:
    """The drafter: an active clerk or organisation administrator of the organisation (or
    of a body above it), or a system administrator."""
    if person.role not in EDITOR_ROLES or not person.is_active:
        raise not_allowed(
            "只有经办人员或单位管理员可以提交清单",
            "only clerks and organisation administrators submit a list",
        )
    if person.role != Role.SYSADMIN and not org.path.startswith(
        getattr(person.organisation, "path", "\0")
    ):
        raise not_allowed("起草人不属于本单位", "the drafter is not of this organisation")


def check_first_reviewer(person: User, org: Organisation) -> None:
    if not may_first_review(person, org):
        raise not_allowed(
            "初审须由本单位领导或单位管理员办理",
            "first review is done by a leader or organisation administrator of the organisation",
        )


def check_second_reviewer(person: User, org: Organisation) -> None:
    if not may_second_review(person, org):
        raise not_allowed(
            "复审须由本单位或上级单位领导、上级单位管理员(如政府法制机构)办理",
            "second review is done by a leader of the organisation or of a higher body, or "
            "an organisation administrator of a higher body",
        )


def check_publisher(person: User, org: Organisation) -> None:
    if not may_publish(person, org):
        raise not_allowed(
            "发布须由本单位或上级单位领导、单位管理员办理",
            "a leader or organisation administrator of the organisation or a higher body publishes",
        )


def check_not_own_first(person: User, drafter_id: int | None) -> None:
    if person.pk == drafter_id:
        raise DomainError(
            code="own_list_review",
            field="by",
            zh="起草人不能审核自己起草的清单",
            en="the drafter may not review his or her own list",
        )


def check_not_own_second(person: User, drafter_id: int | None, first_id: int | None) -> None:
    if person.pk in (drafter_id, first_id):
        raise DomainError(
            code="own_list_review",
            field="by",
            zh="复审人不能是起草人或初审人",
            en="the second reviewer is neither the drafter nor the first reviewer",
        )


def check_first_review_decider(person: User, org: Organisation, drafter_id: int | None) -> None:
    """In first review, item decisions are recorded by the first reviewers."""
    if not may_first_review(person, org) or person.pk == drafter_id:
        raise not_allowed(
            "初审中的审核意见只能由起草人以外的本单位领导或单位管理员登记",
            "in first review, decisions are recorded by a leader or organisation "
            "administrator of the organisation other than the drafter",
        )
