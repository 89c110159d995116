"""What the dashboard shows: step progress, partnerships by status and intensity, and what needs attention.

Every figure is a single aggregate or a bounded list, so the page costs the same at any size.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from agreements.models import DraftVersion
from neighbourhoods.models import Neighbourhood
from neighbourhoods.queries import add_progress, goals_done, in_area, role_done
from partnerships.models import Activity, Conversation, Initiative, Invitation, Partnership
from partnerships.reference_data import LEVELS
from policies.models import PolicyVersion

LIMIT = 10  # items per "needs attention" list; the full lists are one click away


def step_progress(area=None) -> dict:
    """Counts set-based (a few index scans) rather than per-neighbourhood EXISTS: at national scale
    (17,000 neighbourhoods) this is 20 ms instead of 300 ms (docs/performance.md)."""
    counts = in_area(Neighbourhood.objects.all(), area).aggregate(
        total=Count("pk"), role=Count("pk", filter=role_done(area)), goals=Count("pk", filter=goals_done(area))
    )
    return {**counts, "policy": PolicyVersion.objects.current()}


def partnerships_by(field: str, labels: dict) -> list[dict]:
    counts = dict(Partnership.objects.values_list(field).annotate(n=Count("pk")).order_by())
    return [{"key": key, "label": label, "count": counts.get(key, 0)} for key, label in labels.items()]


def needs_attention(today=None, area=None) -> dict:
    """What needs someone's attention, a few of each kind. Reviews, overdue activities, expiring
    invitations and drafts awaiting agreement are the model's queryset rules, the same the
    reminders use (`overview.reminders`), so both always list the same things."""
    today = today or timezone.localdate()
    active_initiative_here = Initiative.objects.filter(neighbourhoods=OuterRef("pk"))
    # Select the few ids set-based, then annotate only those with their step progress.
    unprepared_ids = (
        in_area(Neighbourhood.objects.all(), area)
        .filter(Exists(active_initiative_here))
        .filter(~role_done(area) | ~goals_done(area))
        .order_by("code")
        .values("pk")[:LIMIT]
    )
    unprepared = add_progress(Neighbourhood.objects.filter(pk__in=unprepared_ids).order_by("code"))
    return {
        "unprepared_neighbourhoods": list(unprepared),
        "reviews": list(
            Partnership.objects.review_due(today).select_related("initiative").order_by("review_date", "pk")[:LIMIT]
        ),
        "overdue_activities": list(
            Activity.objects.overdue(today).select_related("partnership__initiative").order_by("due_date", "pk")[:LIMIT]
        ),
        "expiring_invitations": list(
            Invitation.objects.expiring(today).select_related("initiative").order_by("expires_at", "pk")[:LIMIT]
        ),
        "without_contact": list(Initiative.objects.without_active_contact().order_by("name")[:LIMIT]),
        "waiting_drafts": list(
            DraftVersion.objects.awaiting_one_side()
            .select_related("draft__partnership__initiative")
            .defer("sections", "parties", "activities")
            .order_by("-frozen_at", "-pk")[:LIMIT]
        ),
        "today": today,
    }


def staff_dashboard(area=None) -> dict:
    return {
        "progress": step_progress(area),
        "by_status": partnerships_by("status", dict(Partnership.Status.choices)),
        "by_intensity": partnerships_by("intensity", {**{k: v["label"] for k, v in LEVELS.items()}, "": "–"}),
        "attention": needs_attention(area=area),
    }


def coordinator_dashboard(user) -> dict:
    """For an initiative coordinator: their initiatives' open activities, drafts waiting for them,
    and the next conversation."""

    today = timezone.localdate()
    initiatives = list(
        Initiative.objects.filter(coordinator_access__user=user, coordinator_access__revoked_at__isnull=True)
        .select_related("partnership")
        .order_by("name")
    )
    ids = [i.pk for i in initiatives]
    activities = list(
        Activity.objects.open()
        .filter(partnership__initiative_id__in=ids)
        .select_related("partnership__initiative")
        .order_by("due_date")[:20]
    )
    for activity in activities:
        activity.overdue = activity.is_overdue(today)
    return {
        "initiatives": initiatives,
        "activities": activities,
        "waiting_drafts": list(
            DraftVersion.objects.awaiting_one_side()
            .filter(draft__partnership__initiative_id__in=ids, initiative_agreed_at__isnull=True)
            .select_related("draft__partnership__initiative")
            .defer("sections", "parties", "activities")[:10]
        ),
        "next_conversation": Conversation.objects.filter(partnership__initiative_id__in=ids, date__gte=today)
        .select_related("partnership__initiative")
        .order_by("date")
        .first(),
    }
