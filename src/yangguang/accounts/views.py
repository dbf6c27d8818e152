from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from yangguang.accounts import services
from yangguang.accounts.forms import LoginForm, OwnPasswordForm
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.login_record_logout(user=request.user)
    logout(request)
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request):
    """One's own new password; the only page open to an account with a one-time
    password until it is changed (``PasswordChangeRequiredMiddleware``)."""
    user = request.user
    form = OwnPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_set_password(
                actor=Actor.person(user), user=user, password=form.cleaned_data["new_password1"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": user.must_change_password},
        status=400 if form.errors else 200,
    )
