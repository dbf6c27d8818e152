"""The portal's pages: disclosure items, information requests, complaints and reports
(file, follow, add information, rate), statistics, and CSV/JSON downloads. Plain HTML
forms: everything works without JavaScript."""

from __future__ import annotations

import contextlib

from django import forms as djforms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from yangguang.core import access, labels
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, validation_error_messages
from yangguang.disclosure import abuse, bodies, downloads, forms, requester, selectors
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s
from yangguang.orgs.models import Organisation

PUBLIC = AnonymousUser()
PORTAL = Actor.system("portal")  # the public has no account: the portal acts for it
FOLLOWED = "yg_followed_complaints"  # session: complaints whose code was given


def _orgs():
    return access.restrict(Organisation.objects.order_by("path"), PUBLIC)


def _with_orgs(form, orgs=None):
    """The organisation as a list to choose from, nothing chosen beforehand. The list
    only offers; the service decides (a body posted from outside it gets the service's
    refusal, not a generic "invalid choice")."""
    orgs = _orgs() if orgs is None else orgs
    choices = [("", "—")] + [(o.code, o.name) for o in orgs]
    form.fields["organisation"] = djforms.CharField(
        label=form.fields["organisation"].label,
        widget=djforms.Select(choices=choices),
        error_messages={"required": _("请选择单位")},
    )
    return form


def _receiving():
    return bodies.receiving_bodies(_orgs())


def _org(code: str) -> Organisation:
    org = _orgs().filter(code=code).first()
    if org is None:
        raise DomainError(
            code="unknown_org", field="organisation", zh="无此单位", en="no such organisation"
        )
    return org


def _errors(form, exc: DomainError) -> None:
    """A refusal next to its field, in the page's one language."""
    if isinstance(exc, DomainError) and exc.zh and exc.en:
        message = exc.en if translation.get_language() == "en" else exc.zh
        form.add_error(exc.field if exc.field in form.fields else None, message)
        return
    for field, msgs in validation_error_messages(exc).items():
        form.add_error(field if field in form.fields else None, msgs)


# --- disclosure items --------------------------------------------------------------------


def item_list(request):
    category = request.GET.get("category", "")
    if category not in m.Category.values:
        category = ""
    org_code = request.GET.get("org", "")[:32]
    items = selectors.public_items(user=PUBLIC, category=category, org_code=org_code)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/public/items.html",
        {"page": page, "categories": m.Category.choices, "category": category},
    )


def item_detail(request, pk: int):
    item = get_object_or_404(selectors.public_items(user=PUBLIC), pk=pk)
    return render(request, "disclosure/public/item.html", {"item": item})


ITEM_COLUMNS = [
    downloads.Column("id", "编号"),
    downloads.Column("organisation_code", "单位代码"),
    downloads.Column("organisation", "单位"),
    downloads.Column("category", "类别", m.Category),
    downloads.Column("title", "标题"),
    downloads.Column("period", "所属期间"),
    downloads.Column("due_date", "应公开日期"),
    downloads.Column("published_on", "公开日期"),
    downloads.Column("on_time", "是否按时公开"),
    downloads.Column("content", "内容"),
]


def item_download(request, fmt: str):
    rows = [
        {
            "id": i.pk,
            "organisation_code": i.organisation.code,
            "organisation": i.organisation.name,
            "category": i.category,
            "title": i.title,
            "period": i.period,
            "due_date": i.due_date,
            "published_on": i.published_on,
            "on_time": i.on_time,
            "content": i.content,
        }
        for i in selectors.public_items(user=PUBLIC)
    ]
    return downloads.respond("disclosure-items", fmt, ITEM_COLUMNS, rows)


# --- information requests ----------------------------------------------------------------


def request_list(request):
    reqs = selectors.public_requests(user=PUBLIC, org_code=request.GET.get("org", "")[:32])
    page = Paginator(reqs, 30).get_page(request.GET.get("page"))
    for req in page:  # published texts never carry the requester's data
        req.published_subject = requester.redact(req.subject, req)
    return render(request, "disclosure/public/requests.html", {"page": page})


def request_detail(request, number: str):
    req = get_object_or_404(selectors.public_requests(user=PUBLIC), number=number)
    published = {
        "subject": requester.redact(req.subject, req),
        "description": requester.redact(req.description, req),
        "answer": requester.redact(req.answer, req),
    }
    return render(request, "disclosure/public/request.html", {"req": req, "published": published})


