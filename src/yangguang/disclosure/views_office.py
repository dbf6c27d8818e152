"""Back-office pages: the disclosure workflow and information requests
(``/office/disclosure/``), complaints and reports (``/office/complaints/``). Every write
goes through a service; plain HTML forms."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.disclosure import actions, conflicts, downloads, requester, visibility
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s
from yangguang.disclosure.designation import designation_active, may_designate
from yangguang.orgs.models import Organisation


def _fail(request, exc: DomainError) -> None:
    messages.error(request, exc.text())


# --- disclosure items ---------------------------------------------------------------------


@login_required
def items(request):
    user = request.user
    rows = access.restrict(m.DisclosureItem.objects.select_related("organisation"), user)
    orgs = access.restrict(Organisation.objects.order_by("path"), user, "operate")
    return render(
        request,
        "disclosure/office/items.html",
        {
            "items": rows[:300],
            "orgs": orgs,
            "categories": m.Category.choices,
            "schedules": m.Schedule.choices,
            "can_operate": access.allows(user, "operate"),
        },
    )


@login_required
@require_POST
def item_create(request):
    actor = Actor.person(request.user)
    p = request.POST
    try:
        org = get_object_or_404(Organisation, code=p.get("organisation", ""))
        due = p.get("due_date") or None
        s.disclosure_item_create(
            actor=actor,
            organisation=org,
            category=p.get("category", ""),
            title=p.get("title", ""),
            content=p.get("content", ""),
            schedule=p.get("schedule", m.Schedule.CUSTOM),
            period=p.get("period", ""),
            due_date=datetime.date.fromisoformat(due) if due else None,
        )
        messages.success(request, _("已保存"))
    except ValueError:
        messages.error(request, _("日期格式不正确"))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("disclosure_office:items")


@login_required
@require_POST
def item_step(request, pk: int, step: str):
    item = get_object_or_404(access.restrict(m.DisclosureItem.objects.all(), request.user), pk=pk)
    actor = Actor.person(request.user)
    try:
        if step == "submit":
            s.disclosure_item_submit(actor=actor, item=item)
        elif step in ("approve", "reject"):
            s.disclosure_item_review(
                actor=actor, item=item, approve=step == "approve", note=request.POST.get("note", "")
            )
        elif step == "publish":
            s.disclosure_item_publish(actor=actor, item=item)
        elif step == "feedback":
            s.disclosure_item_feedback(
                actor=actor, item=item, feedback=request.POST.get("feedback", "")
            )
        else:
            raise DomainError(code="invalid_step", zh="无此操作", en="no such step")
        messages.success(request, _("已完成"))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("disclosure_office:items")


# --- information requests -----------------------------------------------------------------


@login_required
def requests(request):
    rows = list(
        access.restrict(m.InfoRequest.objects.select_related("organisation"), request.user)[:300]
    )
    for row in rows:  # the list never carries the requester's data
        row.listed_subject = requester.redact(row.subject, row)
    return render(request, "disclosure/office/requests.html", {"rows": rows})


def _request_step(request, req: m.InfoRequest):
    """One handling step posted from the request's page; the requester's data (``step``
    "requester") is returned to be shown once, every reading audited."""
    actor = Actor.person(request.user)
    p = request.POST
    step = p.get("step")
    if step == "requester":
        return s.requester_read(actor=actor, request=req, reason=p.get("reason", ""))
    if step == "clarify":
        s.info_request_clarify(actor=actor, request=req, question=p.get("question", ""))
    elif step == "resume":
        s.info_request_resume(actor=actor, request=req)
    elif step == "extend":
        s.info_request_extend(actor=actor, request=req, reason=p.get("reason", ""))
    elif step == "answer":
        s.info_request_answer(
            actor=actor,
            request=req,
            outcome=p.get("outcome", ""),
            answer=p.get("answer", ""),
            refusal_ground=p.get("refusal_ground", ""),
            law_withholds=p.get("law_withholds") == "on",
        )
    elif step == "withdraw":
        s.info_request_withdraw(actor=actor, request=req, note=p.get("note", ""))
    else:
        raise DomainError(code="invalid_step", zh="无此操作", en="no such step")
    return None


@login_required
def request_detail(request, pk: int):
    """A request as its reader may see it: the requester's personal data withheld
    (masked, with the reason) unless the reader handles it in the receiving body or
    supervises it in the commission, and even then shown only on asking, with a reason,
    each reading in the audit trail (``services.requester_read``)."""
    user = request.user
    req = get_object_or_404(access.restrict(m.InfoRequest.objects.all(), user), pk=pk)
    revealed = None
    if request.method == "POST":
        try:
            revealed = _request_step(request, req)
            if revealed is None:
                messages.success(request, _("已完成"))
                return redirect("disclosure_office:request", pk=req.pk)
        except DomainError as exc:
            _fail(request, exc)
            return redirect("disclosure_office:request", pk=req.pk)
    may_read = requester.may_read(user, req)
    response = render(
        request,
        "disclosure/office/request.html",
        {
            "req": req,
            "requester": revealed or requester.masked(req),
            "revealed": revealed is not None,
            "may_read_requester": may_read,
            # the texts too, unless the data was asked for (and the reading audited)
            "subject": req.subject if revealed else requester.redact(req.subject, req),
            "description": req.description if revealed else requester.redact(req.description, req),
            "answer": req.answer if revealed else requester.redact(req.answer, req),
            "outcomes": [(v, label) for v, label in m.RequestStatus.choices if v in m.ANSWERED],
            "grounds": m.RefusalGround.choices,
            "open": req.status in m.OPEN_REQUEST and access.can(user, "operate", req),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# --- complaints ---------------------------------------------------------------------------

OPEN_COMPLAINT = m.OPEN_COMPLAINT


def _complaint_rows(user):
    qs = m.Complaint.objects.select_related("organisation", "assignee", "alert", "commission")
    return visibility.visible_complaints(user, qs)


@login_required
def complaints(request):
    """The complaints the user sees: the case file when he or she may handle its side and
    is not conflicted, otherwise (after the conclusion) only the outcome."""
    rows = _complaint_rows(request.user)
    return render(
        request,
        "disclosure/office/complaints.html",
        {"rows": rows[:300], "now": timezone.now(), "open": OPEN_COMPLAINT},
    )


@login_required
def complaints_download(request, fmt: str):
    """The office list as CSV or JSON, in the same shape as the API (outcome-only rows
    for whoever may not see the case file)."""
    rows = _complaint_rows(request.user).prefetch_related("persons__user")[:5000]
    records = [visibility.record(c, full=c.full) for c in rows]
    for r in records:
        r["persons"] = "、".join(r.get("persons") or [])
    response = downloads.respond("complaints", fmt, list(visibility.FULL_FIELDS), records)
    response["Cache-Control"] = "no-store"
    return response


def _handlers(c: m.Complaint):
    """Whom ``c`` may be assigned to: its side's staff, the conflicted left out."""
    if c.kind == m.ComplaintKind.REPORT:
        staff = User.objects.filter(
            organisation_id=c.commission_id, role__in=conflicts.COMMISSION_HANDLERS
        )
    else:
        staff = User.objects.filter(organisation__path__startswith=c.organisation.path)
    staff = list(staff.filter(is_active=True).order_by("username"))
    conflicted = conflicts.conflicted_users(c, staff)
    return [u for u in staff if u.pk not in conflicted]


