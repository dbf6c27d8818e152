"""Sign-in through the throttle (``accounts.throttle``).

``ThrottledBackend`` is Django's ``ModelBackend`` with the waits checked first: while one
runs for the username and client address, the attempt is refused without looking at the
password (no hash is computed). Otherwise the password is checked (an unknown username
costs the same hash, so timing does not tell which exist), a failure is counted, a
success clears the count for that address and is audited. Every refusal is the same
``None``: the sign-in form says one thing whatever the cause.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from yangguang.accounts import services, throttle
from yangguang.accounts.models import User


def client_address(request) -> str | None:
    """The client's address (the trusted proxy's middleware has already put it in
    ``REMOTE_ADDR``)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        keys = throttle.Keys.of(username, client_address(request))
        user = throttle.account_for(username)
        if throttle.wait(keys) > 0:
            throttle.refused(keys, user=user)
            return None
        if user is None:
            User().set_password(password)  # the same work as for a real account
            throttle.failed(keys, user=None)
            return None
        if not user.check_password(password) or not self.user_can_authenticate(user):
            throttle.failed(keys, user=user)
            return None
        throttle.succeeded(keys)
        return services.login_record_success(user=user)
