from django.contrib.auth.backends import ModelBackend

from .lockout import LoginGuard


class GuardedModelBackend(ModelBackend):
    """Django's username/password check behind the failed-login lockout, for every sign-in path
    (the APIs' logins, the customer pages, the admin)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None  # not a password sign-in (another backend's credentials): nothing to count
        guard = LoginGuard.for_request(request, username)
        guard.check()
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            guard.failed()
        else:
            guard.succeeded()
        return user
