"""The office pages of the performance scores (``/office/cases/scores/``): the scores of
the departments and people in the user's scope (the user's own organisation first), how
each score arose (the sheet's lines and the alerts behind them), the scoring sheet's form
(the commission), appeals filed by a department's staff and decided by the commission."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.accounts.models import User
from yangguang.cases.models import Alert
from yangguang.cases.models_scores import AppealStatus, EventKind, ScoreSheet
from yangguang.cases.scores import selectors as sel
from yangguang.cases.scores.calc import cents
from yangguang.cases.scores.effect import appeal_decide_with_effect
from yangguang.cases.services import score_appeal_file, score_sheet_set
from yangguang.core import access, sheets
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation


def said(exc: DomainError) -> str:
    """The refusal in the page's language."""
    return exc.en if (get_language() or "").startswith("en") else exc.zh


def _quarter(request) -> tuple[str, str]:
    """The quarter asked for (default: this one) and, if it is malformed, why."""
    quarter = (request.GET.get("quarter") or sel.current_quarter(timezone.now())).strip().upper()
    try:
        sel.quarter_bounds(quarter)
    except DomainError as exc:
        return sel.current_quarter(timezone.now()), said(exc)
    return quarter, ""


def _kind_labels() -> dict[str, str]:
    return {k: str(label) for k, label in EventKind.choices}


def _org(user, code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None or not access.can_in_org(user, "view", org):
        raise Http404
    return org


@login_required
def score_page(request):
    user = request.user
    if not access.allows(user, "view"):
        raise PermissionDenied
    quarter, problem = _quarter(request)
    chosen = None
    if request.GET.get("org"):
        chosen = _org(user, request.GET["org"])
    result = sel.scores(user=user, quarter=quarter, organisation=chosen)
    own = next((r for r in result["departments"] if r.org_id == user.organisation_id), None)
    own_sheets = (
        ScoreSheet.objects.select_related("organisation")
        .prefetch_related("items")
        .order_by("organisation__path")
    )
    may_set = access.allows(user, "supervise")
    sheets = [s for s in own_sheets if access.can_in_org(user, "view", s.organisation)]
    if own is not None and own.sheet is not None and own.sheet not in sheets:
        sheets.insert(0, own.sheet)  # the sheet that applies, though set above the user
    labels = _kind_labels()
    for rows in result.values():
        for r in rows:
            r.shown = [
                (labels.get(x.kind, x.kind), x) for x in (r.result.lines if r.result else ())
            ]
    pending = sel.appeals(user, status=AppealStatus.PENDING)[:50]
    for a in pending:
        a.may_decide = access.can_in_org(user, "supervise", a.organisation)
    return render(
        request,
        "cases/scores.html",
        {
            "quarter": quarter, "problem": problem, "result": result, "own": own,
            "chosen": chosen, "sheets": sheets, "may_set": may_set,
            "sheet_target": access.scope_root(user) if may_set else None,
            "appeals": pending,
        },
    )  # fmt: skip


@login_required
def score_export(request):
    """The scores of the page as CSV (UTF-8 with BOM, for spreadsheets): the same rows,
    the same calculation, two decimals."""
    user = request.user
    if not access.allows(user, "view"):
        raise PermissionDenied
    quarter, problem = _quarter(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    chosen = _org(user, request.GET["org"]) if request.GET.get("org") else None
    result = sel.scores(user=user, quarter=quarter, organisation=chosen)
    labels = _kind_labels()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("季度"), _("类型"), _("名称"), _("评分表"), _("基础分"), _("加减分"),
                     _("最低分"), _("得分"), _("等次")])  # fmt: skip
    for kind, rows in (("departments", _("单位")), ("people", _("个人"))):
        for r in result[kind]:
            res = r.result
            lines = "; ".join(
                f"{labels.get(x.kind, x.kind)} ×{x.count} {x.applied:.2f}" for x in res.lines
            ) if res else ""  # fmt: skip
            writer.writerow(sheets.row([
                quarter, rows, r.name, r.sheet.name if r.sheet else "",
                cents(res.base) if res else "", lines, cents(res.floor) if res else "",
                cents(res.score) if res else "", r.grade_label,
            ]))  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scores-{quarter}.csv"'
    return response


