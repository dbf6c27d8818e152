"""Forms of the back-office recording pages. They only parse and check the shape of the
input (local Asia/Shanghai times, choices in the user's scope); every rule of the
domain is the services', whose ``DomainError`` the view puts next to the field it
names (``RecordingForm.add_domain_error``)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.core import access, labels
from yangguang.core.errors import DomainError, in_language_lazy
from yangguang.meetings import models as m
from yangguang.orgs.models import Organisation

# the field messages, in the page's language
ERRORS = {
    "required": in_language_lazy("请填写此项", "this field is required"),
    "invalid": in_language_lazy("格式不正确", "invalid value"),
    "invalid_choice": in_language_lazy("选择无效", "not a valid choice"),
    "invalid_list": in_language_lazy("请选择一项或多项", "choose one or more"),
    "invalid_pk_value": in_language_lazy("选择无效", "not a valid choice"),
    "max_length": in_language_lazy("内容过长", "too long"),
    "max_digits": in_language_lazy("位数过多", "too many digits"),
    "max_decimal_places": in_language_lazy("小数位数过多", "too many decimal places"),
}
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class LocalDateTimeField(forms.DateTimeField):
    """A local time (Asia/Shanghai, the current time zone) made aware by Django."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", LOCAL_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        super().__init__(**kwargs)


class LocalDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return labels.person(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return labels.person(obj)


class RecordingForm(forms.Form):
    """Field messages in the page's language, a service's ``DomainError`` at its field."""

    # service field name -> form field name, where they differ
    aliases: dict[str, str] = {}

    def __init__(self, *args, meeting: m.Meeting | None = None, user=None, **kwargs):
        self.meeting = meeting
        self.user = user
        super().__init__(*args, **kwargs)
        self.setup()
        for field in self.fields.values():
            field.error_messages = {**field.error_messages, **ERRORS}

    def setup(self) -> None:
        """Set the choices that depend on the meeting and the user."""

    def field_for(self, exc: DomainError) -> str | None:
        name = self.aliases.get(exc.field, exc.field) if exc.field else None
        return name if name in self.fields else None

    def add_domain_error(self, exc: DomainError) -> None:
        field = self.field_for(exc)
        self.add_error(field, exc.text())

    # --- choices ---------------------------------------------------------------------

    def people(self):
        """Staff the user may pick: the user's scope (everyone for an administrator),
        the meeting's own members and observers, and the commission's inspectors."""
        qs = User.objects.filter(is_active=True).select_related("organisation")
        root = access.scope_root(self.user)
        if access.role_of(self.user) != Role.SYSADMIN:
            scope = Q(role=Role.INSPECTOR)
            if root is not None:
                scope |= Q(organisation__path__startswith=root.path)
            if self.meeting is not None:
                scope |= Q(pk__in=self.meeting.members.values("user_id"))
            qs = qs.filter(scope)
        return qs.order_by("organisation__path", "username")

    def show_only(self, name: str, users) -> None:
        """Offer only ``users`` in the list while still accepting anybody of ``people()``,
        so that a wrong person is refused by the service, with its reason."""
        field = self.fields[name]
        field.widget.choices = [("", "---------")] + [
            (u.pk, field.label_from_instance(u)) for u in users
        ]

    def voting_members(self, *, present_only: bool = False):
        rows = self.meeting.members.filter(role=m.MemberRole.MEMBER).select_related("user")
        if present_only and self.meeting.status == m.MeetingStatus.HELD:
            rows = rows.filter(present=True)
        return [r.user for r in rows]

    def topics(self):
        return self.meeting.topics.order_by("number")


# --- the meeting -------------------------------------------------------------------------


class MeetingForm(RecordingForm):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("单位"))
    body = forms.ChoiceField(choices=m.Body.choices, label=_("会议类型"))
    title = forms.CharField(max_length=200, label=_("会议名称"), required=False)
    convener = PersonField(User.objects.none(), label=_("召集人"), required=False)
    members = PeopleField(User.objects.none(), label=_("会议成员(表决)"), required=False)
    observers = PeopleField(User.objects.none(), label=_("列席监督(纪委)"), required=False)
    principal = PersonField(
        User.objects.none(),
        label=_("主要负责人(末位表态)"),
        required=False,
        help_text=_("不填则取本单位在任主要负责人"),
    )
    starts_at = LocalDateTimeField(label=_("会议时间(北京时间)"))
    location = forms.CharField(max_length=100, label=_("地点"), required=False)

    def setup(self) -> None:
        orgs = [
            o.pk
            for o in Organisation.objects.order_by("path")
            if access.can_in_org(self.user, "operate", o)
        ]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=orgs).order_by(
            "path"
        )
        if getattr(self.user, "organisation_id", None) in orgs:
            self.fields["organisation"].initial = self.user.organisation_id
        people = self.people()
        for name in ("convener", "principal", "members"):
            self.fields[name].queryset = people.exclude(role=Role.INSPECTOR)
        self.fields["observers"].queryset = people.filter(role=Role.INSPECTOR)


# --- topics --------------------------------------------------------------------------------


