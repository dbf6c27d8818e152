from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from yangguang.accounts import throttle
from yangguang.accounts.roles import Role
from yangguang.core import context
from yangguang.core.errors import in_language_lazy
from yangguang.core.forms import ServiceForm

#: the one answer to every failed sign-in, whatever the cause (a wrong password, an
#: unknown username, a deactivated account, a wait of the throttle): it tells a guesser
#: nothing, not even which usernames exist
SIGN_IN_FAILED = _("用户名或密码不正确，或尝试过于频繁，请核对后稍后再试")


class LoginForm(AuthenticationForm):
    """The sign-in form; every failure gets the same message (``SIGN_IN_FAILED``)."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_FAILED,
        "inactive": SIGN_IN_FAILED,
    }


# --- the back office: accounts kept by administrators, one's own password ---------------


def _manageable_orgs(user):
    from yangguang.core import access
    from yangguang.orgs.models import Organisation

    return access.restrict(Organisation.objects.order_by("path", "sort_order"), user, "change")


def _role_choices(user):
    from yangguang.core import access

    sysadmin = access.role_of(user) == Role.SYSADMIN
    return [(v, label) for v, label in Role.choices if sysadmin or v != Role.SYSADMIN]


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class AccountForm(ServiceForm):
    """Name, organisation and role of an account; the organisations and roles offered
    are those the user may manage."""

    full_name = forms.CharField(label=_("姓名"), max_length=64)
    organisation = OrgChoiceField(
        label=_("所在单位"),
        queryset=None,
        required=False,
        help_text=_("系统管理员可以不属于任何单位"),
    )
    role = forms.ChoiceField(label=_("角色"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _manageable_orgs(user)
        self.fields["role"].choices = _role_choices(user)


class AccountCreateForm(AccountForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用的名字, 字母、数字和 @/./+/-/_"),
    )
    field_order = ["username", "full_name", "organisation", "role"]


class OwnPasswordForm(ServiceForm):
    """One's own new password, typed twice, after the current (or one-time) one."""

    aliases = {"password": "new_password1"}

    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not throttle.check_password(self.user, value, context.current().client_ip):
            raise forms.ValidationError(
                in_language_lazy("当前密码不正确", "the current password is wrong"), code="wrong"
            )
        return value

    def clean(self):
        data = super().clean()
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error(
                "new_password2",
                in_language_lazy("两次输入的新密码不一致", "the two new passwords differ"),
            )
        return data
