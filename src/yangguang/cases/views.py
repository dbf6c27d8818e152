"""Back-office pages of cases (``/office/cases/``): the scoped case list, registering a
case, the case page (steps, times, holders, documents, fees, alerts, handovers) with
its forms, and the alert list with the correction workflow. Every write is a service
call; a case outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.accounts.models import User
from yangguang.cases import history, penalty_page, register_help, selectors, services
from yangguang.cases.common import engine_of
from yangguang.cases.models import CaseStatus, Channel, Rule, Step
from yangguang.cases.views_alerts import alert_action, alert_list  # noqa: F401 (urls)
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.flows.models import ProcessModel, ProcessStatus
from yangguang.powers.models import PowerItem


def _fail(request, exc: DomainError) -> None:
    messages.error(request, exc.text())


def _posted_key(request, name: str) -> int:
    """The key a form posted under ``name``; 0 (which matches nothing) for anything that is
    not a whole number a key can be (``abc``, 20 digits)."""
    text = (request.POST.get(name) or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0


def _case(request, pk: int):
    case = selectors.case_detail(user=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


def _registrable_powers(user):
    """Powers with a published flowchart in the organisations where ``user`` operates."""
    published = ProcessModel.objects.filter(status=ProcessStatus.PUBLISHED).values("power_id")
    powers = PowerItem.objects.filter(pk__in=published).select_related("power_list__organisation")
    return [p for p in powers if access.can_in_org(user, "operate", p.power_list.organisation)]


@login_required
def case_list(request):
    qs = selectors.cases(user=request.user)
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(number__icontains=q) | qs.filter(applicant__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page, "status": status, "q": q, "statuses": CaseStatus.choices,
            "can_register": access.allows(request.user, "operate"),
        },
    )  # fmt: skip


@login_required
def case_register(request):
    powers = _registrable_powers(request.user)
    if not powers and not access.allows(request.user, "operate"):
        raise Http404
    if request.method == "POST":
        power = next((p for p in powers if str(p.pk) == request.POST.get("power")), None)
        if power is None:
            messages.error(request, _("请选择事项"))
        else:
            try:
                case = services.case_register(
                    actor=Actor.person(request.user),
                    power=power,
                    applicant=request.POST.get("applicant", ""),
                    applicant_contact=request.POST.get("applicant_contact", ""),
                    subject=request.POST.get("subject", ""),
                    channel=request.POST.get("channel", Channel.WINDOW),
                )
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(
                    request,
                    f"已登记 {case.number}, 查询码 {case.query_code} "
                    f"(registered; query code, shown once)",
                )
                return redirect("cases:detail", pk=case.pk)
    channels = [c for c in Channel.choices if c[0] != Channel.API]
    why = None if powers else register_help.why_empty(request.user)  # say why, and what to do
    return render(
        request, "cases/register.html", {"powers": powers, "channels": channels, "why": why}
    )


@login_required
def case_detail(request, pk: int):
    case = _case(request, pk)
    _compiled, engine = engine_of(case.process)
    steps = list(selectors.steps_of(case))
    open_steps = []
    for step in steps:
        if step.status == "open":
            open_steps.append(
                {
                    "step": step,
                    "holders": selectors.holders(step),
                    "decisions": engine.decisions(step.node_key),
                    "penalty": penalty_page.form_for(case, step),
                }
            )
    alerts = list(
        case.alerts.select_related("step", "responsible", "assignee", "accountability").order_by(
            "-detected_at"
        )
    )
    lines = history.histories(alerts)
    english = (get_language() or "").startswith("en")
    for a in alerts:
        a.text_zh, a.text_en = selectors.alert_text(a)
        a.text, a.history = (a.text_en if english else a.text_zh), lines[a.pk]
    can_operate = case.is_open and access.can(request.user, "operate", case)
    staff = []
    if can_operate:
        staff = list(
            User.objects.filter(is_active=True, organisation__isnull=False)
            .select_related("organisation")
            .filter(organisation__path__startswith=case.organisation.path)
            .order_by("username")
        )
    penalties = penalty_page.decided(case)
    return render(
        request,
        "cases/detail.html",
        {
            "penalties": penalties,
            "case": case, "steps": steps, "open_steps": open_steps, "alerts": alerts,
            "documents": case.documents.select_related("step"), "fees": case.fees.all(),
            "handovers": case.handovers.select_related("from_user", "to_user"),
            "pauses": case.pauses.all(), "can_operate": can_operate, "staff": staff,
            "outcomes": [c for c in CaseStatus.choices if c[0] != CaseStatus.OPEN],
        },
    )  # fmt: skip


def _post_action(request, pk: int, call) -> object:
    case = _case(request, pk)
    try:
        call(case, Actor.person(request.user))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已保存"))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def step_complete(request, pk: int):
    def call(case, actor):
        step = Step.objects.filter(case=case, pk=_posted_key(request, "step")).first()
        if step is None:
            raise DomainError(
                code="unknown_step", field="step", zh="请选择环节", en="choose a step"
            )
        choices = [v for k, v in request.POST.items() if k.startswith("choice_") and v]
        fine = penalty_page.form_input(request.POST)
        services.step_complete(
            actor=actor, step=step, choices=choices, note=request.POST.get("note", ""), **fine
        )

    return _post_action(request, pk, call)


@login_required
@require_POST
def document_attach(request, pk: int):
    def call(case, actor):
        step = Step.objects.filter(case=case, pk=_posted_key(request, "step")).first()
        upload = request.FILES.get("file")
        if step is None or upload is None:
            raise DomainError(
                code="document", field="file", zh="请选择环节和文件", en="choose a step and a file"
            )
        services.document_attach(actor=actor, step=step, file=upload)

    return _post_action(request, pk, call)


@login_required
@require_POST
def fee_record(request, pk: int):
    def call(case, actor):
        services.fee_record(
            actor=actor,
            case=case,
            item=request.POST.get("item", ""),
            amount=request.POST.get("amount", ""),
        )

    return _post_action(request, pk, call)


@login_required
@require_POST
def handover(request, pk: int):
    def call(case, actor):
        to = User.objects.filter(pk=_posted_key(request, "to")).first()
        if to is None:
            raise DomainError(
                code="handover_to", field="to", zh="请选择接收人", en="choose a person"
            )
        services.responsibility_handover(
            actor=actor, case=case, to=to, reason=request.POST.get("reason", "")
        )

    return _post_action(request, pk, call)


@login_required
@require_POST
def finish(request, pk: int):
    def call(case, actor):
        services.case_finish(
            actor=actor,
            case=case,
            outcome=request.POST.get("outcome", ""),
            reasons=request.POST.get("reasons", ""),
        )

    return _post_action(request, pk, call)


@login_required
def rules(request):
    """Supervision rule settings (the commission and system administrators)."""
    from yangguang.cases.models import SupervisionRule
    from yangguang.cases.rules import DEFAULTS
    from yangguang.orgs.models import Organisation

    if not access.allows(request.user, "supervise"):
        raise Http404
    orgs = [
        o
        for o in Organisation.objects.order_by("path")
        if access.can_in_org(request.user, "supervise", o)
    ]
    powers = PowerItem.objects.filter(power_list__organisation__in=orgs).select_related(
        "power_list__organisation"
    )
    if request.method == "POST":
        p = request.POST
        org = next((o for o in orgs if str(o.pk) == p.get("organisation")), None)
        power = powers.filter(pk=p.get("power") or 0).first() if p.get("power") else None
        threshold = (p.get("threshold") or "").strip()
        try:
            if org is None:
                raise DomainError(
                    code="organisation", field="organisation", zh="请选择单位", en="choose one"
                )
            if threshold and not threshold.isdigit():
                raise DomainError(
                    code="threshold", field="threshold", zh="阈值须为整数", en="a whole number"
                )
            services.supervision_rule_set(
                actor=Actor.person(request.user), organisation=org, rule=p.get("rule", ""),
                power=power, enabled=bool(p.get("enabled")), automatic=bool(p.get("automatic")),
                threshold=int(threshold) if threshold else None,
            )  # fmt: skip
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("cases:rules")
    defaults = [(value, label, DEFAULTS[value]) for value, label in Rule.choices]
    rows = SupervisionRule.objects.filter(organisation__in=orgs).select_related(
        "organisation", "power"
    )
    return render(
        request,
        "cases/rules.html",
        {"defaults": defaults, "rows": rows, "orgs": orgs, "powers": powers, "rules": Rule.choices},
    )


@login_required
def enquiries(request):
    """Enquiries (咨询) with their first responsible person (首问负责): receive one, hand
    one over on record."""
    from yangguang.cases.models import Enquiry

    qs = access.restrict(
        Enquiry.objects.select_related("organisation", "responsible", "power"), request.user
    )
    if request.method == "POST":
        actor, p = Actor.person(request.user), request.POST
        try:
            if p.get("action") == "handover":
                enquiry = (
                    access.restrict(Enquiry.objects.all(), request.user, "operate")
                    .filter(pk=p.get("enquiry") or 0)
                    .first()
                )
                to = User.objects.filter(pk=p.get("to") or 0).first()
                if enquiry is None or to is None:
                    raise DomainError(
                        code="handover", field="to", zh="请选择咨询和接收人", en="choose both"
                    )
                services.responsibility_handover(
                    actor=actor, enquiry=enquiry, to=to, reason=p.get("reason", "")
                )
            else:
                org = request.user.organisation
                if org is None:
                    raise DomainError(
                        code="organisation", field=None, zh="没有所属单位", en="no organisation"
                    )
                services.enquiry_receive(
                    actor=actor, organisation=org, person=p.get("person", ""),
                    subject=p.get("subject", ""),
                )  # fmt: skip
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("cases:enquiries")
    staff = []
    if request.user.organisation_id and access.allows(request.user, "operate"):
        staff = list(
            User.objects.filter(
                is_active=True, organisation__path__startswith=request.user.organisation.path
            ).order_by("username")
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/enquiries.html",
        {"page": page, "staff": staff, "can_operate": bool(staff)},
    )
