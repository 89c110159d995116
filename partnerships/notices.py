"""What one side of a partnership did that the other side should hear of.

A partnership has two sides: the municipality's staff and the initiative's coordinators. When
one side adds a need, takes on an activity, shares a document, plans a meeting, agrees a version
or proposes to stop, the other side should hear of it, in their inbox and (by their own choice)
by mail. The apps where those things happen (partnerships, wijkkompas, agreements, meetings,
documents) sit below the app that keeps inboxes and sends mail (`notifications`), so they do not
call it: their services call `tell` inside their own transaction, and `notifications` connects a
receiver to `file_event` in its `ready()`. The receiver stores the inbox items in that same
transaction (so an action and its notices commit or roll back together) and mails after commit.

    notices.tell(partnership, "need_added", actor=request.user, obj=need,
                 url=reverse("partnerships:conversation", args=[...]), summary=need.description)

Each app registers the kinds it tells with a label, in its AppConfig.ready():

    notices.register({"need_added": _("%(actor)s added a need")})

A label may use %(actor)s (who did it) and %(initiative)s (the initiative's name).

Rules for callers:
- `summary` is shown to the recipients, in the inbox and in mail: never put internal notes in it.
- `internal=True` for something only staff may know of (an internal document): then nobody on
  the initiative's side hears of it, whoever did it.
- `recipients` overrides "the other side" (a meeting invitation goes to its participants, of both
  sides and the planner too); `immediate=True` mails them at once whatever their choice of mail,
  except "no mail" (an invitation in a daily digest would arrive too late).
- `attachment` is (filename, content, mimetype), stored with the notice (an iCalendar invitation
  is sent as it was when the meeting was planned, also when a failed mail is retried later).
"""

from dataclasses import dataclass, field

from django.dispatch import Signal

# Receivers get: notice (a Notice). Sent inside the caller's transaction.
file_event = Signal()

_kinds: dict[str, object] = {}  # kind -> translatable label with %(actor)s and %(initiative)s


def register(kinds: dict) -> None:
    _kinds.update(kinds)


def label(kind: str):
    return _kinds.get(kind, kind)


def kinds() -> dict:
    return dict(_kinds)


@dataclass(frozen=True)
class Notice:
    partnership: object  # partnerships.Partnership
    kind: str
    actor: object = None  # the user who did it; None for the system
    obj: object = None  # what it is about (a need, a meeting, a document)
    url: str = ""  # a path to the page where it can be seen
    summary: str = ""  # a short text the recipients may read (never internal notes)
    internal: bool = False
    recipients: tuple | None = None  # users; None: the other side of the actor
    immediate: bool = False
    attachment: tuple | None = None  # (filename, content, mimetype)
    detail: dict = field(default_factory=dict)


def tell(
    partnership,
    kind: str,
    *,
    actor=None,
    obj=None,
    url: str = "",
    summary: str = "",
    internal: bool = False,
    recipients=None,
    immediate: bool = False,
    attachment=None,
    detail=None,
) -> Notice:
    """Let the other side of `partnership` know of `kind`. Call inside the service's transaction."""
    notice = Notice(
        partnership=partnership,
        kind=kind,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        obj=obj,
        url=url,
        summary=(summary or "").strip()[:500],
        internal=internal,
        recipients=tuple(recipients) if recipients is not None else None,
        immediate=immediate,
        attachment=attachment,
        detail=detail or {},
    )
    file_event.send(sender=None, notice=notice)
    return notice