REQUEST_COLUMNS = [
    downloads.Column("number", "编号"),
    downloads.Column("organisation_code", "单位代码"),
    downloads.Column("organisation", "单位"),
    downloads.Column("subject", "申请内容"),
    downloads.Column("received_at", "收到时间"),
    downloads.Column("status", "状态", m.RequestStatus),
    downloads.Column("refusal_ground", "不予公开理由", m.RefusalGround),
    downloads.Column("answered_at", "答复时间"),
    downloads.Column("working_days_taken", "用时(工作日)"),
    downloads.Column("extended", "是否延期"),
    downloads.Column("answer", "答复"),
]


def request_download(request, fmt: str):
    rows = [
        {
            "number": r.number,
            "organisation_code": r.organisation.code,
            "organisation": r.organisation.name,
            "subject": requester.redact(r.subject, r),
            "received_at": r.received_at,
            "status": r.status,
            "refusal_ground": r.refusal_ground,
            "answered_at": r.answered_at,
            "working_days_taken": r.working_days_taken,
            "extended": r.extended,
            "answer": requester.redact(r.answer, r),
        }
        for r in selectors.public_requests(user=PUBLIC)
    ]
    return downloads.respond("information-requests", fmt, REQUEST_COLUMNS, rows)


def _fresh_captcha(form):
    """A new check question for the form shown again (each is used once)."""
    captcha = abuse.captcha_new()
    if form.is_bound:
        data = form.data.copy()
        data["captcha_token"], data["captcha"] = captcha["token"], ""
        form.data = data
    else:
        form.initial["captcha_token"] = captcha["token"]
    return captcha


