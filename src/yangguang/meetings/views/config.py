"""The organisation's rules of procedure (议事规则, kept by its administrators) and the
commission's integrity records (廉政档案, kept by its inspectors). Every write is a
service call, which checks the access; a refusal lands on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.meetings import forms as f
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.meetings import vetting
from yangguang.orgs.models import Organisation


def _changeable_orgs(user):
    """The organisations whose rules ``user`` may change (the service's access)."""
    qs = Organisation.objects.order_by("path")
    if access.role_of(user) == Role.SYSADMIN:
        return qs
    root = access.scope_root(user)
    return qs.filter(path__startswith=root.path) if root else qs.none()


@login_required
@require_http_methods(["GET", "POST"])
def decision_rules(request):
    """An organisation's 议事规则 and its catalogue of 三重一大 matters."""
    user = request.user
    if not access.allows(user, "change"):
        raise PermissionDenied
    orgs = _changeable_orgs(user)
    code = request.GET.get("org") or getattr(user.organisation, "code", "")
    org = orgs.filter(code=code).first() or (None if request.GET.get("org") else orgs.first())
    if org is None:
        raise Http404
    rules = m.DecisionRules.objects.filter(organisation=org).first() or m.DecisionRules(
        organisation=org
    )
    initial = {
        name: getattr(rules, name)
        for name in ("personnel_quorum", "notice_days", "minutes_days", "decision_window_days")
    }
    form = f.DecisionRulesForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            s.decision_rules_set(actor=Actor.person(user), organisation=org, **form.cleaned_data)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("议事规则已保存"))
            return redirect(reverse("meetings:rules") + f"?org={org.code}")
    context = {
        "org": org,
        "orgs": orgs,
        "form": form,
        "saved": rules.pk is not None,
        "matters": m.CatalogueMatter.objects.filter(organisation=org),
    }
    return render(request, "meetings/config/rules.html", context)


def _require_commission(user) -> None:
    """Only the commission's inspectors (and administrators) keep integrity records,
    as the services require."""
    if access.role_of(user) not in {Role.INSPECTOR, Role.SYSADMIN}:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def integrity_records(request):
    """The integrity records of the people in the inspector's jurisdiction: add one,
    end one."""
    user = request.user
    _require_commission(user)
    op = request.POST.get("op", "") if request.method == "POST" else ""
    create = f.IntegrityForm(request.POST if op == "create" else None, user=user)
    end = f.IntegrityEndForm(request.POST if op == "end" else None, user=user)
    actor = Actor.person(user)
    form = {"create": create, "end": end}.get(op)
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if op == "create":
                s.integrity_record_create(
                    actor=actor,
                    person=d["person"],
                    kind=d["kind"],
                    start=d["start"],
                    end=d["end"],
                    source=d["source"],
                    note=d["note"],
                )
            else:
                s.integrity_record_end(actor=actor, record=d["record"], end=d["end"])
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("廉政档案记录已保存"))
            return redirect("meetings:integrity")
    elif op and form is None:
        raise Http404
    if op == "end" and end.errors:  # the row's small form: its errors above the list
        messages.error(request, " ".join(str(e) for errs in end.errors.values() for e in errs))
    kinds = vetting.kinds()
    english = (translation.get_language() or "").startswith("en")

    def kind_label(code: str) -> str:
        kind = kinds.get(code)
        return code if kind is None else kind.en if english else kind.zh

    rows = [
        {"record": r, "kind": kind_label(r.kind)}
        for r in access.restrict(
            m.IntegrityRecord.objects.select_related("person", "organisation"), user
        ).order_by("end", "-start", "pk")[:300]
    ]
    context = {"rows": rows, "form": create, "end_form": end}
    return render(request, "meetings/config/integrity.html", context)
