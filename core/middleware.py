import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LAST_SEEN = "_last_seen"
STARTED = "_login_started"


class SessionTimeoutMiddleware:
    """End a login after SESSION_IDLE_MINUTES without activity, or SESSION_MAX_HOURS after it began."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(STARTED, now)
            last_seen = session.get(LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_MINUTES * 60
            expired = now - started > settings.SESSION_MAX_HOURS * 3600
            if idle or expired:
                logout(request)
                messages.info(request, _("Your session has ended; please log in again."))
                login_url = reverse(settings.LOGIN_URL)
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            # Write the session at most once a minute, not on every request.
            if now - last_seen > 60 or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs):
    """At login: the login's start and last activity, so the first request need not write the session."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[LAST_SEEN] = now
