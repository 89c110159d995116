"""The printable overview for the executive and the council: per neighbourhood its role, goals,
initiatives and partnerships."""

from django.db.models import Prefetch
from django.utils import timezone

from neighbourhoods import queries
from neighbourhoods.branding import pdf_brand
from neighbourhoods.models import Municipality, Neighbourhood
from partnerships.models import Initiative, Partnership
from policies.models import PolicyVersion


def overview_rows(area_code=None):
    """Every neighbourhood (of one municipality, when given) with its effective role, goals and
    the initiatives (with partnership) there.

    A fixed number of queries whatever the size: annotations and prefetches only."""
    initiatives = Initiative.objects.select_related("partnership").order_by("name")
    neighbourhoods = queries.in_area(Neighbourhood.objects.all(), area_code)
    qs = queries.with_progress(queries.with_roles(neighbourhoods)).prefetch_related(
        "goals", Prefetch("initiatives", queryset=initiatives)
    )
    rows = []
    for n in qs.order_by("code"):
        decision, inherited = queries.effective_decision(n)
        rows.append({"neighbourhood": n, "decision": decision, "inherited": inherited})
    return rows


def context():
    municipality = Municipality.current()
    return {
        "municipality": municipality,
        "brand": pdf_brand(municipality),  # logo and main colour
        "policy": PolicyVersion.objects.current(),
        # After a national import: the own municipality's neighbourhoods, not a PDF of 17,000 rows.
        "rows": overview_rows(queries.own_area(municipality)),
        "partnerships_by_status": Partnership.objects.order_by("status"),
        "today": timezone.localdate(),
    }