def _detail(request, *, organisation=None, person=None, title=""):
    user = request.user
    quarter, problem = _quarter(request)
    if person is not None:
        rows = sel.scores(user=user, quarter=quarter)["people"]
        row = next((r for r in rows if r.key == person.pk), None)
        sheet_org = person.organisation
    else:
        row = sel.score_of(user=user, organisation=organisation, quarter=quarter)
        sheet_org = organisation
    sheet = row.sheet if row is not None else (sel.sheet_for(sheet_org) if sheet_org else None)
    events = sel.breakdown(user=user, quarter=quarter, organisation=organisation, person=person)
    labels = _kind_labels()
    for alerts in events.alerts.values():
        for a in alerts:
            a.may_appeal = not hasattr(a, "appeal") and access.can(user, "operate", a)
    lines = row.result.lines if row is not None and row.result is not None else ()
    return render(
        request,
        "cases/score_detail.html",
        {
            "title": title, "quarter": quarter, "problem": problem, "row": row, "sheet": sheet,
            "lines": [(labels.get(line.kind, line.kind), line) for line in lines],
            "events": [(labels.get(k, k), k, v) for k, v in events.alerts.items()],
            "appealed": events.appealed, "on_time": events.on_time,
            "complaints": events.complaints, "organisation": organisation, "person": person,
        },
    )  # fmt: skip


@login_required
def org_detail(request, code: str):
    if not access.allows(request.user, "view"):
        raise PermissionDenied
    org = _org(request.user, code)
    return _detail(request, organisation=org, title=org.name)


@login_required
def person_detail(request, pk: int):
    user = request.user
    if not access.allows(user, "view"):
        raise PermissionDenied
    person = User.objects.select_related("organisation").filter(pk=pk).first()
    if person is None or not (
        person.pk == user.pk or access.can_in_org(user, "view", person.organisation)
    ):
        raise Http404
    return _detail(request, person=person, title=person.full_name or person.username)


# --- the scoring sheet ---------------------------------------------------------------

_FIGURES = ("base", "floor", "excellent", "good", "passing")


def _sheet_form(sheet: ScoreSheet | None) -> dict:
    items = {i.kind: i for i in sheet.items.all()} if sheet else {}
    return {
        "name": sheet.name if sheet else "",
        **{f: (getattr(sheet, f) if sheet else d) for f, d in zip(
            _FIGURES, (100, 0, 90, 80, 60), strict=True)},
        "items": [
            {
                "kind": k, "label": str(label),
                "category": items[k].category if k in items else "",
                "weight": items[k].weight if k in items else "",
                "points": items[k].points if k in items else "",
                "cap": items[k].cap if k in items and items[k].cap is not None else "",
            }
            for k, label in EventKind.choices
        ],
    }  # fmt: skip


def _posted_sheet(post) -> dict:
    items = []
    for kind in EventKind.values:
        points = (post.get(f"{kind}-points") or "").strip()
        if not points:
            continue
        items.append({
            "kind": kind, "category": post.get(f"{kind}-category", ""),
            "weight": (post.get(f"{kind}-weight") or "1").strip(), "points": points,
            "cap": (post.get(f"{kind}-cap") or "").strip() or None,
        })  # fmt: skip
    return {
        "name": post.get("name", ""),
        **{f: (post.get(f) or "").strip() for f in _FIGURES},
        "items": items,
    }


