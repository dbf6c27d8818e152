from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.backends import LOCKED_ATTR


class LoginForm(AuthenticationForm):
    """The sign-in form; tells a locked account apart from a wrong password."""

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
        "invalid_login": _("用户名或密码不正确 (wrong username or password)"),
        "locked": _(
            "登录失败次数过多, 账号已暂时锁定, 请稍后再试 "
            "(too many failed sign-ins: the account is locked for a while, try again later)"
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self.request is not None and getattr(self.request, LOCKED_ATTR, False):
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise
