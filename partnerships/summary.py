"""The summary that opens the partnership page: where the partnership stands and what comes next.

A fixed number of queries whatever the size of the file (aggregates, no rows per item)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from partnerships import workflow
from partnerships.intensity import LEVELS
from partnerships.models import Activity, Need

S = workflow.Status

# The usual path through the statuses; a closed partnership ends it with its closing status.
PATH = [S.EXPLORING, S.IN_CONVERSATION, S.AGREEMENTS_RECORDED, S.ACTIVE, S.REVIEW_DUE]

# What moves the partnership on from each status.
NEXT_MOVE = {
    S.EXPLORING: _("Get to know each other in a first conversation; then the status becomes “in conversation”."),
    S.IN_CONVERSATION: _(
        "Record what both sides need and a shared goal; with agreements written down the status becomes "
        "“agreements recorded”."
    ),
    S.AGREEMENTS_RECORDED: _("When both sides have agreed to the agreement, the partnership becomes “active”."),
    S.ACTIVE: _("Carry out the activities; at the review date the core values are re-calibrated (“review due”)."),
    S.REVIEW_DUE: _("Review the partnership together; then it is active again, or the conversation starts again."),
    S.ENDED: _("The partnership has ended. Staff can reopen it with a note."),
    S.STOPPED_TOGETHER: _("Both sides stopped the search together. Staff can reopen it with a note."),
}


def timeline(status: str) -> list[dict]:
    """The steps of the path, each `done`, `current` or to come."""
    steps = list(PATH)
    if status in workflow.CLOSED:
        steps.append(status)
    position = steps.index(status) if status in steps else 0
    return [
        {"status": step, "label": S(step).label, "done": i < position, "current": i == position}
        for i, step in enumerate(steps)
    ]


def open_items(partnership) -> dict:
    """Open activities and unmet needs per side: {"municipality": n, "initiative": n, "open": n}."""
    activities = partnership.activities.filter(status__in=Activity.OPEN_STATUSES).aggregate(
        municipality=Count("pk", filter=Q(responsible__in=["municipality", "both"])),
        initiative=Count("pk", filter=Q(responsible__in=["initiative", "both"])),
        unassigned=Count("pk", filter=Q(responsible="open")),
    )
    needs = Need.objects.filter(conversation__partnership=partnership, met=False).aggregate(
        # A need of the initiative is for the municipality to answer, and the other way round.
        municipality=Count("pk", filter=Q(direction=Need.Direction.INITIATIVE)),
        initiative=Count("pk", filter=Q(direction=Need.Direction.MUNICIPALITY)),
    )
    return {
        "municipality": activities["municipality"] + needs["municipality"],
        "initiative": activities["initiative"] + needs["initiative"],
        "unassigned": activities["unassigned"],
    }


def next_conversation(partnership, today):
    """The first conversation planned after today (today's is under way, not "next")."""
    return partnership.conversations.filter(date__gt=today).order_by("date").first()


def summary(partnership, today, agreement=None) -> dict:
    level = LEVELS.get(partnership.intensity) if partnership.intensity else None
    return {
        "status": partnership.status,
        "status_label": partnership.get_status_display(),
        "next_move": NEXT_MOVE.get(partnership.status, ""),
        "intensity": level["label"] if level else None,
        "next_conversation": next_conversation(partnership, today),
        "review_date": partnership.review_date,
        "review_overdue": bool(partnership.review_date and partnership.review_date <= today),
        "agreement": agreement,
        "open_items": open_items(partnership),
        "timeline": timeline(partnership.status),
    }
