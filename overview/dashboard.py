"""What the dashboard shows: step progress, partnerships by status and intensity, and what needs attention.

Every figure is a single aggregate or a bounded list, so the page costs the same at any size.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import DraftVersion
from neighbourhoods.models import Neighbourhood
from neighbourhoods.queries import add_progress, goals_done, in_area, role_done
from partnerships import workflow
from partnerships.models import Activity, Conversation, Initiative, Invitation, Need, Partnership
from partnerships.reference_data import LEVELS
from policies.models import PolicyVersion

LIMIT = 10  # items per "needs attention" list; the full lists are one click away


def step_progress(area=None) -> dict:
    """Counts set-based (a few index scans) rather than per-neighbourhood EXISTS: at national scale
    (17,000 neighbourhoods) this is 20 ms instead of 300 ms (docs/performance.md). Buurten only, as
    the figure tiles count them (a wijk's role counts for its buurten)."""
    buurten = Neighbourhood.objects.filter(kind=Neighbourhood.Kind.BUURT)
    counts = in_area(buurten, area).aggregate(
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


# A bar chart on the dashboard: bars of at most this many pixels, one row per item.
BAR_WIDTH, BAR_ROW, BAR_LABEL = 160, 24, 190


def bar_chart(rows: list[dict], total: int | None = None) -> dict:
    """Rows ({"label", "count"}) with the pixel sizes of an inline SVG bar chart
    (templates/overview/includes/bar_chart.html): `total` is the full bar (else the largest count)."""
    scale = total if total else max([r["count"] for r in rows] + [1])
    bars = [
        {
            **row,
            "y": i * BAR_ROW,
            "text_y": i * BAR_ROW + 16,
            "width": round(BAR_WIDTH * row["count"] / scale) if scale else 0,
        }
        for i, row in enumerate(rows)
    ]
    for bar in bars:
        bar["count_x"] = BAR_LABEL + bar["width"] + 6
    return {
        "bars": bars,
        "height": BAR_ROW * len(rows),
        "width": BAR_LABEL + BAR_WIDTH + 60,
        "label_width": BAR_LABEL,
        "total": total,
    }


def this_week(user, today=None) -> dict:
    """What needs doing this week for the person logged in: open activities due within seven days
    (or overdue), reviews and conversations within seven days, of the initiatives they are the
    contact or deputy of. Bounded lists, a fixed number of queries."""
    today = today or timezone.localdate()
    end = today + datetime.timedelta(days=7)
    mine = Q(initiative__contact=user) | Q(initiative__deputy=user)
    via_partnership = Q(partnership__initiative__contact=user) | Q(partnership__initiative__deputy=user)
    return {
        "activities": list(
            Activity.objects.open()
            .filter(via_partnership, due_date__lte=end)
            .select_related("partnership__initiative")
            .order_by("due_date", "pk")[:LIMIT]
        ),
        "reviews": list(
            Partnership.objects.exclude(status__in=workflow.CLOSED)
            .filter(mine, review_date__lte=end)
            .select_related("initiative")
            .order_by("review_date", "pk")[:LIMIT]
        ),
        "conversations": list(
            Conversation.objects.filter(via_partnership, date__gte=today, date__lte=end)
            .select_related("partnership__initiative")
            .order_by("date", "pk")[:LIMIT]
        ),
        "today": today,
        "end": end,
    }


def staff_dashboard(area=None, user=None, today=None) -> dict:
    progress = step_progress(area)
    by_status = partnerships_by("status", dict(Partnership.Status.choices))
    by_intensity = partnerships_by("intensity", {**{k: v["label"] for k, v in LEVELS.items()}, "": "–"})
    steps = [
        {"label": _("Step 1: role"), "count": progress["role"]},
        {"label": _("Step 2: goals"), "count": progress["goals"]},
    ]
    return {
        "progress": progress,
        "by_status": by_status,
        "by_intensity": by_intensity,
        "charts": {
            "steps": bar_chart(steps, total=progress["total"]),
            "status": bar_chart(by_status),
            "intensity": bar_chart(by_intensity),
        },
        "attention": needs_attention(today, area=area),
        "this_week": this_week(user, today) if user is not None else None,
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
    waiting_drafts = list(
        DraftVersion.objects.awaiting_one_side()
        .filter(draft__partnership__initiative_id__in=ids, initiative_agreed_at__isnull=True)
        .select_related("draft__partnership__initiative")
        .defer("sections", "parties", "activities")[:10]
    )
    ours = Activity.objects.open().filter(partnership__initiative_id__in=ids)
    asked = ours.aggregate(
        activities=Count("pk", filter=Q(responsible__in=["initiative", "both"])),
        overdue=Count("pk", filter=Q(responsible__in=["initiative", "both"], due_date__lt=today)),
        unassigned=Count("pk", filter=Q(responsible="open")),
    )
    asked["needs"] = Need.objects.filter(
        conversation__partnership__initiative_id__in=ids, direction=Need.Direction.MUNICIPALITY, met=False
    ).count()
    asked["drafts"] = len(waiting_drafts)
    asked["anything"] = any(asked.values())
    return {
        "asked": asked,
        "initiatives": initiatives,
        "activities": activities,
        "waiting_drafts": waiting_drafts,
        # Today's conversation is under way or done: "next" is the first one after today.
        "next_conversation": Conversation.objects.filter(partnership__initiative_id__in=ids, date__gt=today)
        .select_related("partnership__initiative")
        .order_by("date")
        .first(),
    }