@login_required
def sheet_edit(request, code: str):
    """The form of one organisation's scoring sheet (its own, or prefilled with the one
    it inherits), for those who may set it: the commission (``supervise``)."""
    user = request.user
    org = _org(user, code)
    if not access.can_in_org(user, "supervise", org):
        return _refused(request, PermissionDeniedError())
    own = ScoreSheet.objects.filter(organisation=org).prefetch_related("items").first()
    inherited = None if own else sel.sheet_for(org)
    form, error = _sheet_form(own or inherited), ""
    status = 200
    if request.method == "POST":
        data = _posted_sheet(request.POST)
        try:
            score_sheet_set(
                actor=Actor.person(user), organisation=org, name=data["name"],
                items=data["items"], **{f: data[f] for f in _FIGURES if data[f] != ""},
            )  # fmt: skip
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except DomainError as exc:
            error, status = said(exc), 400
            form = {**data, "items": [
                {**i, **next((d for d in data["items"] if d["kind"] == i["kind"]),
                             {"category": "", "weight": "", "points": "", "cap": ""})}
                for i in _sheet_form(None)["items"]
            ]}  # fmt: skip
        else:
            messages.success(request, _("评分表已保存"))
            return redirect(f"{reverse('cases:score_sheet', args=[org.code])}")
    return render(
        request,
        "cases/score_sheet.html",
        {"org": org, "own": own, "inherited": inherited, "form": form, "error": error},
        status=status,
    )


def _refused(request, exc: DomainError) -> HttpResponse:
    return render(request, "cases/score_refused.html", {"message": said(exc)}, status=403)


# --- appeals -------------------------------------------------------------------------


def _back(request, fallback: str) -> str:
    back = request.POST.get("next") or ""
    return back if back.startswith("/office/") else fallback


@login_required
@require_POST
def appeal_file(request):
    user = request.user
    pk = request.POST.get("alert", "")
    alert = (
        access.restrict(Alert.objects.all(), user, "view").filter(pk=int(pk)).first()
        if pk.isdigit() and len(pk) < 12
        else None
    )
    if alert is None:
        raise Http404
    try:
        score_appeal_file(
            actor=Actor.person(user), alert=alert, reason=request.POST.get("reason", "")
        )
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except DomainError as exc:
        messages.error(request, said(exc))
    else:
        messages.success(request, _("申诉已提交, 待纪委监委复核"))
    return redirect(_back(request, reverse("cases:score_appeals")))


@login_required
@require_POST
def appeal_decide(request, pk: int):
    user = request.user
    appeal = sel.appeals(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404
    verdict = request.POST.get("upheld", "")
    if verdict not in ("1", "0"):
        messages.error(request, _("请选择申诉成立或维持原扣分"))
        return redirect(_back(request, reverse("cases:score_appeals")))
    try:
        appeal, effect = appeal_decide_with_effect(
            actor=Actor.person(user), user=user, appeal=appeal, upheld=verdict == "1",
            decision=request.POST.get("decision", ""),
        )  # fmt: skip
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    except DomainError as exc:
        messages.error(request, said(exc))
    else:
        if appeal.status == AppealStatus.UPHELD and effect.department_change is not None:
            messages.success(request, _("申诉成立: %(org)s %(quarter)s 得分 %(before)s → %(after)s") % {
                "org": appeal.organisation.name, "quarter": effect.quarter,
                "before": f"{effect.department_before:.2f}",
                "after": f"{effect.department_after:.2f}",
            })  # fmt: skip
        else:
            messages.success(request, _("复核意见已保存"))
    return redirect(_back(request, reverse("cases:score_appeals")))


@login_required
def appeal_list(request):
    user = request.user
    if not access.allows(user, "view"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in AppealStatus.values else ""
    found = list(sel.appeals(user, status=status)[:200])
    for a in found:
        a.may_decide = a.status == AppealStatus.PENDING and access.can_in_org(
            user, "supervise", a.organisation
        )
    return render(
        request,
        "cases/score_appeals.html",
        {"appeals": found, "status": status, "statuses": AppealStatus.choices},
    )
