"""Figures for the home page. One query per count; the page stays cheap at any size."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from neighbourhoods.models import Neighbourhood
from neighbourhoods.queries import in_area
from partnerships.models import Initiative, Partnership
from policies.models import PolicyVersion


def home_figures(area=None) -> dict:
    """`area`: None, or the municipality code the figures are about (`queries.own_area`)."""
    counts = in_area(Neighbourhood.objects.all(), area).aggregate(
        wijken=Count("pk", filter=Q(kind=Neighbourhood.Kind.WIJK)),
        buurten=Count("pk", filter=Q(kind=Neighbourhood.Kind.BUURT)),
    )
    return {
        **counts,
        "initiatives": Initiative.objects.count(),
        "partnerships": Partnership.objects.count(),
    }


def next_steps(user, figures: dict, municipality) -> list[dict]:
    """What to do next, in the order the guidance note asks for it."""
    steps = []
    if municipality is None:
        steps.append(
            {
                "text": _("Fill in the profile of your municipality."),
                "url": reverse("neighbourhoods:municipality")
                if user.has_perm("neighbourhoods.change_municipality")
                else "",
            }
        )
    if not figures["wijken"] and not figures["buurten"]:
        steps.append(
            {
                "text": _("Import the districts and neighbourhoods of your municipality from CBS."),
                "url": reverse("neighbourhoods:import")
                if user.has_perm("neighbourhoods.import_neighbourhoods")
                else "",
            }
        )
    else:
        steps.append(
            {
                "text": _("Step 1 and 2: choose the municipality's role and set goals per neighbourhood."),
                "url": reverse("neighbourhoods:list"),
            }
        )

    if not PolicyVersion.objects.published().exists():
        steps.append(
            {
                "text": _("Step 3: lay down how the municipality works with resident initiatives."),
                "url": reverse("policies:index"),
            }
        )
    steps.append(
        {
            "text": _("Record the resident initiatives and their municipal contacts."),
            "url": reverse("initiatives:list"),
        }
    )
    return steps
