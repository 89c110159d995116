"""A person's inbox: their own notifications, and for a coordinator only those of the initiatives
they coordinate now (access revoked: that initiative's notices are gone from their inbox)."""

from accounts.models import Role
from notifications.models import Notification
from partnerships.models import CoordinatorAccess

HOME_LIMIT = 10


def for_user(user):
    """Every notification `user` may see, newest first, with what the list shows in one query."""
    rows = Notification.objects.filter(recipient=user).select_related("partnership__initiative")
    if user.role == Role.COORDINATOR:
        # A subquery, not a query of its own: the home page pays one query for its inbox.
        current = CoordinatorAccess.objects.filter(user=user, revoked_at__isnull=True).values("initiative_id")
        rows = rows.filter(partnership__initiative_id__in=current)
    return rows.order_by("-created_at", "-pk")


def unread(user):
    return for_user(user).filter(read_at__isnull=True)


def home(user) -> dict:
    """The home page's "new since your last visit": the newest unread ones and how many there are."""
    queryset = unread(user)
    items = list(queryset[: HOME_LIMIT + 1])
    count = len(items) if len(items) <= HOME_LIMIT else queryset.count()
    return {"items": items[:HOME_LIMIT], "count": count, "more": count > HOME_LIMIT}
