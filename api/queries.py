"""The rows the API reads, prefetched so that a page costs the same number of queries at any size."""

from django.db.models import Prefetch

from agreements.models import Draft, DraftVersion
from neighbourhoods import queries as neighbourhood_queries
from neighbourhoods.models import Goal, GoalProgress, Neighbourhood
from partnerships.models import Partnership
from policies.models import PolicyVersion


def neighbourhoods(*, kind=None, municipality=None, parent=None):
    rows = Neighbourhood.objects.order_by("code")
    if kind:
        rows = rows.filter(kind=kind)
    if municipality:
        rows = rows.filter(municipality_code=municipality)
    if parent:
        rows = rows.filter(parent__code=parent)
    return rows


def with_details(rows):
    """The effective role (own or the wijk's decision) and the goals with their progress."""
    progress = GoalProgress.objects.only("id", "goal_id", "date", "value")  # never the note or the author
    goals = Goal.objects.order_by("title", "id").prefetch_related(Prefetch("progress", queryset=progress))
    return neighbourhood_queries.with_roles(rows).prefetch_related(Prefetch("goals", queryset=goals))


def with_boundary(rows):
    """Only what a GeoJSON feature shows; the boundary asked for explicitly (the manager defers it)."""
    return (
        rows.defer(None)
        .select_related("parent")
        .only(
            "code", "name", "kind", "municipality_code", "municipality_name", "geometry", "geometry_crs", "parent__code"
        )
    )


def published_partnerships():
    """Partnerships of initiatives that agreed to be published as open data; no others, ever."""
    return Partnership.objects.filter(initiative__open_data=True).order_by("initiative__name", "pk")


def with_partnership_details(rows):
    places = Neighbourhood.objects.only("id", "code", "name").order_by("code")
    versions = DraftVersion.objects.only("id", "draft_id", "municipality_agreed_at", "initiative_agreed_at")
    drafts = (
        Draft.objects.only("id", "partnership_id", "form", "created_at")
        .order_by("created_at", "id")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )
    return rows.select_related("initiative", "policy_version").prefetch_related(
        "initiative__themes",
        Prefetch("initiative__neighbourhoods", queryset=places),
        Prefetch("neighbourhoods", queryset=places),
        Prefetch("drafts", queryset=drafts),
    )


def published_ways_of_working():
    return PolicyVersion.objects.published().order_by("-number")


def current_way_of_working_number() -> int | None:
    return published_ways_of_working().values_list("number", flat=True).first()
