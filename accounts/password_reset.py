"""The "forgot your password" mail: a rate limit per address and per client, and sending after
the response.

The page answers the same whatever happens: the same redirect whether the address has an account,
whether a limit was reached, whether a mail goes out. What differs (finding the account, making the
token, rendering and sending the mail over SMTP) runs only after the response has been handed to the
server, in the response's `close()`, which a WSGI or ASGI server calls once the body has been sent.
So neither the answer nor its timing tells an outsider whether an account exists.

Why not a thread or `transaction.on_commit`: a thread outlives the request untracked (and tests
cannot wait for it), and on_commit runs before the response leaves, so the SMTP round trip (only
made for an existing account) would still show in the response time.

The limits count every request that passes the form (known address or not) in Django's cache, in a
fixed window of an hour: `PASSWORD_RESET_LIMIT_PER_ADDRESS` for one (normalised) address, against
mail-bombing one person, and `PASSWORD_RESET_LIMIT_PER_CLIENT` for one client address (as
`accounts.auth.client_address` tells it, so behind the proxy per real client), against one client
walking through many addresses. Over a limit, nothing is sent and the page says the same. The cache
is per server (`CACHE_DIR`), so with several app servers each counts on its own.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils import translation

from accounts.auth import client_address, normalise_email

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 3600


def _hit(kind: str, value: str, limit: int) -> bool:
    """Count one request for `value`; True while the count in the current window is within `limit`.
    Read-modify-write: two requests at the same instant may both count as one; the limit is a brake,
    not an exact quota."""
    key = f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"
    now = time.time()
    started, count = cache.get(key) or (now, 0)
    if started + WINDOW_SECONDS <= now:
        started, count = now, 0
    count += 1
    cache.set(key, (started, count), timeout=max(1, int(started + WINDOW_SECONDS - now) + 1))
    return count <= limit


def allowed(request, email: str) -> bool:
    """Count this request against both limits (always both) and say whether a mail may go out."""
    per_address = _hit("address", normalise_email(email), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS)
    per_client = _hit("client", client_address(request) or "unknown", settings.PASSWORD_RESET_LIMIT_PER_CLIENT)
    return per_address and per_client


class RedirectThenRun(HttpResponseRedirect):
    """A redirect that runs `after` once the server has sent it (in `close()`). A failure there is
    logged; the person has their answer already."""

    def __init__(self, url, *, after=None, **kwargs):
        super().__init__(url, **kwargs)
        self.after = after

    def close(self):
        after, self.after = self.after, None
        try:
            if after is not None:
                after()
        except Exception:
            logger.exception("Sending the password reset mail failed after the response")
        finally:
            super().close()


def mail_later(form, options: dict, language: str):
    """What `RedirectThenRun` does after the response: Django's reset form finds the active account
    (if any) and mails the link, in the language of the request. It writes no model."""

    def send():
        with translation.override(language):
            form.save(**options)

    return send