def _step(request, c: m.Complaint):
    actor = Actor.person(request.user)
    p = request.POST
    step = p.get("step")
    if step == "assign":
        assignee = get_object_or_404(User, pk=p.get("assignee") or 0)
        s.complaint_assign(actor=actor, complaint=c, assignee=assignee)
    elif step == "reply":
        s.complaint_reply(
            actor=actor, complaint=c, reply=p.get("reply", ""), finding=p.get("finding", "")
        )
    elif step == "reject":
        s.complaint_reject(actor=actor, complaint=c, reason=p.get("reason", ""))
    elif step == "person":
        named = get_object_or_404(User, pk=p.get("person") or 0, is_active=True)
        s.complaint_name_person(actor=actor, complaint=c, user=named)
    elif step == "route":
        commission = get_object_or_404(Organisation, pk=p.get("commission") or 0)
        s.complaint_route(actor=actor, complaint=c, commission=commission,
                          reason=p.get("reason", ""))  # fmt: skip
    elif step == "identity":
        return s.reporter_identity_read(actor=actor, complaint=c, reason=p.get("reason", ""))
    else:
        raise DomainError(code="invalid_step", zh="无此操作", en="no such step")
    return None


def _replacements(c: m.Complaint) -> list[dict]:
    """The handler replacements of ``c`` (回避), from the trail."""
    from yangguang.audit.models import AuditEntry

    rows = AuditEntry.objects.filter(
        action=actions.COMPLAINT_HANDLER_REPLACED.code,
        object_type="disclosure.complaint",
        object_id=str(c.pk),
    ).order_by("seq")
    out = []
    for e in rows:
        extra = json.loads(e.payload).get("extra") or {}
        out.append({"time": e.time, "reason": extra.get("reason_zh", ""),
                    "reason_en": extra.get("reason_en", ""),
                    "unassigned": extra.get("unassigned")})  # fmt: skip
    return out


