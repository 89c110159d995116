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
