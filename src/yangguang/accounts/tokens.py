"""The page of one's own API tokens (``/accounts/tokens/``): made and revoked here, in a
signed-in session, with the password typed again (``api_token_create``/``api_token_revoke``
check it); a new token's secret is shown once, never stored."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from yangguang.accounts import services
from yangguang.accounts.models import ApiToken, TokenScope
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.forms import ServiceForm


def _password_field():
    return forms.CharField(
        label=_("本人登录密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(ServiceForm):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("用在哪个系统"))
    scope = forms.ChoiceField(
        label=_("权限范围"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(label=_("有效天数"), min_value=1, initial=90)
    password = _password_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        days.validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        days.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
        days.initial = settings.API_TOKEN_DEFAULT_DAYS


class RevokeForm(ServiceForm):
    password = _password_field()


def _page(request, *, form=None, revoke=None, created=None, status=200):
    response = render(
        request,
        "accounts/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created"),
            "form": form or TokenForm(),
            "revoke": revoke or RevokeForm(),
            "created": created,
            "now": timezone.now(),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@never_cache
@login_required
def token_list(request):
    """The list, and a new token (its secret shown on this answer only)."""
    if request.method != "POST":
        return _page(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.api_token_create(
                actor=Actor.person(request.user),
                user=request.user,
                name=data["name"],
                scope=data["scope"],
                expires=timezone.now() + timedelta(days=data["days"]),
                password=data["password"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _page(request, created={"token": token, "secret": secret})
    return _page(request, form=form, status=400)


@sensitive_post_parameters("password")
@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked is not None:
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.api_token_revoke(
                actor=Actor.person(request.user),
                token=token,
                password=form.cleaned_data["password"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _t("令牌已吊销。"))
            return redirect("accounts:tokens")
    return _page(request, revoke=form, status=400)
