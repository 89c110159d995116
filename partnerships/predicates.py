"""Who of an initiative's own people may open what: the object-level predicates for django-rules.

`accounts.predicates` has the role predicates; these add "this initiative is theirs", which only
the initiatives app can know.
"""

import rules

from accounts.models import Role
from accounts.predicates import is_editor
from partnerships.models import CoordinatorAccess, Initiative


def coordinated_initiative_ids(user) -> set[int]:
    """The initiatives a coordinator may open now; cached on the user object for one request."""
    if not (user and user.is_authenticated and user.is_active and getattr(user, "role", None) == Role.COORDINATOR):
        return set()
    if not hasattr(user, "_coordinated_ids"):
        user._coordinated_ids = set(
            CoordinatorAccess.objects.filter(user=user, revoked_at__isnull=True).values_list("initiative_id", flat=True)
        )
    return user._coordinated_ids


def _initiative_id(obj):
    """The initiative an object belongs to: the initiative itself, or anything with `initiative_id`."""
    if obj is None:
        return None
    return obj.pk if isinstance(obj, Initiative) else getattr(obj, "initiative_id", None)


@rules.predicate
def is_coordinator_of(user, obj):
    initiative_id = _initiative_id(obj)
    return initiative_id is not None and initiative_id in coordinated_initiative_ids(user)


def side_of(user, obj) -> str:
    """Which side of the partnership `user` acts for on `obj` (anything with `initiative_id`):
    "municipality" for staff who may change files, "initiative" for its own coordinators, else ""."""
    if is_editor(user):
        return "municipality"
    if is_coordinator_of(user, obj):
        return "initiative"
    return ""


@rules.predicate
def is_initiative_activity(user, activity):
    """An activity of the initiative's side: the initiative's or both sides', or with the user named."""
    return activity is not None and (
        activity.responsible in ("initiative", "both") or activity.responsible_person_id == getattr(user, "pk", None)
    )


@rules.predicate
def is_other_side(user, proposal):
    """The side that did not propose to stop: only they confirm or decline."""
    side = side_of(user, proposal)
    return bool(side) and side != proposal.side


@rules.predicate
def is_proposing_side(user, proposal):
    return bool(proposal) and side_of(user, proposal) == proposal.side
