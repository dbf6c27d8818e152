"""Forms of the back-office pages for posts, holdings and leadership. They parse the
input and offer the choices in the user's scope; every rule (rotation of high-risk
posts, the role a post needs, overlapping holdings and terms, 一把手五个不直接分管, who
may approve an exemption) is the services', shown at the field it names."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.models import User
from yangguang.core import access
from yangguang.core.forms import DateField, PersonChoiceField, ServiceForm
from yangguang.orgs.models import (
    HOLDER_ROLES,
    RESTRICTED_FOR_PRINCIPAL,
    ChargeArea,
    LeadershipRole,
    Organisation,
    RiskGrade,
)


def staff_of(org: Organisation):
    """The active accounts of ``org``, who may hold its posts and lead it."""
    return User.objects.filter(organisation=org, is_active=True).order_by("username")


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class PostForm(ServiceForm):
    code = forms.CharField(label=_("岗位代码"), max_length=32)
    name = forms.CharField(label=_("岗位名称"), max_length=64)
    risk_grade = forms.ChoiceField(label=_("风险等级"), choices=RiskGrade.choices)
    rotation_months = forms.IntegerField(
        label=_("轮岗周期(月)"),
        required=False,
        min_value=1,
        max_value=600,
        help_text=_("高风险岗位必填"),
    )
    holder_role = forms.ChoiceField(
        label=_("任职角色"),
        choices=[("", _("不限")), *HOLDER_ROLES],
        required=False,
        help_text=_("任此岗位者须有的账号角色"),
    )
    duties = forms.CharField(label=_("岗位职责"), required=False, widget=forms.Textarea)


class PostCreateForm(PostForm):
    organisation = OrgField(label=_("单位"), queryset=None)
    field_order = ["organisation", "code", "name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = access.restrict(
            Organisation.objects.order_by("path", "sort_order"), user, "change"
        )


class AssignForm(ServiceForm):
    user = PersonChoiceField(label=_("人员"), queryset=None)
    start = DateField(label=_("任职开始"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        kwargs.setdefault("initial", {"start": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_of(organisation)


class EndForm(ServiceForm):
    """The last day of a holding or a term."""

    end = DateField(label=_("结束日期"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"end": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AppointForm(ServiceForm):
    user = PersonChoiceField(label=_("人员"), queryset=None)
    role = forms.ChoiceField(label=_("职务类别"), choices=LeadershipRole.choices)
    title = forms.CharField(label=_("职务"), max_length=64)
    start = DateField(label=_("任期开始"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        kwargs.setdefault("initial", {"start": timezone.localdate(), "role": "deputy"})
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_of(organisation)


class ChargeForm(ServiceForm):
    area = forms.ChoiceField(label=_("分管领域"), choices=ChargeArea.choices)
    label = forms.CharField(
        label=_("说明"), max_length=64, required=False, help_text=_("“其他”领域须写明名称")
    )
    since = DateField(label=_("分管起始"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"since": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ExemptionForm(ServiceForm):
    area = forms.ChoiceField(
        label=_("分管领域"),
        choices=[(v, label) for v, label in ChargeArea.choices if v in RESTRICTED_FOR_PRINCIPAL],
    )
    reason = forms.CharField(label=_("豁免理由"), widget=forms.Textarea(attrs={"rows": 3}))
    approver = PersonChoiceField(label=_("批准人"), queryset=None)
    approved_on = DateField(label=_("批准日期"))
    valid_until = DateField(label=_("有效期至"), required=False)

    def __init__(self, *args, approvers, **kwargs):
        kwargs.setdefault("initial", {"approved_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = User.objects.filter(pk__in=[u.pk for u in approvers])
