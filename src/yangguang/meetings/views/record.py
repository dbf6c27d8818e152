"""Recording a meeting in the back office: schedule it, put topics on the agenda (with
materials), record notices, hold it (attendance, absences), recusals, the speaking
order, votes, outcomes, minutes (approved, amended), the record, the announcement and
the execution of decisions.

Every write is a service call (several, for one form, in one transaction: nothing is
half-written); a ``DomainError`` is shown at the field it names. Staff who may
``operate`` in the meeting's organisation record; inspectors read (403 here); anyone
else gets 404. Every form is a plain POST; htmx (``hx-post`` + ``hx-select``) only swaps
a topic's section in place for speeches and votes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.meetings import forms as f
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.meetings.services.meeting import MATERIAL_MAX_BYTES


def _meeting(user, pk: int) -> m.Meeting:
    """A meeting in the user's scope that he or she may record (404 / 403 otherwise)."""
    meeting = get_object_or_404(
        access.restrict(m.Meeting.objects.select_related("organisation"), user), pk=pk
    )
    if not access.can_in_org(user, "operate", meeting.organisation):
        raise PermissionDenied
    return meeting


def _attach(actor: Actor, topic: m.Topic, upload) -> None:
    if upload is None:
        return
    # never more than the limit (plus one byte, so the service sees it is too large)
    content = upload.read(MATERIAL_MAX_BYTES + 1)
    s.material_attach(actor=actor, topic=topic, name=upload.name, content=content)


# --- the operations: (form, what it does with the cleaned data) ----------------------


def _topic(actor, meeting, d):
    topic = s.topic_add(
        actor=actor,
        meeting=meeting,
        title=d["title"],
        proposer=d["proposer"],
        matter=d["matter"],
        category=d["category"],
        amount=d["amount"],
        candidate=d["candidate"],
    )
    _attach(actor, topic, d["material"])
    return topic


def _material(actor, meeting, d):
    _attach(actor, d["topic"], d["material"])
    return d["topic"]


def _notice(actor, meeting, d):
    s.notice_send(
        actor=actor, topic=d["topic"], sent_at=d["sent_at"], members=list(d["members"]) or None
    )
    return d["topic"]


def _hold(actor, meeting, d, form):
    s.meeting_hold(actor=actor, meeting=meeting, held_at=d["held_at"], absent=form.absent())


def _recusal(actor, meeting, d):
    s.recusal_record(actor=actor, topic=d["topic"], member=d["member"], reason=d["reason"])
    return d["topic"]


def _open(actor, meeting, d):
    s.topic_open(actor=actor, topic=d["topic"], opened_at=d["opened_at"])
    return d["topic"]


def _speech(actor, meeting, d):
    s.speech_record(actor=actor, topic=d["topic"], member=d["member"], summary=d["summary"])
    return d["topic"]


def _vote(actor, meeting, d):
    s.vote_record(actor=actor, topic=d["topic"], member=d["member"], choice=d["choice"])
    return d["topic"]


def _decide(actor, meeting, d):
    s.topic_decide(
        actor=actor,
        topic=d["topic"],
        outcome=d["outcome"],
        public=d["public"],
        public_summary=d["public_summary"],
        decided_at=d["decided_at"],
    )
    return d["topic"]


def _minutes(actor, meeting, d):
    s.minutes_create(actor=actor, meeting=d["meeting"], text=d["text"])


def _approve(actor, meeting, d):
    s.minutes_approve(
        actor=actor, minutes=d["minutes"], approver=d["approver"], approved_at=d["approved_at"]
    )


def _amend(actor, meeting, d):
    s.minutes_amend(actor=actor, minutes=d["minutes"], text=d["text"], reason=d["reason"])


def _record(actor, meeting, d):
    s.record_write(actor=actor, meeting=meeting, kind=m.RecordKind.VERBATIM, text=d["text"])


def _announcement(actor, meeting, d):
    s.announcement_record(
        actor=actor,
        meeting=meeting,
        announced_at=d["announced_at"],
        scope=d["scope"],
        text=d["text"],
    )


def _task(actor, meeting, d):
    s.task_assign(
        actor=actor, topic=d["topic"], owner=d["owner"], description=d["description"], due=d["due"]
    )
    return d["topic"]


def _progress(actor, meeting, d):
    s.progress_record(actor=actor, task=d["task"], on=d["on"], note=d["note"], done=d["done"])


@dataclass(frozen=True)
class Op:
    form: type[f.RecordingForm]
    run: Any
    title: Any
    submit: Any
    needs_form: bool = False  # run(actor, meeting, data, form)
    multipart: bool = False


OPS: dict[str, Op] = {
    "topic": Op(f.TopicForm, _topic, _("提交议题"), _("提交议题"), multipart=True),
    "material": Op(f.MaterialForm, _material, _("上传议题材料"), _("上传"), multipart=True),
    "notice": Op(f.NoticeForm, _notice, _("议题告知"), _("登记告知")),
    "hold": Op(f.HoldForm, _hold, _("会议召开(出席情况)"), _("登记召开"), needs_form=True),
    "recusal": Op(f.RecusalForm, _recusal, _("登记回避"), _("登记回避")),
    "open": Op(f.OpenForm, _open, _("开始讨论议题"), _("开始讨论")),
    "speech": Op(f.SpeechForm, _speech, _("记录发言"), _("记录发言")),
    "vote": Op(f.VoteForm, _vote, _("记录表决"), _("记录表决")),
    "decide": Op(f.DecideForm, _decide, _("议题决定"), _("登记结果")),
    "minutes": Op(f.MinutesForm, _minutes, _("起草会议纪要"), _("保存草稿(自动编号)")),
    "approve": Op(f.ApproveForm, _approve, _("签发会议纪要"), _("签发")),
    "amend": Op(f.AmendForm, _amend, _("修订会议纪要"), _("保存修订")),
    "record": Op(f.RecordForm, _record, _("会议记录"), _("保存会议记录")),
    "announcement": Op(f.AnnouncementForm, _announcement, _("会后通报"), _("登记通报")),
    "task": Op(f.TaskForm, _task, _("决定事项交办"), _("交办")),
    "progress": Op(f.ProgressForm, _progress, _("办理进展"), _("登记进展")),
}
TOPIC_OPS = ("speech", "vote")  # inline, in each topic's section


