"""Events that apps announce and others listen to, so a lower layer never imports a higher one.

The security log (`audit`) sits above the apps whose actions it records. Instead of every app
calling into it, an app announces what happened; `audit` connects a receiver in its `ready()`.
Announcements are sent when the surrounding transaction commits, so a rolled-back change leaves
no log entry (outside a transaction they are sent at once).

    from core import events
    events.announce(request, "invitation_sent", obj=invitation, detail={"email": invitation.email})
"""

from django.db import transaction
from django.dispatch import Signal

# Receivers get: request (or None), action (a SecurityEvent.Action value), obj, actor, result,
# detail (JSON; never a password or token).
security_event = Signal()


def announce(request, action: str, *, obj=None, actor=None, result="success", detail=None) -> None:
    """Send `security_event` once the current transaction has committed."""

    def send():
        security_event.send(
            sender=None, request=request, action=action, obj=obj, actor=actor, result=result, detail=detail or {}
        )

    transaction.on_commit(send, robust=False)