def request_new(request):
    """File an information request: only bodies bound by the 政府信息公开条例 are
    offered; the requester chooses whether the answer may be published; the number and
    the 查询码 are shown at once."""
    if request.method == "POST":
        form = _with_orgs(forms.RequestForm(request.POST), _receiving())
        try:
            abuse.hit("submit", abuse.client_key(request))
            if form.is_valid():
                d = form.cleaned_data
                abuse.captcha_check(d["captcha_token"], d["captcha"])
                req, code = s.info_request_submit(
                    actor=PORTAL,
                    organisation=_org(d["organisation"]),
                    subject=d["subject"],
                    description=d["description"],
                    requester_name=d["requester_name"],
                    requester_contact=d["requester_contact"],
                    requester_address=d["requester_address"],
                    requester_id_number=d["requester_id_number"],
                    publish_consent=d["publish_consent"] == "yes",
                )
                response = render(
                    request,
                    "disclosure/public/request_done.html",
                    {"req": req, "code": code},
                    status=201,
                )
                response["Cache-Control"] = "no-store"
                return response
        except DomainError as exc:
            _errors(form, exc)
    else:
        form = _with_orgs(forms.RequestForm(), _receiving())
    captcha = _fresh_captcha(form)
    return render(
        request, "disclosure/public/request_new.html", {"form": form, "captcha": captcha},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


def request_follow(request):
    """Follow a request from its first day with its number and 查询码 (POST, so the code
    stays out of addresses and logs): status, the dates of 受理, 补正, 延期 and 答复,
    and the deadline. A wrong code gets the same answer as an unknown number."""
    form = forms.RequestFollowForm(request.POST or None)
    if request.method != "POST":
        return render(request, "disclosure/public/request_follow.html", {"form": form})
    try:
        abuse.hit("lookup", abuse.client_key(request))
    except DomainError as exc:
        _errors(form, exc)
        return render(request, "disclosure/public/request_follow.html", {"form": form}, status=429)
    req = None
    if form.is_valid():
        req = selectors.request_by_code(form.cleaned_data["number"], form.cleaned_data["code"])
    if req is None:
        return render(
            request, "disclosure/public/request_follow.html",
            {"form": forms.RequestFollowForm(), "wrong": True}, status=404,
        )  # fmt: skip
    response = render(
        request,
        "disclosure/public/request_status.html",
        {"req": req, "events": selectors.request_timeline(req)},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- complaints and reports --------------------------------------------------------------


def _uploads(request) -> list[tuple[str, bytes]]:
    files = request.FILES.getlist("attachments")
    if len(files) > abuse.MAX_ATTACHMENTS:
        s.complaints._checked_files([("", b"")] * len(files))  # raises the bilingual error
    out = []
    for f in files:
        if f.size > abuse.MAX_ATTACHMENT_BYTES:  # refused before reading it
            abuse.check_attachment(f.name, b"", f.size)
        out.append((f.name, f.read()))
    return out


def complaint_new(request):
    """File a complaint or report. Nothing is chosen for the citizen (type, object,
    named or anonymous); a name or contact typed in with "anonymous" chosen is asked
    about once (the form comes back with the question and both answers), never dropped."""
    ask = False
    if request.method == "POST":
        form = _with_orgs(forms.ComplaintForm(request.POST))
        try:
            abuse.hit("submit", abuse.client_key(request))
            if form.is_valid():
                d = form.cleaned_data
                abuse.captcha_check(d["captcha_token"], d["captcha"])
                anonymous, name, contact = d["anonymous"] == "yes", d["name"], d["contact"]
                confirm = request.POST.get("confirm", "")
                if anonymous and confirm == "anonymous":  # the citizen said so: drop them
                    name = contact = ""
                elif anonymous and confirm == "named":
                    anonymous = False
                complaint, code = s.complaint_submit(
                    actor=PORTAL,
                    kind=d["kind"],
                    subject_kind=d["subject_kind"],
                    organisation=_org(d["organisation"]),
                    title=d["title"],
                    content=d["content"],
                    anonymous=anonymous,
                    name=name,
                    contact=contact,
                    case_number=d["case_number"],
                    person_name=d["person_name"],
                    files=_uploads(request),
                )
                response = render(
                    request,
                    "disclosure/public/complaint_done.html",
                    {"complaint": complaint, "code": code},
                    status=201,
                )
                response["Cache-Control"] = "no-store"
                return response
        except DomainError as exc:
            if exc.error_code == "identity_ambiguous":
                ask = True
            else:
                _errors(form, exc)
    else:
        form = _with_orgs(forms.ComplaintForm())
    captcha = _fresh_captcha(form)
    return render(
        request,
        "disclosure/public/complaint_new.html",
        {"form": form, "captcha": captcha, "follow": forms.FollowForm(), "ask": ask,
         "had_files": bool(request.FILES)},
        status=200 if ask else 400 if form.is_bound else 200,
    )  # fmt: skip


def _followed(request) -> m.Complaint | None:
    pk = request.session.get(FOLLOWED)
    return m.Complaint.objects.filter(pk=pk).first() if pk else None


def complaint_follow(request):
    """Give number and code (POST), then see the complaint: status, reply, add, rate."""
    form = forms.FollowForm(request.POST or None)
    wrong = False
    if request.method == "POST":
        try:
            abuse.hit("lookup", abuse.client_key(request))
        except DomainError as exc:
            _errors(form, exc)
            return render(request, "disclosure/public/follow.html", {"form": form}, status=429)
        found = None
        if form.is_valid():
            found = selectors.complaint_by_code(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
        if found is None:
            wrong = True  # the same answer whether the number exists or not
            return render(
                request, "disclosure/public/follow.html", {"form": forms.FollowForm(), "wrong": True},
                status=404,
            )  # fmt: skip
        request.session.cycle_key()
        request.session[FOLLOWED] = found.pk
        return redirect("public_disclosure:complaint_status")
    return render(request, "disclosure/public/follow.html", {"form": form, "wrong": wrong})


def complaint_status(request):
    complaint = _followed(request)
    if complaint is None:
        return redirect("public_disclosure:complaint_follow")
    response = render(
        request,
        "disclosure/public/status.html",
        {
            "c": complaint,
            "notes": complaint.notes.filter(by_reporter=True).order_by("created_at"),
            "add": forms.AddInfoForm(),
            "rate": forms.RateForm(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def complaint_add(request):
    complaint = _followed(request)
    if complaint is None:
        return redirect("public_disclosure:complaint_follow")
    form = forms.AddInfoForm(request.POST)
    try:
        abuse.hit("submit", abuse.client_key(request))
        if form.is_valid():
            s.complaint_add_info(
                actor=PORTAL, complaint=complaint, text=form.cleaned_data["text"],
                files=_uploads(request),
            )  # fmt: skip
            return redirect("public_disclosure:complaint_status")
    except DomainError as exc:
        _errors(form, exc)
    return render(
        request,
        "disclosure/public/status.html",
        {"c": complaint, "notes": complaint.notes.filter(by_reporter=True), "add": form,
         "rate": forms.RateForm()},
        status=400,
    )  # fmt: skip


@require_POST
def complaint_rate(request):
    complaint = _followed(request)
    if complaint is None:
        return redirect("public_disclosure:complaint_follow")
    form = forms.RateForm(request.POST)
    if form.is_valid():
        with contextlib.suppress(DomainError):
            s.complaint_rate(
                actor=PORTAL, complaint=complaint, satisfaction=form.cleaned_data["satisfaction"]
            )
    return redirect("public_disclosure:complaint_status")


# --- statistics ---------------------------------------------------------------------------


def statistics(request):
    rows = selectors.statistics(user=PUBLIC, today=timezone.localdate())
    return render(
        request,
        "disclosure/public/statistics.html",
        {
            "rows": rows,
            "cases_available": selectors.cases_available(),
            "request_statuses": m.RequestStatus.choices,
            "complaint_statuses": m.ComplaintStatus.choices,
        },
    )


def _stat_columns() -> list[downloads.Column]:
    """The statistics' columns: each count of a coded value headed by its label."""
    c, zh = downloads.Column, labels.zh

    def per(prefix: str, head: str, choices) -> list[downloads.Column]:
        return [c(f"{prefix}_{v}", f"{head}·{zh(label)}") for v, label in choices.choices]

    return [
        c("organisation_code", "单位代码"), c("organisation", "单位"),
        c("requests_total", "申请总数"), c("answered", "已答复"),
        c("mean_working_days", "平均用时(工作日)"), c("answered_late", "逾期答复"),
        *per("requests", "申请", m.RequestStatus),
        c("complaints_total", "投诉举报总数"),
        *per("complaints", "投诉举报", m.ComplaintStatus),
        *per("satisfaction", "满意度", m.Satisfaction),
        *per("finding", "核查结论", m.Finding),
        c("items_total", "公开事项总数"), c("items_on_time", "按时公开"),
        c("items_late", "逾期公开"), c("items_overdue", "逾期未公开"),
        c("cases_total", "办件总数"), c("cases_finished", "已办结"),
        c("cases_on_time", "按时办结"), c("case_alerts", "预警数"),
    ]  # fmt: skip


def statistics_download(request, fmt: str):
    out = []
    for r in selectors.statistics(user=PUBLIC, today=timezone.localdate()):
        row = {
            "organisation_code": r["org"].code,
            "organisation": r["org"].name,
            "requests_total": r["requests_total"],
            "answered": r["answered"],
            "mean_working_days": r["mean_days"],
            "answered_late": r["answered_late"],
            "complaints_total": r["complaints_total"],
            "items_total": r["items"]["total"],
            "items_on_time": r["items"]["on_time"],
            "items_late": r["items"]["late"],
            "items_overdue": r["items"]["overdue"],
            "cases_total": r["cases"]["total"],
            "cases_finished": r["cases"]["finished"],
            "cases_on_time": r["cases"]["on_time"],
            "case_alerts": r["cases"]["alerts"],
        }
        row.update({f"requests_{v}": r["requests"].get(v, 0) for v in m.RequestStatus.values})
        row.update({f"complaints_{v}": r["complaints"].get(v, 0) for v in m.ComplaintStatus.values})
        row.update(
            {f"satisfaction_{v}": r["satisfaction"].get(v, 0) for v in m.Satisfaction.values}
        )
        row.update({f"finding_{v}": r["findings"].get(v, 0) for v in m.Finding.values})
        out.append(row)
    if fmt not in ("csv", "json"):
        raise Http404
    return downloads.respond("statistics", fmt, _stat_columns(), out)


# --- case lookup (办件查询), once the cases app is there -------------------------------


def case_lookup(request):
    """An applicant looks a case up by its number and query code (no account); a wrong
    pair gets the same answer whether the number exists or not."""
    from yangguang.disclosure import cases_link

    if not cases_link.cases_installed():
        raise Http404
    from yangguang.cases.selectors import case_by_query_code

    form = forms.CaseLookupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "disclosure/public/case_lookup.html", {"form": form})
    try:
        abuse.hit("lookup", abuse.client_key(request))
    except DomainError as exc:
        _errors(form, exc)
        return render(request, "disclosure/public/case_lookup.html", {"form": form}, status=429)
    case = None
    if form.is_valid():
        case = case_by_query_code(form.cleaned_data["number"], form.cleaned_data["code"])
    if case is None:
        return render(
            request,
            "disclosure/public/case_lookup.html",
            {"form": forms.CaseLookupForm(), "wrong": True},
            status=404,
        )
    steps = case.steps.order_by("pk")
    response = render(request, "disclosure/public/case.html", {"case": case, "steps": steps})
    response["Cache-Control"] = "no-store"
    return response
