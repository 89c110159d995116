"""Writing the security log. `record` works from anywhere: views, services, signal receivers, commands.

    from audit.services import record
    record(request, "export", detail={"what": "initiatieven"})

`request` may be None (a management command); the actor then has to be passed, or stays empty.
"""

from accounts.auth import client_address
from audit.models import SecurityEvent

USER_AGENT_LENGTH = 255


def client_ip(request) -> str:
    """The client's address, taken from the proxy header as configured (`AXES_PROXY_COUNT`), the same
    one axes records; without a proxy the socket address."""
    return client_address(request)


def user_agent(request) -> str:
    if request is None:
        return ""
    return (request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_LENGTH]


def _authenticated(user):
    return user if user is not None and getattr(user, "is_authenticated", False) and user.pk else None


def record(request, action, *, obj=None, result=SecurityEvent.Result.SUCCESS, actor=None, detail=None):
    """Append one event to the security log and return it.

    `actor` defaults to the request's logged-in user. `obj` (any model instance) is kept as type,
    id and text, so the log still says what it was about after the object is gone. `detail` is
    JSON; never put a password or token in it.
    """
    if action not in SecurityEvent.Action.values:
        raise ValueError(f"Unknown security event action: {action!r}")
    if result not in SecurityEvent.Result.values:
        raise ValueError(f"Unknown security event result: {result!r}")
    actor = _authenticated(actor) or _authenticated(getattr(request, "user", None))
    event = SecurityEvent(
        actor=actor,
        actor_repr=(actor.get_username() if actor is not None else "")[:255],
        action=action,
        result=result,
        origin=client_ip(request),
        user_agent=user_agent(request),
        detail=detail or {},
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)[:64]
        event.object_repr = str(obj)[:255]
    event.save()
    return event
