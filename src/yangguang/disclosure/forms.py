"""Public forms (shape only; the services validate the domain rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yangguang.disclosure import models as m


class CaptchaMixin(forms.Form):
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha = forms.CharField(label=_("验证题答案"), max_length=4)


class RequestForm(CaptchaMixin):
    organisation = forms.CharField(label=_("受理单位"), widget=forms.Select)
    subject = forms.CharField(label=_("申请公开的信息"), max_length=200)
    description = forms.CharField(label=_("具体描述"), max_length=5000, widget=forms.Textarea)
    requester_name = forms.CharField(label=_("申请人姓名"), max_length=100)
    requester_contact = forms.CharField(label=_("联系方式"), max_length=200)
    publish_consent = forms.BooleanField(
        label=_("同意在网站公开答复 (不公开申请人信息)"), required=False, initial=True
    )


class ComplaintForm(CaptchaMixin):
    kind = forms.ChoiceField(label=_("类型"), choices=m.ComplaintKind.choices)
    subject_kind = forms.ChoiceField(label=_("反映对象"), choices=m.SubjectKind.choices)
    organisation = forms.CharField(label=_("涉及单位"), widget=forms.Select)
    case_number = forms.CharField(
        label=_("办件编号 (反映办件时填写)"), max_length=40, required=False
    )
    person_name = forms.CharField(label=_("涉及人员 (可不填)"), max_length=100, required=False)
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("内容"), max_length=10000, widget=forms.Textarea)
    anonymous = forms.BooleanField(label=_("匿名提交"), required=False, initial=True)
    name = forms.CharField(label=_("姓名 (实名时填写, 受保护)"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("联系方式 (实名时填写, 受保护)"), max_length=200, required=False
    )


class FollowForm(forms.Form):
    number = forms.CharField(label=_("受理编号"), max_length=24)
    code = forms.CharField(label=_("查询码"), max_length=64)


class CaseLookupForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=64)
    code = forms.CharField(label=_("查询码"), max_length=64)


class AddInfoForm(forms.Form):
    text = forms.CharField(label=_("补充内容"), max_length=5000, widget=forms.Textarea)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("对办理结果的评价"), choices=m.Satisfaction.choices, widget=forms.RadioSelect
    )
