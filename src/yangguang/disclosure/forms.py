"""Public forms (shape only; the services validate the domain rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yangguang.disclosure import models as m


class CaptchaMixin(forms.Form):
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha = forms.CharField(label=_("验证码"), max_length=4)


def _choose(label, choices, missing):
    """A choice the citizen makes: radio buttons, none ticked, an answer required."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": missing},
    )


class RequestForm(CaptchaMixin):
    organisation = forms.CharField(label=_("受理机关"), widget=forms.Select)
    subject = forms.CharField(label=_("申请公开的信息"), max_length=200)
    description = forms.CharField(label=_("具体描述"), max_length=5000, widget=forms.Textarea)
    requester_name = forms.CharField(label=_("申请人姓名"), max_length=100)
    requester_contact = forms.CharField(label=_("联系电话"), max_length=200)
    requester_address = forms.CharField(
        label=_("通信地址（可不填）"), max_length=200, required=False
    )
    requester_id_number = forms.CharField(
        label=_("身份证号码（可不填）"), max_length=18, required=False
    )
    publish_consent = _choose(
        _("答复能否在网站公开（申请人信息一律不公开）"),
        [("yes", _("同意公开答复")), ("no", _("不同意公开答复"))],
        _("请选择是否同意在网站公开答复"),
    )


class ComplaintForm(CaptchaMixin):
    kind = _choose(_("类型"), m.ComplaintKind.choices, _("请选择投诉还是举报"))
    subject_kind = _choose(_("反映对象"), m.SubjectKind.choices, _("请选择反映的对象"))
    organisation = forms.CharField(label=_("涉及单位"), widget=forms.Select)
    case_number = forms.CharField(
        label=_("办件编号（反映办件时填写）"), max_length=40, required=False
    )
    person_name = forms.CharField(label=_("涉及人员（可不填）"), max_length=100, required=False)
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("内容"), max_length=10000, widget=forms.Textarea)
    anonymous = _choose(
        _("实名还是匿名"),
        [
            ("no", _("实名提交（姓名和联系方式加密保存）")),
            ("yes", _("匿名提交（不留姓名和联系方式）")),
        ],
        _("请选择实名提交还是匿名提交"),
    )
    name = forms.CharField(label=_("姓名（实名时填写，受保护）"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("联系方式（实名时填写，受保护）"), max_length=200, required=False
    )


class FollowForm(forms.Form):
    number = forms.CharField(label=_("受理编号"), max_length=24)
    code = forms.CharField(label=_("查询码"), max_length=64)


class RequestFollowForm(FollowForm):
    number = forms.CharField(label=_("申请编号"), max_length=24)


class CaseLookupForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=64)
    code = forms.CharField(label=_("查询码"), max_length=64)


class AddInfoForm(forms.Form):
    text = forms.CharField(label=_("补充内容"), max_length=5000, widget=forms.Textarea)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("对办理结果的评价"), choices=m.Satisfaction.choices, widget=forms.RadioSelect
    )
