"""Back-office pages of the core: the dashboard. (Posts: ``yangguang.orgs.office``;
people: ``yangguang.accounts.office``.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.accounts.models import User
from yangguang.core import access, worklist
from yangguang.orgs.models import LeadershipTerm, Organisation, Post, PostHolding


def _current(qs):
    today = timezone.localdate()
    return qs.filter(start__lte=today).exclude(end__lt=today)


@login_required
def home(request):
    user = request.user
    root = access.scope_root(user)
    in_scope = access.restrict(Organisation.objects.all(), user, "view")
    if access.role_of(user) != "sysadmin":  # organisations are public: count the scope only
        in_scope = in_scope.filter(path__startswith=root.path) if root else in_scope.none()
    counts = [
        (_("单位"), in_scope.count()),
        (_("岗位"), access.restrict(Post.objects.all(), user).count()),
        (_("在岗人员"), _current(access.restrict(PostHolding.objects.all(), user)).count()),
        (_("现任领导"), _current(access.restrict(LeadershipTerm.objects.all(), user)).count()),
        (_("工作人员"), access.restrict(User.objects.filter(is_active=True), user).count()),
    ]
    return render(
        request,
        "backoffice/home.html",
        {
            "counts": counts,
            "scope_root": root,
            "is_sysadmin": access.role_of(user) == "sysadmin",
            "tasks": worklist.tasks_for(user),
        },
    )
