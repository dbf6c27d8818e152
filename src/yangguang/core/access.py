"""Permission scoping: the one place that decides who sees and does what.

Every page, API endpoint, command and service asks here. Objects are scoped through
the organisation they belong to, registered once per model with ``register``:

* system administrator: everything;
* organisation administrator: sees and changes the internal data of his or her own
  organisation subtree;
* clerk and leader: see the internal data of their own organisation subtree; operate
  (later: cases) there; change nothing structural;
* discipline inspector: sees, read-only, everything in the commission's jurisdiction,
  and may take supervision actions there;
* the public (anonymous, or any account for published things): only what is published.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import models
from django.db.models import Q

from yangguang.accounts.roles import Role
from yangguang.core.errors import PermissionDeniedError

if TYPE_CHECKING:
    from yangguang.orgs.models import Organisation

Action = Literal["view", "change", "operate", "supervise"]
ACTIONS: tuple[Action, ...] = ("view", "change", "operate", "supervise")

# which roles may do which action inside their scope
_ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SYSADMIN: frozenset(ACTIONS),
    Role.ORG_ADMIN: frozenset({"view", "change", "operate"}),
    Role.CLERK: frozenset({"view", "operate"}),
    Role.LEADER: frozenset({"view", "operate"}),
    Role.INSPECTOR: frozenset({"view", "supervise"}),
}


@dataclass(frozen=True)
class Scoped:
    """How to reach an object's organisation path, and what of it the public may see."""

    org_path: str  # lookup to the organisation's materialised path, e.g. "organisation__path"
    public: Q | None = None  # filter for published objects; None: nothing is public
    # or, for rows that carry a bare organisation id (no foreign key to follow): its field
    org_id_field: str | None = None
    # per-model narrowing of the role table: for the actions listed, only these roles
    # (e.g. the audit trail: viewed by system administrators and inspectors, changed by nobody)
    only: tuple[tuple[str, frozenset[str]], ...] = ()

    def roles_for(self, action: str) -> frozenset[str] | None:
        for name, roles in self.only:
            if name == action:
                return roles
        return None


_REGISTRY: dict[type[models.Model], Scoped] = {}


def register(
    model: type[models.Model],
    *,
    org_path: str = "",
    public: Q | None = None,
    org_id_field: str | None = None,
    only: dict[Action, set[str] | frozenset[str]] | None = None,
) -> None:
    _REGISTRY[model] = Scoped(
        org_path=org_path,
        public=public,
        org_id_field=org_id_field,
        only=tuple((a, frozenset(r)) for a, r in (only or {}).items()),
    )


def _subtree_q(scoped: Scoped, path: str) -> Q:
    if scoped.org_id_field:
        from yangguang.orgs.models import Organisation

        subtree = Organisation.objects.filter(path__startswith=path).values("pk")
        return Q(**{f"{scoped.org_id_field}__in": subtree})
    return Q(**{f"{scoped.org_path}__startswith": path})


def _scoped(model: type[models.Model]) -> Scoped:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not registered for access scoping") from None


def is_staff_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_of(user) -> str | None:
    return user.role if is_staff_user(user) else None


def scope_root(user) -> Organisation | None:
    """The root of the subtree a staff member's role covers (None: everything, or nothing)."""
    role = role_of(user)
    if role is None or role == Role.SYSADMIN:
        return None
    org = user.organisation
    if org is None:
        return None
    if role == Role.INSPECTOR:
        if org.jurisdiction_id:
            return org.jurisdiction
        return org.parent or org
    return org


def allows(user, action: Action) -> bool:
    role = role_of(user)
    return role is not None and action in _ROLE_ACTIONS.get(role, frozenset())


def scope_q(user, model: type[models.Model], action: Action = "view", *, public: bool = True) -> Q:
    """A filter on ``model`` for what ``user`` may do ``action`` to; ``public=False``:
    without what the public may see (the internal view only)."""
    scoped = _scoped(model)
    nothing = Q(pk__in=[])
    internal = nothing
    narrowed = scoped.roles_for(action)
    if allows(user, action) and (narrowed is None or role_of(user) in narrowed):
        if role_of(user) == Role.SYSADMIN:
            internal = Q()
        elif not (scoped.org_path or scoped.org_id_field):
            # not owned by an organisation: staff may view, not change
            internal = Q() if action == "view" else nothing
        else:
            root = scope_root(user)
            internal = _subtree_q(scoped, root.path) if root else nothing
    if action == "view" and public and scoped.public is not None:
        # an empty Q means "everything"; ``Q(x) | Q()`` would drop it and give just Q(x)
        if not scoped.public or not internal:
            return Q()
        return internal | scoped.public
    return internal


def restrict(
    queryset: models.QuerySet, user, action: Action = "view", *, public: bool = True
) -> models.QuerySet:
    """``queryset`` cut down to what ``user`` may do ``action`` to (``public=False``: as
    an insider, leaving out what is only there because it is published). Never widens it."""
    return queryset.filter(scope_q(user, queryset.model, action, public=public))


def can(user, action: Action, obj: models.Model) -> bool:
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_in_org(user, action: Action, org: Organisation | None) -> bool:
    """May ``user`` do ``action`` to things that belong to ``org`` (creating, say)?"""
    if not allows(user, action):
        return False
    if role_of(user) == Role.SYSADMIN:
        return True
    root = scope_root(user)
    return bool(root and org is not None and org.path.startswith(root.path))


def require(user, action: Action, obj: models.Model) -> None:
    if not can(user, action, obj):
        raise PermissionDeniedError()


def require_in_org(user, action: Action, org: Organisation | None) -> None:
    if not can_in_org(user, action, org):
        raise PermissionDeniedError()


def gate(check: Callable[[object], bool]):
    """A page (view) open only to the users ``check`` accepts; the others get 403. The check
    stays on the view (``view.access_gate``, kept through ``login_required`` and the like),
    so that the office menu offers a page only to those the page itself lets in
    (:func:`may_open`): one check, not a second list."""

    def decorate(view):
        @functools.wraps(view)
        def gated(request, *args, **kwargs):
            if not check(request.user):
                raise DjangoPermissionDenied
            return view(request, *args, **kwargs)

        gated.access_gate = check
        return gated

    return decorate


def may_open(user, view) -> bool:
    """Would ``view`` let ``user`` in (its :func:`gate`, if it has one)?"""
    check = getattr(view, "access_gate", None)
    return check is None or bool(check(user))
