"""What the dashboard shows: step progress, partnerships by status and intensity, and what needs attention.

Every figure is a single aggregate or a bounded list, so the page costs the same at any size.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agreements.models import DraftVersion
from neighbourhoods.models import Neighbourhood
from neighbourhoods.queries import add_progress, goals_done, in_area, role_done
from partnerships import workflow
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
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=30)
    closed = workflow.CLOSED
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

    waiting = (
        DraftVersion.objects.filter(draft__status="drafting")
        .filter(
            Q(municipality_agreed_at__isnull=True, initiative_agreed_at__isnull=False)
            | Q(municipality_agreed_at__isnull=False, initiative_agreed_at__isnull=True)
        )
        .select_related("draft__partnership__initiative")
        .order_by("-frozen_at")
    )
    return {
        "unprepared_neighbourhoods": list(unprepared),
        "reviews": list(
            Partnership.objects.filter(review_date__lte=soon)
            .exclude(status__in=closed)
            .select_related("initiative")
            .order_by("review_date")[:LIMIT]
        ),
        "overdue_activities": list(
            Activity.objects.filter(due_date__lt=today, status__in=["planned", "in_progress"])
            .select_related("partnership__initiative")
            .order_by("due_date")[:LIMIT]
        ),
        "expiring_invitations": list(
            Invitation.objects.filter(
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                expires_at__lte=timezone.now() + datetime.timedelta(days=2),
            )
            .select_related("initiative")
            .order_by("expires_at")[:LIMIT]
        ),
        "without_contact": list(Initiative.objects.without_active_contact().order_by("name")[:LIMIT]),
        "waiting_drafts": list(waiting[:LIMIT]),
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
        Activity.objects.filter(partnership__initiative_id__in=ids, status__in=["planned", "in_progress"])
        .select_related("partnership__initiative")
        .order_by("due_date")[:20]
    )
    for activity in activities:
        activity.overdue = activity.is_overdue(today)
    return {
        "initiatives": initiatives,
        "activities": activities,
        "waiting_drafts": list(
            DraftVersion.objects.filter(
                draft__partnership__initiative_id__in=ids,
                draft__status="drafting",
                municipality_agreed_at__isnull=False,
                initiative_agreed_at__isnull=True,
            ).select_related("draft__partnership__initiative")[:10]
        ),
        "next_conversation": Conversation.objects.filter(partnership__initiative_id__in=ids, date__gte=today)
        .select_related("partnership__initiative")
        .order_by("date")
        .first(),
    }
