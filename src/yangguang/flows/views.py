"""Back-office pages: the list of powers with their charts, the step and risk editor
(plain forms, htmx for inline step edits), chart, poster, BPMN and catalogue downloads."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.flows import rules, selectors
from yangguang.flows import services as s
from yangguang.flows.bpmn import export_bpmn
from yangguang.flows.catalogue import render_xlsx
from yangguang.flows.compiled import from_db
from yangguang.flows.models import (
    Flow,
    LimitUnit,
    Measure,
    MeasureStatus,
    Node,
    ProcessModel,
    ReviewState,
    RiskPoint,
    SodGroup,
    Visibility,
)
from yangguang.flows.pdf import render_catalogue, render_poster
from yangguang.flows.svg import render_svg
from yangguang.flows.validation import topological
from yangguang.orgs.models import Post
from yangguang.powers.models import PowerItem


def _model(request, pk: int, *, internal: bool = True) -> ProcessModel:
    """A chart the user may open: as an insider (its organisation, the bodies above it,
    the commission over it), or, ``internal=False``, a published one by its external view."""
    return get_object_or_404(selectors.process_models(user=request.user, internal=internal), pk=pk)


def _int(value, default=None):
    """A whole number posted by a form, within 64 bits (what a key or a column holds)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):  # also an integer of thousands of digits
        return default
    return number if -(2**63) <= number < 2**63 else default


def _step_fields(request, process: ProcessModel) -> dict:
    post_id = _int(request.POST.get("post"))
    post = Post.objects.filter(pk=post_id).first() if post_id else None
    return {
        "post": post,
        "lane": request.POST.get("lane", ""),
        "limit_days": _int(request.POST.get("limit_days")),
        "limit_unit": request.POST.get("limit_unit") or "working",
        "pauses_clock": request.POST.get("pauses_clock") == "on",
        "visibility": request.POST.get("visibility") or "external",
        "materials": request.POST.get("materials", ""),
        "outputs": request.POST.get("outputs", ""),
    }


@login_required
def office_list(request):
    powers = (
        access.restrict(PowerItem.objects.all(), request.user)
        .select_related("power_list__organisation", "type")
        .order_by("power_list__organisation__path", "code")
    )
    current = {p.power_id: p for p in selectors.current_models(user=request.user)}
    rows = []
    for power in powers[:500]:
        model = current.get(power.pk)
        rows.append(
            {
                "power": power,
                "model": model,
                "grade": selectors.grade_of(model).effective if model else None,
                "editable": rules.is_editor(request.user, power.power_list.organisation),
            }
        )
    return render(request, "flows/office_list.html", {"rows": rows})


@login_required
@require_POST
def model_create(request, power_pk: int):
    power = get_object_or_404(access.restrict(PowerItem.objects.all(), request.user), pk=power_pk)
    try:
        upload = request.FILES.get("bpmn")
        if upload:
            # the service refuses it by its size, then reads it in chunks
            process = s.import_bpmn(actor=Actor.person(request.user), power=power, xml_bytes=upload)
        else:
            process = s.process_create(
                actor=Actor.person(request.user),
                power=power,
                template=request.POST.get("template", "basic"),
            )
    except ValidationError as exc:
        messages.error(request, _message(exc))
        return redirect("flows_office:list")
    return redirect("flows_office:editor", process.pk)


def _message(exc: ValidationError) -> str:
    return exc.text() if isinstance(exc, DomainError) else "; ".join(exc.messages)


def _ordered_nodes(process: ProcessModel, compiled) -> list[Node]:
    nodes = {n.key: n for n in process.nodes.select_related("post")}
    starts = compiled.starts
    if not starts:
        return list(nodes.values())
    from yangguang.flows.validation import dag

    order = topological(dag(compiled, starts[0]))
    rest = [k for k in nodes if k not in order]
    return [nodes[k] for k in [*order, *rest]]


@login_required
def editor(request, pk: int):
    process = _model(request, pk)
    compiled = from_db(process)
    org = process.power.power_list.organisation
    nodes = _ordered_nodes(process, compiled)
    risks = {}
    for r in (
        RiskPoint.objects.filter(node__process=process)
        .select_related("responsible_post", "responsible_user")
        .prefetch_related("measures__evidence")
    ):
        risks.setdefault(r.node_id, []).append(r)
    for n in nodes:
        n.risk_list = risks.get(n.pk, [])
    context = {
        "process": process,
        "power": process.power,
        "nodes": nodes,
        "tasks": [n for n in nodes if n.kind == "task"],
        "flows": process.flows.select_related("source", "target"),
        "splits": [
            n for n in nodes if n.kind in ("xor", "and") and len(compiled.successors[n.key]) > 1
        ],
        "sod_groups": process.sod_groups.prefetch_related("tasks"),
        "problems": selectors.problems(process, compiled),
        "grade": selectors.grade_of(process),
        "versions": process.power.process_models.order_by("-version"),
        "steps": process.review_steps.all(),
        "posts": Post.objects.filter(organisation=org),
        "editable": not process.is_published and rules.is_editor(request.user, org),
        "can_edit_org": rules.is_editor(request.user, org),
        "is_leader": rules.is_leader_of(request.user, org),
        "review_states": ReviewState.choices,
        "units": LimitUnit.choices,
        "visibilities": Visibility.choices,
        "measure_statuses": MeasureStatus.choices,
        "grades": ["A", "B", "C"],
        "scores": range(1, 6),
    }
    return render(request, "flows/editor.html", context)