class TopicForm(RecordingForm):
    title = forms.CharField(max_length=200, label=_("议题"), required=False)
    proposer = PersonField(User.objects.none(), label=_("提出人"), required=False)
    matter = forms.ModelChoiceField(
        m.CatalogueMatter.objects.none(), label=_("三重一大事项(目录)"), required=False
    )
    category = forms.ChoiceField(
        choices=[("", "---------"), *m.Category.choices], label=_("类别"), required=False
    )
    amount = forms.DecimalField(
        max_digits=16, decimal_places=2, label=_("金额(元)"), required=False
    )
    candidate = PersonField(User.objects.none(), label=_("拟任人选"), required=False)
    material = forms.FileField(
        label=_("议题材料"),
        required=False,
        help_text=_("PDF、OFD、Word、Excel、文本或图片, 不超过 10 MB"),
    )
    aliases = {"name": "material", "content": "material"}

    def setup(self) -> None:
        people = self.people()
        self.fields["proposer"].queryset = people
        self.fields["candidate"].queryset = people
        self.fields["matter"].queryset = m.CatalogueMatter.objects.filter(
            organisation_id=self.meeting.organisation_id, active=True
        )


class MaterialForm(RecordingForm):
    topic = forms.ModelChoiceField(m.Topic.objects.none(), label=_("议题"))
    material = forms.FileField(
        label=_("议题材料"), help_text=_("PDF、OFD、Word、Excel、文本或图片, 不超过 10 MB")
    )
    aliases = {"name": "material", "content": "material"}

    def setup(self) -> None:
        self.fields["topic"].queryset = self.topics()


class NoticeForm(RecordingForm):
    topic = forms.ModelChoiceField(m.Topic.objects.none(), label=_("议题"))
    sent_at = LocalDateTimeField(label=_("告知时间(北京时间)"))
    members = PeopleField(
        User.objects.none(),
        label=_("告知成员"),
        required=False,
        help_text=_("不选则告知全部未告知成员"),
    )

    def setup(self) -> None:
        self.fields["topic"].queryset = self.topics()
        self.fields["members"].queryset = User.objects.filter(
            pk__in=self.meeting.members.values("user_id")
        ).select_related("organisation")


# --- the meeting itself -------------------------------------------------------------------


class HoldForm(RecordingForm):
    """Held at, and per member: present, or absent with a reason."""

    held_at = LocalDateTimeField(label=_("实际召开时间(北京时间)"))

    def setup(self) -> None:
        self.rows = list(self.meeting.members.select_related("user"))
        for row in self.rows:
            self.fields[f"present_{row.pk}"] = forms.BooleanField(
                label=f"{row.user} · {row.get_role_display()} · " + str(_("出席")),
                required=False,
                initial=True,
            )
            self.fields[f"reason_{row.pk}"] = forms.CharField(
                label=f"{row.user} · " + str(_("缺席原因")), max_length=200, required=False
            )

    def absent(self) -> dict:
        data = self.cleaned_data
        return {
            r.user: data.get(f"reason_{r.pk}", "")
            for r in self.rows
            if not data.get(f"present_{r.pk}")
        }

    def field_for(self, exc: DomainError) -> str | None:
        if exc.field == "absent" and hasattr(self, "cleaned_data"):
            for row in self.rows:
                if (
                    not self.cleaned_data.get(f"present_{row.pk}")
                    and not (self.cleaned_data.get(f"reason_{row.pk}") or "").strip()
                ):
                    return f"reason_{row.pk}"
        return super().field_for(exc)


class TopicChoiceForm(RecordingForm):
    topic = forms.ModelChoiceField(m.Topic.objects.none(), label=_("议题"))

    def setup(self) -> None:
        self.fields["topic"].queryset = self.topics()


class OpenForm(TopicChoiceForm):
    opened_at = LocalDateTimeField(
        label=_("开始讨论时间(北京时间)"),
        required=False,
        help_text=_("可不填；填写后，决定时间不得早于此时间"),
    )


class RecusalForm(TopicChoiceForm):
    member = PersonField(User.objects.none(), label=_("回避成员"))
    reason = forms.CharField(max_length=200, label=_("回避事由"), required=False)

    def setup(self) -> None:
        super().setup()
        self.fields["member"].queryset = self.people()
        self.show_only("member", self.voting_members())


class SpeechForm(TopicChoiceForm):
    member = PersonField(User.objects.none(), label=_("发言成员"))
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("意见摘要"), required=False
    )

    def setup(self) -> None:
        super().setup()
        self.fields["member"].queryset = self.people()
        self.show_only("member", self.voting_members(present_only=True))


class VoteForm(TopicChoiceForm):
    member = PersonField(User.objects.none(), label=_("表决成员"))
    choice = forms.ChoiceField(choices=m.Choice.choices, label=_("表决意见"))

    def setup(self) -> None:
        super().setup()
        self.fields["member"].queryset = self.people()
        self.show_only("member", self.voting_members(present_only=True))


