"""Back-office pages for posts (``/office/posts/``) and leadership
(``/office/orgs/<code>/leadership/``): creating a post and changing its risk grade,
rotation period and holder role; giving it to a person and releasing the holding;
appointing a principal or deputy and ending the term; the areas in a leader's charge
(分管) and the exemptions that let a principal take a restricted one. Every write is a
service call (which checks permission again); the forms are offered to the roles the
services allow. The per-term forms answer htmx requests with the term's block only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs import services
from yangguang.orgs.forms import (
    AppointForm,
    AssignForm,
    ChargeForm,
    EndForm,
    ExemptionForm,
    PostCreateForm,
    PostForm,
)
from yangguang.orgs.models import (
    Charge,
    Exemption,
    LeadershipTerm,
    Organisation,
    Post,
    PostHolding,
)
from yangguang.orgs.selectors import exemption_approvers, rotation_due


def _actor(request) -> Actor:
    return Actor.person(request.user)


def _denied(exc: PermissionDeniedError):
    raise PermissionDenied(exc.text()) from exc


# --- posts ------------------------------------------------------------------------------


def _posts(user):
    return access.restrict(Post.objects.select_related("organisation"), user)


@login_required
def post_list(request):
    posts = _posts(request.user).order_by("organisation__path", "code")
    return render(
        request,
        "orgs/post_list.html",
        {"posts": posts, "can_create": access.allows(request.user, "change")},
    )


@login_required
def post_create(request):
    user = request.user
    if not access.allows(user, "change"):
        raise PermissionDenied
    initial = {"organisation": request.GET.get("organisation")}
    form = PostCreateForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(actor=_actor(request), **data)
        except PermissionDeniedError as exc:
            _denied(exc)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("岗位已创建。"))
            return redirect("backoffice:post_detail", pk=post.pk)
    status = 400 if form.errors else 200
    return render(request, "orgs/post_create.html", {"form": form}, status=status)


def _post_page(request, post: Post, *, edit=None, assign=None, release=None, status=200):
    user = request.user
    can_change = access.can(user, "change", post)
    holdings = access.restrict(post.holdings.select_related("user"), user).order_by("-start")
    today = timezone.localdate()
    if can_change:
        edit = edit or PostForm(
            initial={
                f: getattr(post, f)
                for f in ("code", "name", "risk_grade", "rotation_months", "holder_role", "duties")
            }
        )
        assign = assign or AssignForm(organisation=post.organisation)
    due = {h.pk for h in rotation_due(post=post, on=today)}
    rows = []
    for h in holdings:
        form = None
        if can_change and (h.end is None or h.end >= today):
            bound = release is not None and release.prefix == f"release-{h.pk}"
            form = release if bound else EndForm(prefix=f"release-{h.pk}")
        rows.append({"holding": h, "release": form, "due": h.pk in due})
    context = {
        "post": post,
        "rows": rows,
        "can_change": can_change,
        "edit_form": edit,
        "assign_form": assign,
    }
    return render(request, "orgs/post_detail.html", context, status=status)


def _post(request, pk: int) -> Post:
    return get_object_or_404(_posts(request.user), pk=pk)


@login_required
def post_detail(request, pk: int):
    return _post_page(request, _post(request, pk))


@login_required
@require_POST
def post_update(request, pk: int):
    post = _post(request, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != getattr(post, k)}
        try:
            if changes:
                services.post_update(actor=_actor(request), post=post, **changes)
        except PermissionDeniedError as exc:
            _denied(exc)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("岗位已保存。"))
            return redirect("backoffice:post_detail", pk=post.pk)
    return _post_page(request, post, edit=form, status=400)


@login_required
@require_POST
def post_assign(request, pk: int):
    post = _post(request, pk)
    form = AssignForm(request.POST, organisation=post.organisation)
    if form.is_valid():
        try:
            services.post_assign(actor=_actor(request), post=post, **form.cleaned_data)
        except PermissionDeniedError as exc:
            _denied(exc)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("已任岗。"))
            return redirect("backoffice:post_detail", pk=post.pk)
    return _post_page(request, post, assign=form, status=400)


@login_required
@require_POST
def holding_release(request, pk: int):
    holding = get_object_or_404(
        access.restrict(PostHolding.objects.select_related("post__organisation"), request.user),
        pk=pk,
    )
    form = EndForm(request.POST, prefix=f"release-{holding.pk}")
    if form.is_valid():
        try:
            services.post_release(
                actor=_actor(request), holding=holding, end=form.cleaned_data["end"]
            )
        except PermissionDeniedError as exc:
            _denied(exc)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("已离岗。"))
            return redirect("backoffice:post_detail", pk=holding.post_id)
    return _post_page(request, holding.post, release=form, status=400)


# --- leadership -------------------------------------------------------------------------


def _org_in_scope(request, code: str) -> Organisation:
    org = get_object_or_404(Organisation, code=code)
    if not access.can_in_org(request.user, "view", org):
        raise PermissionDenied
    return org


def _rights(user, org: Organisation) -> dict[str, bool]:
    change = access.can_in_org(user, "change", org)
    return {
        "can_change": change,
        "can_exempt": change or access.can_in_org(user, "supervise", org),
    }


def _terms(user, org: Organisation):
    charges = access.restrict(Charge.objects.order_by("area", "label"), user)
    exemptions = access.restrict(
        Exemption.objects.select_related("approver").order_by("-approved_on"), user
    )
    return access.restrict(
        LeadershipTerm.objects.filter(organisation=org)
        .select_related("user")
        .prefetch_related(
            Prefetch("charges", queryset=charges, to_attr="visible_charges"),
            Prefetch("exemptions", queryset=exemptions, to_attr="visible_exemptions"),
        )
        .order_by("end", "role", "start"),
        user,
    )


def _term_context(request, org, term, bound=None, approvers=None) -> dict:
    """One term's block: its charges and exemptions, and its forms (one may be bound)."""
    bound = bound or {}
    rights = _rights(request.user, org)
    is_principal = term.role == "principal"
    forms = {}
    if term.end is None or term.end >= timezone.localdate():
        if rights["can_change"]:
            forms["end"] = bound.get("end") or EndForm(prefix=f"end-{term.pk}")
            forms["charge"] = bound.get("charge") or ChargeForm(prefix=f"charge-{term.pk}")
        if is_principal and rights["can_exempt"]:
            forms["exemption"] = bound.get("exemption") or ExemptionForm(
                prefix=f"ex-{term.pk}",
                approvers=approvers if approvers is not None else exemption_approvers(org),
            )
    today = timezone.localdate()
    return {
        "org": org,
        "term": term,
        "forms": forms,
        "today": today,
        **rights,
    }