@login_required
def step_row(request, pk: int, node_pk: int):
    """htmx: a step's row (GET ``?edit=1`` for its inline form; POST saves it)."""
    process = _model(request, pk)
    node = get_object_or_404(process.nodes.select_related("post"), pk=node_pk)
    org = process.power.power_list.organisation
    context = {
        "process": process,
        "n": node,
        "posts": Post.objects.filter(organisation=org),
        "units": LimitUnit.choices,
        "visibilities": Visibility.choices,
        "editable": not process.is_published and rules.is_editor(request.user, org),
    }
    if request.method == "POST":
        fields = {"name": request.POST.get("name", node.name)}
        if node.kind == "task":
            fields |= _step_fields(request, process)
        try:
            node = s.step_update(actor=Actor.person(request.user), node=node, **fields)
        except ValidationError as exc:
            context["error"] = _message(exc)
            return render(request, "flows/_step_form.html", context)
        context["n"] = node
        if not request.headers.get("HX-Request"):
            return redirect("flows_office:editor", process.pk)
    elif request.GET.get("edit"):
        return render(request, "flows/_step_form.html", context)
    return render(request, "flows/_step_row.html", context)


def _date(value: str | None):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def action(request, pk: int, name: str):
    """One editor action (a form post): calls the matching service, then back to the
    editor with the outcome."""
    process = _model(request, pk)
    actor = Actor.person(request.user)
    post = request.POST

    def node(field="node") -> Node:
        return get_object_or_404(process.nodes, pk=_int(post.get(field)))

    def flow() -> Flow:
        return get_object_or_404(process.flows, pk=_int(post.get("flow")))

    def risk() -> RiskPoint:
        return get_object_or_404(RiskPoint, node__process=process, pk=_int(post.get("risk")))

    def measure() -> Measure:
        return get_object_or_404(
            Measure, risk_point__node__process=process, pk=_int(post.get("measure"))
        )

    def branches() -> list[dict]:
        names = [n.strip() for n in post.getlist("branch_name")]
        conds = post.getlist("branch_condition")
        posts = post.getlist("branch_post")
        limits = post.getlist("branch_limit")
        out = []
        for i, nm in enumerate(names):
            if not nm:
                continue
            pid = _int(posts[i] if i < len(posts) else None)
            out.append(
                {
                    "name": nm,
                    "condition": conds[i] if i < len(conds) else "",
                    "post": Post.objects.filter(pk=pid).first() if pid else None,
                    "limit_days": _int(limits[i] if i < len(limits) else None),
                }
            )
        return out

    handlers = {
        "update": lambda: s.process_update(
            actor=actor,
            process=process,
            name=post.get("name"),
            statutory_limit=_int(post.get("statutory_limit"), 0),
            promised_limit=_int(post.get("promised_limit"), 0),
        ),
        "publish": lambda: s.process_publish(actor=actor, process=process),
        "new_version": lambda: s.process_new_version(actor=actor, process=process),
        "discard": lambda: s.process_discard(actor=actor, process=process),
        "step_insert": lambda: s.step_insert(
            actor=actor, flow=flow(), name=post.get("name", ""), **_step_fields(request, process)
        ),
        "branch_insert": lambda: s.branch_insert(
            actor=actor,
            flow=flow(),
            kind=post.get("kind", "choice"),
            name=post.get("gateway_name", ""),
            branches=branches(),
            skip_condition=post.get("skip_condition", ""),
        ),
        "branch_add": lambda: s.branch_add(
            actor=actor,
            gateway=node("gateway"),
            name=post.get("name", ""),
            condition=post.get("condition", ""),
            **_step_fields(request, process),
        ),
        "loop_insert": lambda: s.loop_insert(
            actor=actor,
            flow=flow(),
            back_to=node("back_to"),
            name=post.get("name", ""),
            gateway_name=post.get("gateway_name", ""),
            condition=post.get("condition", ""),
            exit_condition=post.get("exit_condition", ""),
            post=Post.objects.filter(pk=_int(post.get("post"))).first(),
            limit_days=_int(post.get("limit_days")),
        ),
        "step_delete": lambda: s.step_delete(actor=actor, node=node()),
        "step_up": lambda: s.step_move(actor=actor, node=node(), direction="up"),
        "step_down": lambda: s.step_move(actor=actor, node=node(), direction="down"),
        "flow_update": lambda: s.flow_update(
            actor=actor,
            flow=flow(),
            condition=post.get("condition", ""),
            is_default=post.get("is_default") == "on",
        ),
        "sod_set": lambda: s.sod_set(
            actor=actor,
            process=process,
            name=post.get("name", ""),
            tasks=list(process.nodes.filter(pk__in=[_int(v) for v in post.getlist("tasks")])),
        ),
        "sod_delete": lambda: s.sod_delete(
            actor=actor,
            group=get_object_or_404(SodGroup, process=process, pk=_int(post.get("group"))),
        ),
        "risk_add": lambda: s.risk_point_add(
            actor=actor,
            node=node(),
            description=post.get("description", ""),
            grade=post.get("grade", ""),
            likelihood=_int(post.get("likelihood"), 3),
            impact=_int(post.get("impact"), 3),
            responsible_post=Post.objects.filter(pk=_int(post.get("responsible_post"))).first(),
            review_date=_date(post.get("review_date")),
        ),
        "risk_delete": lambda: s.risk_point_delete(actor=actor, risk_point=risk()),
        "risk_update": lambda: s.risk_point_update(
            actor=actor,
            risk_point=risk(),
            **{k: post[k] for k in ("description", "grade") if k in post},
            **{k: _int(post[k]) for k in ("likelihood", "impact") if k in post},
        ),
        "measure_add": lambda: s.measure_add(
            actor=actor,
            risk_point=risk(),
            description=post.get("description", ""),
            owner=post.get("owner", ""),
            status=post.get("status", "planned"),
        ),
        "measure_status": lambda: s.measure_update(
            actor=actor, measure=measure(), status=post.get("status")
        ),
        "measure_delete": lambda: s.measure_delete(actor=actor, measure=measure()),
        "evidence": lambda: s.evidence_attach(
            actor=actor, measure=measure(), file=request.FILES["file"]
        ),
        "grade_override": lambda: s.grade_override(
            actor=actor, process=process, grade=post.get("grade", ""), reason=post.get("reason", "")
        ),
        "review_advance": lambda: s.risk_review_advance(
            actor=actor, process=process, note=post.get("note", "")
        ),
        "review_return": lambda: s.risk_review_return(
            actor=actor, process=process, reason=post.get("note", "")
        ),
    }
    if name not in handlers:
        return HttpResponseBadRequest("unknown action")
    if name == "evidence" and "file" not in request.FILES:
        messages.error(request, _("请选择文件"))
        return redirect("flows_office:editor", process.pk)
    try:
        result = handlers[name]()
    except ValidationError as exc:
        messages.error(request, _message(exc))
        return redirect("flows_office:editor", process.pk)
    messages.success(request, _("已保存"))
    if name == "new_version":
        return redirect("flows_office:editor", result.pk)
    if name == "discard":
        return redirect("flows_office:list")
    return redirect("flows_office:editor", process.pk)


