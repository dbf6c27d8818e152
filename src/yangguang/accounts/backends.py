"""Sign-in with lockout: too many failures lock the account for a while."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from yangguang.accounts import services
from yangguang.accounts.models import User

LOCKED_ATTR = "yangguang_login_locked"


class LockoutBackend(ModelBackend):
    """``ModelBackend`` that counts failures and refuses locked accounts.

    After ``LOGIN_MAX_FAILURES`` failures the account is locked for
    ``LOGIN_LOCKOUT_MINUTES``; a locked account is refused even with the right password
    (the request is marked so the login page can say why). A success resets the count.
    Unknown usernames cost one password hash too, so timing does not tell which exist.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as for a real account
            services.login_record_failure(username=username, user=None)
            return None
        password_ok = user.check_password(password)
        if services.is_locked(user):
            if request is not None:
                setattr(request, LOCKED_ATTR, True)
            services.login_record_failure(username=username, user=user)
            return None
        if not password_ok or not self.user_can_authenticate(user):
            user = services.login_record_failure(username=username, user=user)
            if request is not None and user is not None and services.is_locked(user):
                setattr(request, LOCKED_ATTR, True)
            return None
        return services.login_record_success(user=user)