class DecideForm(TopicChoiceForm):
    outcome = forms.ChoiceField(choices=m.Outcome.choices, label=_("结果"))
    decided_at = LocalDateTimeField(
        label=_("决定时间(北京时间)"), required=False, help_text=_("不填则为现在")
    )
    public = forms.BooleanField(label=_("向社会公开"), required=False)
    public_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("公开内容"), required=False
    )


# --- after the meeting -------------------------------------------------------------------


class MinutesForm(RecordingForm):
    meeting = forms.ModelChoiceField(m.Meeting.objects.none(), label=_("会议"))
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label=_("纪要内容"), required=False
    )

    def setup(self) -> None:
        self.fields["meeting"].queryset = m.Meeting.objects.filter(pk=self.meeting.pk)
        self.fields["meeting"].initial = self.meeting.pk
        self.fields["meeting"].empty_label = None


class ApproveForm(RecordingForm):
    minutes = forms.ModelChoiceField(m.Minutes.objects.none(), label=_("会议纪要"))
    approver = PersonField(User.objects.none(), label=_("签发人"), required=False)
    approved_at = LocalDateTimeField(
        label=_("签发时间(北京时间)"), required=False, help_text=_("不填则为现在")
    )
    aliases = {"status": "minutes", "text": "minutes"}

    def setup(self) -> None:
        self.fields["minutes"].queryset = self.meeting.minutes.filter(status=m.MinutesStatus.DRAFT)
        self.fields["approver"].queryset = self.people()
        self.show_only("approver", self.voting_members())
        self.fields["approver"].initial = self.meeting.principal_id


class AmendForm(RecordingForm):
    minutes = forms.ModelChoiceField(m.Minutes.objects.none(), label=_("被修订的纪要"))
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label=_("修订后的纪要内容"), required=False
    )
    reason = forms.CharField(max_length=200, label=_("修订理由"), required=False)

    def setup(self) -> None:
        self.fields["minutes"].queryset = self.meeting.minutes.filter(
            status=m.MinutesStatus.APPROVED
        )


class RecordForm(RecordingForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label=_("会议记录"), required=False
    )


class AnnouncementForm(RecordingForm):
    announced_at = LocalDateTimeField(label=_("通报时间(北京时间)"))
    scope = forms.CharField(max_length=200, label=_("通报范围"), required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("通报内容"), required=False
    )


class TaskForm(TopicChoiceForm):
    owner = PersonField(User.objects.none(), label=_("责任人"), required=False)
    description = forms.CharField(max_length=200, label=_("办理事项"), required=False)
    due = LocalDateField(label=_("办结期限"))

    def setup(self) -> None:
        super().setup()
        self.fields["owner"].queryset = self.people()


class ProgressForm(RecordingForm):
    task = forms.ModelChoiceField(m.DecisionTask.objects.none(), label=_("决定事项"))
    on = LocalDateField(label=_("日期"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("办理进展"), required=False
    )
    done = forms.BooleanField(label=_("已办结"), required=False)

    def setup(self) -> None:
        self.fields["task"].queryset = m.DecisionTask.objects.filter(
            topic__meeting=self.meeting
        ).select_related("topic")


# --- the organisation's rules and the commission's integrity records -----------------------


class DecisionRulesForm(RecordingForm):
    """An organisation's rules of procedure (议事规则); the bounds are the service's."""

    personnel_quorum = forms.ChoiceField(choices=m.Quorum.choices)
    notice_days = forms.IntegerField()
    minutes_days = forms.IntegerField()
    decision_window_days = forms.IntegerField()

    def setup(self) -> None:
        for name, field in self.fields.items():  # the model's own (translated) labels
            field.label = m.DecisionRules._meta.get_field(name).verbose_name


class IntegrityForm(RecordingForm):
    """A record the commission holds on a person (廉政档案)."""

    person = PersonField(User.objects.none(), label=_("人员"))
    kind = forms.ChoiceField(label=_("类别"))
    start = LocalDateField(label=_("开始日期"))
    end = LocalDateField(label=_("结束日期"), required=False)
    source = forms.CharField(max_length=200, label=_("来源(文书及文号)"), required=False)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("备注"), required=False
    )

    def setup(self) -> None:
        from django.utils import translation

        from yangguang.meetings import vetting

        english = (translation.get_language() or "").startswith("en")
        qs = User.objects.filter(is_active=True, organisation__isnull=False)
        root = access.scope_root(self.user)
        if access.role_of(self.user) != Role.SYSADMIN:
            qs = qs.filter(organisation__path__startswith=root.path) if root else qs.none()
        self.fields["person"].queryset = qs.order_by("organisation__path", "username")
        self.fields["kind"].choices = [
            (k.code, k.en if english else k.zh) for k in vetting.kinds().values()
        ]


class IntegrityEndForm(RecordingForm):
    record = forms.ModelChoiceField(m.IntegrityRecord.objects.none(), widget=forms.HiddenInput)
    end = LocalDateField(label=_("结束日期"))

    def setup(self) -> None:
        self.fields["record"].queryset = access.restrict(
            m.IntegrityRecord.objects.filter(end__isnull=True), self.user
        )