@login_required
def complaint_detail(request, pk: int):
    user = request.user
    c = get_object_or_404(_complaint_rows(user), pk=pk)
    identity = None
    if request.method == "POST":
        try:
            identity = _step(request, c)
            if identity is None:
                messages.success(request, _("已完成"))
                return redirect("complaints_office:detail", pk=c.pk)
        except DomainError as exc:
            _fail(request, exc)
            return redirect("complaints_office:detail", pk=c.pk)
    if not c.full:
        response = render(request, "disclosure/office/complaint_outcome.html", {"c": c})
        response["Cache-Control"] = "no-store"
        return response
    identity_model = m.ReporterIdentity.objects.filter(complaint=c).first()
    may_handle = (
        conflicts.is_commission_staff(user, c.commission_id)
        if c.kind == m.ComplaintKind.REPORT
        else access.can(user, "operate", c)
    )
    response = render(
        request,
        "disclosure/office/complaint.html",
        {
            "c": c,
            "staff": _handlers(c) if may_handle else [],
            "identity": identity,
            "named": identity_model is not None,
            "may_see_identity": identity_model is not None
            and access.can(user, "view", identity_model)
            and designation_active(user, user.organisation_id),
            "can_operate": may_handle,
            "findings": m.Finding.choices,
            "notes": c.notes.order_by("created_at"),
            "attachments": c.attachments.all(),
            "persons": c.persons.select_related("user", "user__organisation"),
            "people": User.objects.filter(
                organisation__path__startswith=c.organisation.path, is_active=True
            ).order_by("username")
            if may_handle
            else [],
            "commissions": Organisation.objects.filter(kind="commission").exclude(
                pk=c.commission_id or 0
            )
            if may_handle and c.kind == m.ComplaintKind.REPORT
            else [],
            "replacements": _replacements(c),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attachment_download(request, pk: int):
    """Staff who may see the complaint download its attachment (others: 404), always as a
    download with the stored (sniffed) type, never rendered by the browser."""
    full = m.Complaint.objects.filter(visibility.full_q(request.user)).values("pk")
    att = get_object_or_404(m.Attachment.objects.filter(complaint__in=full), pk=pk)
    try:
        handle = att.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=att.name, content_type=att.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- designated readers of protected identities -------------------------------------------


def _commissions(user):
    """The commissions in which ``user`` may designate readers."""
    rows = Organisation.objects.filter(kind="commission").order_by("path")
    if access.role_of(user) == Role.SYSADMIN:
        return list(rows)
    return [c for c in rows.filter(pk=user.organisation_id) if may_designate(user, c)]


@login_required
def readers(request):
    user = request.user
    commissions = _commissions(user)
    if request.method == "POST":
        actor = Actor.person(user)
        p = request.POST
        try:
            if p.get("step") == "designate":
                commission = get_object_or_404(Organisation, pk=p.get("commission") or 0)
                reader = get_object_or_404(User, pk=p.get("user") or 0)
                dates = [p.get("valid_from") or "", p.get("valid_to") or ""]
                valid_from, valid_to = (
                    datetime.date.fromisoformat(d) if d else None for d in dates
                )
                s.protected_reader_designate(
                    actor=actor,
                    commission=commission,
                    user=reader,
                    reason=p.get("reason", ""),
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
            elif p.get("step") == "revoke":
                designation = get_object_or_404(
                    access.restrict(m.ProtectedReportReader.objects.all(), user),
                    pk=p.get("designation") or 0,
                )
                s.protected_reader_revoke(
                    actor=actor, designation=designation, reason=p.get("reason", "")
                )
            messages.success(request, _("已完成"))
        except ValueError:
            messages.error(request, _("日期格式不正确"))
        except DomainError as exc:
            _fail(request, exc)
        return redirect("complaints_office:readers")
    rows = access.restrict(
        m.ProtectedReportReader.objects.select_related("commission", "user", "designated_by"),
        user,
    )
    inspectors = User.objects.filter(
        role=Role.INSPECTOR, is_active=True, organisation__in=commissions
    ).order_by("username")
    return render(
        request,
        "disclosure/office/readers.html",
        {
            "rows": rows[:300],
            "commissions": commissions,
            "inspectors": inspectors,
            "today": timezone.localdate(),
        },
    )
