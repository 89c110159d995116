"""Who of an initiative's own people may open what: the object-level predicates for django-rules.

`accounts.predicates` has the role predicates; these add "this initiative is theirs", which only
the initiatives app can know.
"""

import rules

from accounts.models import Role
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