def _chart(process: ProcessModel, view: str):
    compiled = from_db(process)
    if view == "external":
        compiled = compiled.external_view()
    kind = "外部流程图" if view == "external" else "内部流程图"
    return compiled, f"{process.power.name} · {kind}(第{process.version}版)"


@login_required
def chart_svg(request, pk: int):
    view = "external" if request.GET.get("view") == "external" else "internal"
    process = _model(request, pk, internal=view == "internal")
    compiled, title = _chart(process, view)
    svg = render_svg(compiled, title=title, internal=view == "internal")
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def poster_response(process: ProcessModel, view: str) -> HttpResponse:
    compiled, _title = _chart(process, view)
    power = process.power
    org = power.power_list.organisation
    title = f"{power.name}权力运行流程图及廉政风险防控图"
    limits = []
    if process.statutory_limit:
        limits.append(f"法定时限 {process.statutory_limit} 个工作日")
    if process.promised_limit:
        limits.append(f"承诺时限 {process.promised_limit} 个工作日")
    subtitle = " ".join([org.name, power.code, *limits])
    footer = f"监督投诉: {power.complaint_channel}" if power.complaint_channel else ""
    pdf = render_poster(
        compiled, title=title, subtitle=subtitle, footer=footer, internal=view == "internal"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{power.code}-v{process.version}.pdf"'
    return response


@login_required
def poster(request, pk: int):
    view = "external" if request.GET.get("view") == "external" else "internal"
    process = _model(request, pk, internal=view == "internal")
    return poster_response(process, view)


@login_required
def bpmn(request, pk: int):
    process = _model(request, pk)
    xml = export_bpmn(from_db(process, with_risks=False))
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{process.power.code}-v{process.version}.bpmn"'
    )
    return response


def catalogue_response(rows, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        body = render_xlsx(rows)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, ctype = render_catalogue(rows), "application/pdf"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="risk-catalogue.{fmt}"'
    return response


@login_required
def catalogue(request, fmt: str):
    rows = selectors.catalogue(selectors.current_models(user=request.user))
    return catalogue_response(rows, fmt)
