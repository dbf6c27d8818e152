"""Back-office pages of the power lists: the lists in the user's scope, an
organisation's working list (items with their sub-items), an item, the review report,
export, and the import (upload → column mapping → preview with row errors → commit as a
background task, its progress polled with htmx). Scoped through ``core.access``: what is
out of the user's scope, or a write the user may not do, is a 404. Every write goes
through the services (the import through ``power_items_import``, in the task)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation
from yangguang.powers import rounds, rules, selectors, tasks, whereabouts
from yangguang.powers.excel import cli, columns, jobs, safety, writer
from yangguang.powers.models import PowerItem, PowerList
from yangguang.powers.snapshot import item_data, items_for_snapshot
from yangguang.powers.views.public import present

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _org(user, code: str) -> Organisation:
    org = get_object_or_404(Organisation, code=code)
    if not access.can_in_org(user, "view", org):
        raise Http404
    return org


def _may_edit(user, org: Organisation) -> bool:
    try:
        rules.require_editor(Actor.person(user), org)
    except PermissionDeniedError:
        return False
    return True


def _editable_org(user, code: str) -> Organisation:
    org = _org(user, code)
    if not _may_edit(user, org):
        raise Http404
    return org


def _list_of(user, org: Organisation) -> PowerList | None:
    return selectors.power_lists(user=user).filter(organisation=org).first()


@login_required
def index(request):
    user = request.user
    orgs = [o for o in Organisation.objects.order_by("path") if access.can_in_org(user, "view", o)]
    lists = {p.organisation_id: p for p in selectors.power_lists(user=user)}
    waiting = request.GET.get("waiting", "")
    if waiting:
        group = next((g for g in rounds.waiting_for(user) if g.step == waiting), None)
        wanted = {p.organisation_id for p in group.lists} if group else set()
        orgs = [o for o in orgs if o.pk in wanted]
    rows = []
    for org in orgs:
        power_list = lists.get(org.pk)
        rows.append(
            {
                "org": org,
                "list": power_list,
                "status": rounds.status_text(power_list.status) if power_list else "",
                "count": power_list.items.count() if power_list else 0,
                "versions": power_list.versions.count() if power_list else 0,
                "depth": max(org.path.count("/") - 2, 0),
            }
        )
    query = request.GET.get("q", "").strip()[:100]
    found = _search(user, query) if query else None
    return render(
        request,
        "powers/office/index.html",
        {"rows": rows, "waiting": waiting, "q": query, "found": found},
    )


def _search(user, query: str) -> list[dict]:
    """The powers in force matching ``query`` (as the portal and the API find them),
    each with its office page where the body is in the user's scope."""
    out = []
    for found in whereabouts.powers_in_force(q=query):
        mine = access.can_in_org(user, "view", found.organisation)
        item_pk = found.received.item_id if found.received else None
        if mine and item_pk is None:
            item_pk = (
                PowerItem.objects.filter(
                    power_list__organisation=found.organisation, code=found.code
                )
                .values_list("pk", flat=True)
                .first()
            )
        out.append({"found": found, "mine": mine, "item_pk": item_pk if mine else None})
    return out


@login_required
def working_list(request, code: str):
    user = request.user
    org = _org(user, code)
    power_list = _list_of(user, org)
    mains: list[dict] = []
    if power_list is not None:
        items = list(
            selectors.power_items(user=user, power_list=power_list).select_related("decision")
        )
        subs: dict[int, list[PowerItem]] = {}
        for i in items:
            if i.parent_id:
                subs.setdefault(i.parent_id, []).append(i)
        received = whereabouts.pending_receipts(power_list)
        for i in items:
            i.received_move = received.get(i.pk)
        mains = [{"item": i, "subs": subs.get(i.pk, [])} for i in items if not i.parent_id]
    versions = power_list.versions.order_by("-number") if power_list else []
    return render(
        request,
        "powers/office/list.html",
        {
            "org": org,
            "list": power_list,
            "mains": mains,
            "versions": versions,
            "may_edit": _may_edit(user, org),
            "steps": rounds.allowed_steps(user, power_list) if power_list else frozenset(),
            "status_text": rounds.status_text(power_list.status) if power_list else "",
            "version": selectors.max_version_number(power_list) if power_list else 0,
        },
    )


@login_required
def item(request, code: str, pk: int):
    user = request.user
    org = _org(user, code)
    found = get_object_or_404(
        access.restrict(
            items_for_snapshot(PowerItem.objects.filter(power_list__organisation=org)), user
        ),
        pk=pk,
    )
    return render(
        request,
        "powers/office/item.html",
        {
            "org": org,
            "item": found,
            "data": present(item_data(found)),
            "steps": rounds.allowed_steps(user, found.power_list),
            "received": whereabouts.pending_receipts(found.power_list).get(found.pk),
        },
    )


@login_required
def report(request):
    user = request.user
    full = selectors.review_report(organisation=access.scope_root(user))
    names = {o.name: o for o in Organisation.objects.all()}
    rows = [
        r
        for r in full.rows
        if r.organisation in names and access.can_in_org(user, "view", names[r.organisation])
    ]
    total = selectors.ReviewFigures(organisation="合计")
    for r in rows:
        total.add(r)
    return render(request, "powers/office/report.html", {"rows": rows, "total": total})


