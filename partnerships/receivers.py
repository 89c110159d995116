"""How the initiatives app answers signals of the layers below it (connected in apps.py)."""

from django.utils.translation import gettext as _

from partnerships.services import initiatives_only_covered_by


def object_to_deactivation(sender, user, **kwargs):
    """A colleague who is the only active contact of an initiative stays active until the files move."""
    uncovered = list(initiatives_only_covered_by(user).values_list("name", flat=True))
    if not uncovered:
        return None
    return _(
        "This person is still the only active contact of: %(names)s. Hand their files over "
        "to a colleague first (Initiatives > Hand over files), then deactivate the account."
    ) % {"names": ", ".join(uncovered)}