@login_required
def leadership(request, code: str, *, bound_term=None, bound=None, appoint=None, status=200):
    org = _org_in_scope(request, code)
    rights = _rights(request.user, org)
    approvers = exemption_approvers(org) if rights["can_exempt"] else []
    blocks = [
        _term_context(request, org, t, bound if bound_term == t.pk else None, approvers=approvers)
        for t in _terms(request.user, org)
    ]
    if rights["can_change"]:
        appoint = appoint or AppointForm(organisation=org)
    context = {"org": org, "blocks": blocks, "appoint_form": appoint, **rights}
    return render(request, "orgs/leadership.html", context, status=status)


@login_required
@require_POST
def leadership_appoint(request, code: str):
    org = _org_in_scope(request, code)
    form = AppointForm(request.POST, organisation=org)
    if form.is_valid():
        try:
            services.leadership_appoint(
                actor=_actor(request), organisation=org, **form.cleaned_data
            )
        except PermissionDeniedError as exc:
            _denied(exc)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("已任命。"))
            return redirect("orgs:leadership", code=org.code)
    return leadership(request, code, appoint=form, status=400)


def _term(request, pk: int) -> LeadershipTerm:
    return get_object_or_404(
        access.restrict(
            LeadershipTerm.objects.select_related("organisation", "user"), request.user
        ),
        pk=pk,
    )


def _term_answer(request, term: LeadershipTerm, kind: str, form, ok_message: str | None):
    """After a per-term form: to htmx, the term's block (fresh, or with the bound form
    and its errors); otherwise back to the page, or the page with the errors."""
    org = term.organisation
    if request.headers.get("HX-Request"):
        fresh = _terms(request.user, org).filter(pk=term.pk).first()
        if fresh is None:  # cannot happen for a term just changed; keep htmx honest
            raise PermissionDenied
        ctx = _term_context(request, org, fresh, None if ok_message else {kind: form})
        ctx["ok_message"] = ok_message
        return render(request, "orgs/_term.html", ctx)
    if ok_message:
        messages.success(request, ok_message)
        return redirect("orgs:leadership", code=org.code)
    return leadership(request, org.code, bound_term=term.pk, bound={kind: form}, status=400)


def _run(form, call) -> bool:
    """Call the service if the form is valid; a refusal goes onto the form."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except PermissionDeniedError as exc:
        _denied(exc)
    except DomainError as exc:
        form.add_domain_error(exc)
        return False
    return True


@login_required
@require_POST
def term_end(request, pk: int):
    term = _term(request, pk)
    form = EndForm(request.POST, prefix=f"end-{term.pk}")
    ok = _run(
        form, lambda d: services.leadership_end(actor=_actor(request), term=term, end=d["end"])
    )
    return _term_answer(request, term, "end", form, _("任期已结束。") if ok else None)


@login_required
@require_POST
def charge_assign(request, pk: int):
    term = _term(request, pk)
    form = ChargeForm(request.POST, prefix=f"charge-{term.pk}")
    ok = _run(form, lambda d: services.charge_assign(actor=_actor(request), term=term, **d))
    return _term_answer(request, term, "charge", form, _("分管已登记。") if ok else None)


@login_required
@require_POST
def charge_remove(request, pk: int):
    charge = get_object_or_404(
        access.restrict(Charge.objects.select_related("term__organisation"), request.user), pk=pk
    )
    term = charge.term
    try:
        services.charge_remove(actor=_actor(request), charge=charge)
    except PermissionDeniedError as exc:
        _denied(exc)
    return _term_answer(request, term, "charge", None, _("分管已取消。"))


@login_required
@require_POST
def exemption_record(request, pk: int):
    term = _term(request, pk)
    form = ExemptionForm(
        request.POST, prefix=f"ex-{term.pk}", approvers=exemption_approvers(term.organisation)
    )
    ok = _run(form, lambda d: services.exemption_record(actor=_actor(request), term=term, **d))
    return _term_answer(request, term, "exemption", form, _("豁免已登记。") if ok else None)
