"""Back-office pages of accountability cases (``/office/accountability/``): the list
with filters by status and organisation, one case, and closing it with a conclusion
(``services.case_close``). The commission's inspectors and system administrators only
(``access.gate``: the office menu offers the list to them alone); anyone else is
refused (403) in the page's language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yangguang.cases.models import Alert
from yangguang.core import access
from yangguang.core import params as params_
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.meetings import accountability as acc
from yangguang.meetings import models as m
from yangguang.meetings import services as s


def _text(exc: DomainError) -> str:
    return exc.en if (get_language() or "").startswith("en") else exc.zh


def _refused(request, exc: DomainError):
    return render(
        request, "meetings/accountability/refused.html", {"message": _text(exc)}, status=403
    )


@login_required
@access.gate(acc.may_read)
def case_list(request):
    status = params_.text_param(request, "status")
    organisation = params_.text_param(request, "organisation")
    error, code = "", 200
    try:
        qs = acc.cases(user=request.user, status=status, organisation=organisation)
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except DomainError as exc:
        error, code = _text(exc), 400
        qs = acc.cases(user=request.user)
    page = Paginator(qs, 50).get_page(params_.page_param(request))
    for case in page.object_list:
        case.rule_label = acc.rule_label(case)
    return render(
        request,
        "meetings/accountability/list.html",
        {
            "page": page, "status": status, "organisation": organisation, "error": error,
            "statuses": m.CaseStatus.choices, "organisations": acc.organisations(request.user),
        },
        status=code,
    )  # fmt: skip


def _case(request, pk: int):
    case = acc.case_get(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


def _detail(request, case, status: int = 200):
    alert_id = acc.source_alert_id(case)
    alerts = list(
        access.restrict(Alert.objects.filter(accountability=case), request.user).select_related(
            "case"
        )
    )
    return render(
        request,
        "meetings/accountability/detail.html",
        {
            "case": case, "rule_label": acc.rule_label(case), "source_alert": alert_id,
            "alerts": alerts, "persons": list(case.persons.all()),
            "may_close": case.status == m.CaseStatus.OPEN
            and access.can_in_org(request.user, "supervise", case.organisation),
        },
        status=status,
    )  # fmt: skip


@login_required
@access.gate(acc.may_read)
def case_detail(request, pk: int):
    try:
        case = _case(request, pk)
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    if request.method != "POST":
        return _detail(request, case)
    try:
        s.case_close(
            actor=Actor.person(request.user),
            case=case,
            conclusion=request.POST.get("conclusion", ""),
        )
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except DomainError as exc:
        messages.error(request, _text(exc))
        return _detail(request, case, status=400)
    messages.success(request, _("问责案件已办结"))
    return redirect("accountability:detail", pk=case.pk)
