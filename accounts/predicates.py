"""Who may do what: rule predicates for django-rules.

Every permission in the project is declared in an app's `rules.py` from these predicates, and
checked with `user.has_perm(name, obj)`. Predicates receive the object, so object-level rules
(an initiative coordinator who may see only their own initiative) slot in beside the role
rules without touching the views.
"""

import rules

from accounts.models import Role


def _has_role(*roles):
    @rules.predicate
    def predicate(user):
        return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) in roles)

    return predicate


is_beheerder = _has_role(Role.BEHEERDER)
is_medewerker = _has_role(Role.MEDEWERKER)
is_lezer = _has_role(Role.LEZER)
# Municipal staff: everyone who works for the municipality, whatever they may change.
is_staff_member = _has_role(Role.BEHEERDER, Role.MEDEWERKER, Role.LEZER)
# Staff who may change neighbourhoods, initiatives and partnerships.
is_editor = _has_role(Role.BEHEERDER, Role.MEDEWERKER)

is_coordinator = _has_role(Role.COORDINATOR)


def coordinated_initiative_ids(user) -> set[int]:
    """The initiatives a coordinator may open now; cached on the user object for one request."""
    if not (user and user.is_authenticated and user.is_active and getattr(user, "role", None) == Role.COORDINATOR):
        return set()
    if not hasattr(user, "_coordinated_ids"):
        from accounts.models import CoordinatorAccess

        user._coordinated_ids = set(
            CoordinatorAccess.objects.filter(user=user, revoked_at__isnull=True).values_list("initiative_id", flat=True)
        )
    return user._coordinated_ids


def _initiative_id(obj):
    """The initiative an object belongs to: the initiative itself, or anything with `initiative_id`."""
    if obj is None:
        return None
    from partnerships.models import Initiative

    return obj.pk if isinstance(obj, Initiative) else getattr(obj, "initiative_id", None)


@rules.predicate
def is_coordinator_of(user, obj):
    initiative_id = _initiative_id(obj)
    return initiative_id is not None and initiative_id in coordinated_initiative_ids(user)
