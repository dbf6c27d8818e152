"""Back-office pages of the core: the dashboard. (Posts: ``yangguang.orgs.office``;
people: ``yangguang.accounts.office``.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
            "empty_why": EMPTY_WHY.get(access.role_of(user) or "", ""),
        },
    )


# what the to-do list holds for each role, said when it is empty
EMPTY_WHY = {
    "clerk": gettext_lazy(
        "这里列出您所在岗位待办理的办件环节、本单位待说明纠正的预警、待答复的依申请公开、"
        "待办理的投诉和即将到期的主动公开事项。办件环节按岗位分派: 如果您应当办理却没有看到, "
        "请本单位管理员核对您的岗位任职。"
    ),
    "leader": gettext_lazy(
        "这里列出待您审核的权责清单和主动公开事项、本单位待说明纠正的预警、待答复的依申请公开和"
        "待办理的投诉举报。"
    ),
    "org_admin": gettext_lazy(
        "这里列出本单位待修改或待发布的权责清单、待说明纠正的预警、待答复的依申请公开和待办理的投诉。"
    ),
    "inspector": gettext_lazy(
        "这里列出待确认的预警、待审核的情况说明、待复审的权责清单、待办理的举报和问责案件。"
    ),
    "sysadmin": gettext_lazy(
        "系统管理员维护平台本身, 不办理业务; 工作日历需要录入新年度时会在下方提示。"
    ),
}
