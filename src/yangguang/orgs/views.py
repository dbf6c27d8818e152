"""Back-office pages for organisations: the tree, one organisation, the principal rule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from yangguang.core import access
from yangguang.orgs.models import Charge, LeadershipTerm, Organisation, Post, PostHolding
from yangguang.orgs.selectors import BREACH, principal_rule_report


def depth(org: Organisation) -> int:
    return max(org.path.count("/") - 2, 0)


@login_required
def org_list(request):
    user = request.user
    orgs = access.restrict(Organisation.objects.select_related("region"), user)
    rows = [
        {"org": org, "depth": depth(org), "in_scope": access.can_in_org(user, "view", org)}
        for org in orgs
    ]
    return render(request, "orgs/list.html", {"rows": rows})


@login_required
def org_detail(request, code: str):
    user = request.user
    org = get_object_or_404(
        access.restrict(Organisation.objects.select_related("region", "parent"), user), code=code
    )
    in_scope = access.can_in_org(user, "view", org)
    context = {
        "org": org,
        "in_scope": in_scope,
        "children": access.restrict(org.children.all(), user),
        "can_change": access.can(user, "change", org),
    }
    if in_scope:
        holdings = access.restrict(PostHolding.objects.select_related("user"), user)
        context["posts"] = access.restrict(
            Post.objects.filter(organisation=org).prefetch_related(
                Prefetch("holdings", queryset=holdings, to_attr="visible_holdings")
            ),
            user,
        )
        charges = access.restrict(Charge.objects.all(), user)
        context["terms"] = access.restrict(
            LeadershipTerm.objects.filter(organisation=org)
            .select_related("user")
            .prefetch_related(Prefetch("charges", queryset=charges, to_attr="visible_charges")),
            user,
        )
    return render(request, "orgs/detail.html", context)


@login_required
def principal_rule(request):
    """The "一把手五个不直接分管" report, cut down to the organisations in the user's scope."""
    user = request.user
    rows = [
        row for row in principal_rule_report() if access.can_in_org(user, "view", row.organisation)
    ]
    return render(request, "orgs/principal_rule.html", {"rows": rows, "BREACH": BREACH})


def _named_person(text: str):
    """The active account named ``text``: its username, else the one person of that
    full name (a name two people share must be given as the username)."""
    from yangguang.accounts.models import User
    from yangguang.core.errors import DomainError

    text = text.strip()
    active = User.objects.filter(is_active=True)
    found = active.filter(username=text).first()
    if found is None and text:
        same = list(active.filter(full_name=text)[:2])
        found = same[0] if len(same) == 1 else None
    if found is None:
        raise DomainError(
            code="relative_unknown",
            field="relative",
            zh=f"没有姓名或账号为「{text}」的在职人员(同名者请填写账号)",
            en=f"no active person named {text!r} (give the username where two share a name)",
        )
    return found


@login_required
def relatives(request):
    """亲属关系申报: one's own declarations (and, for administrators and inspectors, those
    of the staff in their scope); declare a relative, end a declaration."""
    from django.contrib import messages
    from django.db.models import Q
    from django.shortcuts import redirect

    from yangguang.accounts.models import User
    from yangguang.core.context import Actor
    from yangguang.core.errors import DomainError
    from yangguang.orgs.models import Relation, RelativeDeclaration
    from yangguang.orgs.services import relative_declare, relative_end

    user = request.user
    if request.method == "POST":
        actor = Actor.person(user)
        p = request.POST
        try:
            if p.get("step") == "end":
                d = get_object_or_404(RelativeDeclaration, pk=p.get("declaration") or 0)
                relative_end(actor=actor, declaration=d, reason=p.get("reason", ""))
            else:
                person = get_object_or_404(User, pk=p.get("person") or user.pk)
                relative = _named_person(p.get("relative", ""))
                relative_declare(
                    actor=actor, person=person, relative=relative,
                    relation=p.get("relation", ""), note=p.get("note", ""),
                )  # fmt: skip
            messages.success(request, _("已完成"))
        except DomainError as exc:
            messages.error(request, exc.text())
        return redirect("orgs:relatives")
    mine = Q(person=user) | Q(relative=user)
    rows = RelativeDeclaration.objects.filter(
        mine
        | Q(pk__in=access.restrict(RelativeDeclaration.objects.all(), user, "change"))
        | Q(pk__in=access.restrict(RelativeDeclaration.objects.all(), user, "supervise"))
    ).select_related("person", "relative", "declared_by")
    people = [user]
    if access.allows(user, "change") or access.allows(user, "supervise"):
        people = list(
            access.restrict(User.objects.filter(is_active=True), user, "change")
            .select_related("organisation")
            .order_by("organisation__path", "full_name")
        ) or [user]
    return render(
        request,
        "orgs/relatives.html",
        {"rows": rows[:300], "relations": Relation.choices, "people": people},
    )