def _run(request, op: Op, form: f.RecordingForm, meeting: m.Meeting | None):
    """Call the services in one transaction; a refusal lands on the form."""
    actor = Actor.person(request.user)
    try:
        with transaction.atomic():
            if op.needs_form:
                return op.run(actor, meeting, form.cleaned_data, form), True
            return op.run(actor, meeting, form.cleaned_data), True
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as exc:
        form.add_domain_error(exc)
        return None, False


def _auto_id(op: str, topic_pk: int | None = None) -> str:
    """Unique element ids for the many forms of one page."""
    return f"id_{op}_{topic_pk}_%s" if topic_pk else f"id_{op}_%s"


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- pages -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    if not access.allows(request.user, "operate"):
        raise PermissionDenied
    form = f.MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = s.meeting_create(
                actor=Actor.person(request.user),
                organisation=d["organisation"],
                body=d["body"],
                title=d["title"],
                convener=d["convener"],
                starts_at=d["starts_at"],
                members=list(d["members"]),
                observers=list(d["observers"]),
                principal=d["principal"],
                location=d["location"],
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("会议已安排"))
            return redirect("meetings:record", pk=meeting.pk)
    return render(
        request,
        "meetings/record/new.html",
        {"form": form, "quorum": m.Quorum.choices},
    )


def _hub_context(request, meeting: m.Meeting, bound: dict | None = None) -> dict:
    """Every form of the recording page, fresh, except ``bound`` ({key: form}) which
    carries the user's input and its errors (a meeting-level op, or (op, topic pk))."""
    bound = bound or {}
    user = request.user

    def form_for(key, name, **initial):
        if key in bound:
            return bound[key]
        pk = key[1] if isinstance(key, tuple) else None
        return OPS[name].form(
            meeting=meeting, user=user, initial=initial, auto_id=_auto_id(name, pk)
        )

    topics = list(
        meeting.topics.select_related("matter", "proposer", "candidate").prefetch_related(
            Prefetch("speeches", queryset=m.Speech.objects.select_related("member__user")),
            Prefetch("votes", queryset=m.Vote.objects.select_related("member__user")),
            Prefetch("recusals", queryset=m.Recusal.objects.select_related("member__user")),
            Prefetch("notices", queryset=m.Notice.objects.select_related("member__user")),
            "materials",
            Prefetch("tasks", queryset=m.DecisionTask.objects.select_related("owner")),
        )
    )
    sections = [
        {
            "topic": t,
            "forms": [
                {
                    "op": name,
                    "spec": OPS[name],
                    "form": form_for((name, t.pk), name, topic=t.pk),
                    "target": f"topic-{t.pk}",
                }
                for name in TOPIC_OPS
            ],
        }
        for t in topics
    ]
    held = meeting.status == m.MeetingStatus.HELD
    stages = [
        ("agenda", _("会前"), ["topic", "material", "notice"] + ([] if held else ["hold"])),
        ("meeting", _("会中"), ["recusal", "open", "decide"] if held else []),
        (
            "after",
            _("会后"),
            ["minutes", "approve", "amend", "record", "announcement", "task", "progress"]
            if held
            else [],
        ),
    ]
    return {
        "meeting": meeting,
        "members": meeting.members.select_related("user"),
        "sections": sections,
        "stages": [
            {
                "key": key,
                "label": label,
                "forms": [
                    {"op": name, "spec": OPS[name], "form": form_for(name, name)} for name in names
                ],
            }
            for key, label, names in stages
            if names
        ],
        "minutes": meeting.minutes.order_by("pk"),
        "announcements": meeting.announcements.all(),
        "records": meeting.records.select_related("recorder"),
    }


@login_required
def record_hub(request, pk: int):
    meeting = _meeting(request.user, pk)
    return render(request, "meetings/record/hub.html", _hub_context(request, meeting))


@login_required
@require_http_methods(["GET", "POST"])
def record_op(request, pk: int, op: str):
    spec = OPS.get(op)
    if spec is None:
        raise Http404
    meeting = _meeting(request.user, pk)
    topic_pk = request.POST.get("topic", "") if op in TOPIC_OPS else ""
    topic_pk = int(topic_pk) if topic_pk.isascii() and topic_pk.isdigit() else None
    form = spec.form(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        meeting=meeting,
        user=request.user,
        initial={k: v for k, v in request.GET.items() if k in ("topic",)},
        auto_id=_auto_id(op, topic_pk),
    )
    if request.method == "POST" and form.is_valid():
        topic, ok = _run(request, spec, form, meeting)
        if ok:
            messages.success(request, f"{spec.title}: " + str(_("已保存")))
            anchor = f"#topic-{topic.pk}" if isinstance(topic, m.Topic) else ""
            return redirect(reverse("meetings:record", args=[meeting.pk]) + anchor)
    if _htmx(request) and op in TOPIC_OPS and request.method == "POST":
        # the topic's section again, with this form carrying the errors
        key = (op, topic_pk) if topic_pk else op
        return render(
            request, "meetings/record/hub.html", _hub_context(request, meeting, {key: form})
        )
    return render(
        request,
        "meetings/record/op.html",
        {"meeting": meeting, "op": op, "spec": spec, "form": form},
    )
