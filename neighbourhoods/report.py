"""The printable overview for the executive and the council: per neighbourhood its role, goals,
initiatives and partnerships."""

from django.db.models import Prefetch
from django.utils import timezone

from neighbourhoods import queries
from neighbourhoods.models import Municipality, Neighbourhood
from partnerships.models import Initiative, Partnership
from policies.models import PolicyVersion


def overview_rows():
    """Every neighbourhood with its effective role, goals and the initiatives (with partnership) there.

    A fixed number of queries whatever the size: annotations and prefetches only."""
    initiatives = Initiative.objects.select_related("partnership").order_by("name")
    qs = queries.with_progress(queries.with_roles(Neighbourhood.objects.all())).prefetch_related(
        "goals", Prefetch("initiatives", queryset=initiatives)
    )
    rows = []
    for n in qs.order_by("code"):
        decision, inherited = queries.effective_decision(n)
        rows.append({"neighbourhood": n, "decision": decision, "inherited": inherited})
    return rows


def context():
    return {
        "municipality": Municipality.current(),
        "policy": PolicyVersion.objects.current(),
        "rows": overview_rows(),
        "partnerships_by_status": Partnership.objects.order_by("status"),
        "today": timezone.localdate(),
    }
