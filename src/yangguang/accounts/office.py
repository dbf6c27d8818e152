"""Back-office pages for accounts (``/office/people/``): the list of the staff in scope,
taking on a new member of staff (who receives a one-time password, shown once), and
one person's page: name, organisation and role, a new one-time password, deactivation,
with the posts and leadership terms the person holds. Every write is a service call;
the forms are shown to those the services allow, who are checked again by them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yangguang.accounts import services
from yangguang.accounts.forms import AccountCreateForm, AccountForm
from yangguang.accounts.models import User
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import LeadershipTerm, PostHolding


def _people(user):
    return access.restrict(
        User.objects.select_related("organisation").order_by("organisation__path", "username"),
        user,
    )


def _may_manage(user) -> bool:
    return access.allows(user, "change")


@login_required
def people_list(request):
    return render(
        request,
        "accounts/people_list.html",
        {"people": _people(request.user), "can_create": _may_manage(request.user)},
    )


def _one_time(request, person: User, password: str, *, created: bool):
    """The page that shows a one-time password, once: never cached, never stored."""
    response = render(
        request,
        "accounts/one_time_password.html",
        {"person": person, "password": password, "created": created},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def person_create(request):
    user = request.user
    if not _may_manage(user):
        raise PermissionDenied
    form = AccountCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, password = services.user_onboard(
                actor=Actor.person(user),
                username=data["username"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                role=data["role"],
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _one_time(request, person, password, created=True)
    status = 400 if form.errors else 200
    return render(request, "accounts/person_create.html", {"form": form}, status=status)


def _person(request, pk: int) -> User:
    return get_object_or_404(_people(request.user), pk=pk)


def _detail(request, person: User, *, form=None, status=200):
    user = request.user
    can_change = person.role != "sysadmin" or access.role_of(user) == "sysadmin"
    can_change = can_change and access.can(user, "change", person)
    if form is None and can_change:
        form = AccountForm(
            user=user,
            initial={
                "full_name": person.full_name,
                "organisation": person.organisation,
                "role": person.role,
            },
        )
    holdings = access.restrict(
        PostHolding.objects.filter(user=person).select_related("post", "post__organisation"), user
    ).order_by("-start")
    terms = access.restrict(
        LeadershipTerm.objects.filter(user=person).select_related("organisation"), user
    ).order_by("-start")
    context = {
        "person": person,
        "can_change": can_change,
        "is_self": person.pk == user.pk,
        "form": form,
        "holdings": holdings,
        "terms": terms,
    }
    return render(request, "accounts/person_detail.html", context, status=status)


@login_required
def person_detail(request, pk: int):
    return _detail(request, _person(request, pk))


@login_required
@require_POST
def person_update(request, pk: int):
    person = _person(request, pk)
    form = AccountForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in ("full_name", "organisation", "role")
            if data[name] != getattr(person, name)
        }
        try:
            if changes:
                services.user_update(actor=Actor.person(request.user), user=person, **changes)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("账号已保存。"))
            return redirect("backoffice:person", pk=person.pk)
    return _detail(request, person, form=form, status=400)


@login_required
@require_POST
@never_cache
def person_password_reset(request, pk: int):
    person = _person(request, pk)
    try:
        person, password = services.user_password_reset(
            actor=Actor.person(request.user), user=person
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.text())
        return redirect("backoffice:person", pk=person.pk)
    return _one_time(request, person, password, created=False)


@login_required
@require_POST
def person_deactivate(request, pk: int):
    person = _person(request, pk)
    try:
        services.user_deactivate(actor=Actor.person(request.user), user=person)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.text())
    else:
        messages.success(request, _("账号已停用。"))
    return redirect("backoffice:person", pk=person.pk)
