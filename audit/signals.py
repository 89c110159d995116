"""Receivers that write to the security log: logins, logouts, failed logins and lockouts (Django's and
axes' signals), and what the apps announce through `core.events` (invitations, role changes, exports)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from accounts.auth import normalise_email
from audit.models import SecurityEvent
from audit.services import record
from core import events

USERNAME_KEYS = ("username", "email")


def on_logged_in(sender, request, user, **kwargs):
    record(request, SecurityEvent.Action.LOGIN, actor=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        record(request, SecurityEvent.Action.LOGOUT, actor=user)


def attempted_username(credentials) -> str:
    """The login name that was tried; the password (and anything else in `credentials`) is never kept."""
    for key in USERNAME_KEYS:
        value = (credentials or {}).get(key)
        if value:
            return normalise_email(value)[:254]
    return ""


def on_login_failed(sender, credentials, request=None, **kwargs):
    detail = {"username": attempted_username(credentials)}
    if getattr(request, "axes_locked_out", False):
        detail["locked_out"] = True
    record(request, SecurityEvent.Action.LOGIN_FAILED, result=SecurityEvent.Result.FAILURE, detail=detail)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record(
        request,
        SecurityEvent.Action.LOCKOUT,
        result=SecurityEvent.Result.FAILURE,
        detail={"username": str(username or "")[:254], "ip_address": str(ip_address or "")[:45]},
    )


def on_security_event(sender, request, action, obj=None, actor=None, result="success", detail=None, **kwargs):
    record(request, action, obj=obj, actor=actor, result=result, detail=detail)


def connect():
    from axes.signals import user_locked_out

    user_logged_in.connect(on_logged_in, dispatch_uid="audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit.locked_out")
    events.security_event.connect(on_security_event, dispatch_uid="audit.security_event")