@login_required
def export(request, code: str):
    org = _org(request.user, code)
    number = request.GET.get("v")
    if number is not None and not (number.isascii() and number.isdigit()):
        raise Http404
    try:
        items, title = cli.export_items(org, int(number) if number else None)
    except DomainError:
        raise Http404 from None
    suffix = f"v{number}" if number else "draft"
    response = HttpResponse(writer.workbook_bytes(items, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{org.code}-powers-{suffix}.xlsx"'
    return response


# --- import -----------------------------------------------------------------------------


def _job(request, org: Organisation, job_id: str) -> dict:
    state = jobs.load(job_id)
    if state is None or state["org_id"] != org.pk or state["user_id"] != request.user.pk:
        raise Http404
    return state


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, code: str):
    org = _editable_org(request.user, code)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        mapping_file = request.FILES.get("mapping")
        try:
            if upload is None:
                raise DomainError(
                    code="file_required", field="file", zh="请选择文件", en="choose a file"
                )
            safety.check_size(upload.size)
            data = upload.read()
            safety.check_spreadsheet(data)
            override = {}
            if mapping_file is not None:
                if mapping_file.size > 64 * 1024:
                    raise DomainError(
                        code="mapping_invalid",
                        field="mapping",
                        zh="映射文件过大",
                        en="the mapping file is too large",
                    )
                override = columns.load_mapping_file(mapping_file.read())
        except DomainError as exc:
            error = exc.text()
        else:
            state = jobs.create(
                data=data, filename=upload.name, org_id=org.pk, user_id=request.user.pk
            )
            # the worker reads the file and makes the preview; this request does not
            tasks.preview_again(state["id"], override=override)
            return redirect("powers_office:import_job", code=org.code, job=state["id"])
    return render(
        request,
        "powers/office/import_upload.html",
        {"org": org, "error": error, "limit_mb": safety.max_bytes() // safety.MB, **_codes(org)},
    )


def _codes(org: Organisation) -> dict:
    """The organisation's code scheme, for the import page's form."""
    from yangguang.powers import codes

    own = PowerList.objects.filter(organisation=org).values_list("code_format", flat=True)
    return {"scheme": codes.scheme_of_org(org), "own_format": own.first() or ""}


def _override_from(request, state: dict, shown: dict) -> dict:
    """The column mapping chosen on the page (the 实施主体 names mapped so far kept)."""
    chosen = {}
    for column in shown["columns"]:
        value = request.POST.get(f"col_{column['index']}", "")
        chosen[column["letter"]] = value if value in columns.FIELDS else None
    out = {"header_row": shown["header_row"], "columns": chosen, "sheet": shown["sheet"]}
    if (state.get("override") or {}).get("bodies"):
        out["bodies"] = dict(state["override"]["bodies"])
    return out


def _body_choices(user, org: Organisation) -> list[Organisation]:
    """The organisations a 实施主体 name may be mapped to: the importing one first, then
    the others the user may see."""
    others = [
        o
        for o in Organisation.objects.exclude(pk=org.pk).order_by("path")
        if access.can_in_org(user, "view", o)
    ]
    return [org, *others]


def _bodies_from(request, state: dict, shown: dict, choices: list[Organisation]) -> dict:
    """The override with the 实施主体 names mapped on the page added to those before."""
    allowed = {o.code for o in choices}
    override = dict(state.get("override") or {})
    bodies = dict(override.get("bodies") or {})
    for item in shown["unmapped"]:
        value = request.POST.get(f"body_{item['n']}", "")
        if value in allowed:
            bodies[item["name"]] = value
    return {**override, "bodies": bodies}


@login_required
@require_http_methods(["GET", "POST"])
def import_job(request, code: str, job: str):
    """The preview the worker made (stored: nothing is read here), the mapping and
    implementing-body forms that have it made again, and the commit; while the worker
    reads, imports or has finished, the progress."""
    org = _editable_org(request.user, code)
    state = _job(request, org, job)
    if state["status"] == "uploaded":  # a job from before previews were made in the worker
        tasks.preview_again(job)
        state = jobs.load(job) or state
    shown = jobs.load_preview(job) if state["status"] == "preview" else None
    if shown is None:
        return render(
            request, "powers/office/import_progress_page.html", {"org": org, "job": state}
        )
    choices = _body_choices(request.user, org) if shown["unmapped"] else []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "mapping":
            tasks.preview_again(job, override=_override_from(request, state, shown))
        elif action == "bodies" and shown["unmapped"]:
            tasks.preview_again(job, override=_bodies_from(request, state, shown, choices))
        elif action == "commit" and shown["ok"]:
            jobs.update(job, status="queued", queued=timezone.now().isoformat())
            tasks.import_power_list.enqueue(job)
            messages.info(request, _("导入已开始"))
        return redirect("powers_office:import_job", code=org.code, job=job)
    context = {
        "org": org,
        "job": state,
        "plan": shown,
        "columns": shown["columns"],
        "fields": [(k, f"{zh} ({en})") for k, (zh, en) in columns.FIELDS.items()],
        "errors": shown["errors"],
        "warnings": shown["warnings"],
        "derived": shown["derived"],
        "unmapped": shown["unmapped"],
        "body_choices": choices,
        "mapping_file": json.dumps(shown["mapping_file"], ensure_ascii=False, indent=1),
        "summary": shown["summary"],
        "updated": shown["updated"],
    }
    return render(request, "powers/office/import_job.html", context)


@login_required
def import_progress(request, code: str, job: str):
    org = _editable_org(request.user, code)
    state = _job(request, org, job)
    response = render(request, "powers/office/_import_progress.html", {"org": org, "job": state})
    if state["status"] == "preview":  # the preview is ready: the page shows it
        response["HX-Refresh"] = "true"
    return response


def job_url(org: Organisation, state: dict) -> str:
    return reverse("powers_office:import_job", kwargs={"code": org.code, "job": state["id"]})
