"""Planning, changing and cancelling meetings, their reports and the comments on them.

Each runs in one transaction, writes the history, first checks that the partnership is still open
(`workflow.ensure_open`), and tells the other side (`partnerships.notices.tell`). Invitations,
changes and cancellations go to every participant, the planner included, at once and with the
iCalendar invitation attached; a report and a comment go to the other side as usual.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, User
from core import history
from core.concurrency import update_versioned
from core.exceptions import ActionRefused
from core.models import ChangeEntry
from meetings import calendar
from meetings.models import DEFAULT_DURATION, Meeting, MeetingComment, MeetingReport
from neighbourhoods.models import Municipality
from partnerships import notices, workflow
from partnerships import services as partnership_services
from partnerships.models import Activity, Need

MEETING_FIELDS = [
    "starts_at",
    "ends_at",
    "location",
    "video_url",
    "participants",
    "other_participants",
    "agenda",
    "conversation",
]


def invitable_users(partnership):
    """Who may be invited: active municipal staff and the initiative's active coordinators."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role__in=STAFF_ROLES)
            | Q(
                coordinator_access__initiative_id=partnership.initiative_id,
                coordinator_access__revoked_at__isnull=True,
            )
        )
        .distinct()
        .order_by("full_name", "email")
    )


def proposed_agenda(partnership) -> str:
    """The agenda a new meeting starts with: the open needs and open activities of the partnership."""
    needs = Need.objects.filter(conversation__partnership=partnership, met=False).order_by("direction", "id")
    activities = partnership.activities.open().order_by("due_date", "id")
    sections = [(_("Opening"), [])]
    if needs:
        sections.append((_("Open needs"), [(need.description.splitlines() or [""])[0][:200] for need in needs]))
    if activities:
        items = [
            f"{activity.what} ({date_format(activity.due_date)})" if activity.due_date else activity.what
            for activity in activities
        ]
        sections.append((_("Open activities"), items))
    sections.append((_("Next steps and the next meeting"), []))
    lines = []
    for number, (title, items) in enumerate(sections, start=1):
        lines.append(f"{number}. {title}")
        lines += [f"   - {item}" for item in items]
    return "\n".join(lines)


def _in_utc(values: dict) -> dict:
    """Moments as the database gives them back (UTC), so an unchanged time is not a change."""
    return {
        name: value.astimezone(datetime.UTC) if name in ("starts_at", "ends_at") and value else value
        for name, value in values.items()
    }


def _check(meeting, participants):
    if meeting.starts_at and not meeting.ends_at:
        meeting.ends_at = meeting.starts_at + DEFAULT_DURATION
    meeting.full_clean(exclude=["partnership", "conversation", "created_by", "uuid"], validate_unique=False)
    allowed = set(invitable_users(meeting.partnership).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in participants):
        raise ValidationError(
            {"participants": _("Only municipal staff and this initiative's coordinators can be invited.")}
        )
    if meeting.conversation_id and meeting.conversation.partnership_id != meeting.partnership_id:
        raise ValidationError({"conversation": _("This conversation belongs to another partnership.")})


def _ensure_planned(meeting):
    if meeting.cancelled:
        raise ActionRefused(_("This meeting has been cancelled."))


def _tell_participants(meeting, kind, *, actor, method):
    participants = list(meeting.participants.all())
    recipients = participants + ([actor] if actor is not None and actor.is_authenticated else [])
    recipients = list({person.pk: person for person in recipients}.values())
    municipality = Municipality.current()
    ics = calendar.build(meeting, participants, method=method, organiser=municipality.name if municipality else "")
    notices.tell(
        meeting.partnership,
        kind,
        actor=actor,
        obj=meeting,
        url=reverse("meetings:detail", args=[meeting.pk]),
        summary=_when(meeting),
        recipients=recipients,
        immediate=True,
        attachment=(calendar.FILENAME, ics, calendar.mimetype(method)),
    )


def _when(meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    text = f"{date_format(start, 'DATE_FORMAT')} {date_format(start, 'TIME_FORMAT')}"
    return f"{text}, {meeting.place}" if meeting.place else text


@transaction.atomic
def plan_meeting(partnership, *, actor, values: dict) -> Meeting:
    """Plan a meeting; everyone invited (and the planner) gets the invitation in their calendar."""
    workflow.ensure_open(partnership)
    values = _in_utc(values)
    participants = list(values.pop("participants", []))
    meeting = Meeting(partnership=partnership, created_by=actor, **values)
    _check(meeting, participants)
    meeting.save()
    meeting.participants.set(participants)
    history.record_create(meeting, actor=actor, fields=list(dict.fromkeys([*values, "ends_at", "participants"])))
    history.record(
        partnership,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("meeting_planned", new=_when(meeting))],
    )
    _tell_participants(meeting, "meeting_planned", actor=actor, method=calendar.REQUEST)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, actor, expected_version: int, values: dict):
    """Change a meeting; returns (meeting, changes). A change raises the calendar SEQUENCE and sends
    the updated invitation to everyone invited now. A stale edit raises StaleEditError."""
    workflow.ensure_open(meeting.partnership)
    _ensure_planned(meeting)
    values = _in_utc(values)
    probe = Meeting(
        pk=meeting.pk,
        partnership=meeting.partnership,
        uuid=meeting.uuid,
        **{k: v for k, v in values.items() if k != "participants"},
    )
    for name in MEETING_FIELDS:
        if name not in values and name != "participants":
            setattr(probe, name, getattr(meeting, name))
    participants = list(values.get("participants", meeting.participants.all()))
    _check(probe, participants)
    if "ends_at" in values or "starts_at" in values:
        values["ends_at"] = probe.ends_at.astimezone(datetime.UTC)
    meeting, changes = update_versioned(meeting, expected_version=expected_version, values=values, actor=actor)
    if changes:
        Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
        meeting.refresh_from_db()
        _tell_participants(meeting, "meeting_updated", actor=actor, method=calendar.REQUEST)
    return meeting, changes


@transaction.atomic
def cancel_meeting(meeting, *, actor, reason: str = "") -> Meeting:
    """Cancel a meeting: everyone invited gets the cancellation (METHOD:CANCEL, same UID)."""
    workflow.ensure_open(meeting.partnership)
    if meeting.ends_at < timezone.now():
        raise ActionRefused(_("This meeting has already taken place; it cannot be cancelled."))
    if not Meeting.objects.filter(pk=meeting.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now(),
        cancel_reason=reason.strip(),
        sequence=F("sequence") + 1,
        version=F("version") + 1,
    ):
        raise ActionRefused(_("This meeting has already been cancelled."))
    meeting.refresh_from_db()
    history.record(
        meeting,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("meeting_cancelled", new=_when(meeting))],
        note=reason.strip(),
    )
    history.record(
        meeting.partnership,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("meeting_cancelled", new=_when(meeting))],
    )
    _tell_participants(meeting, "meeting_cancelled", actor=actor, method=calendar.CANCEL)
    return meeting


@transaction.atomic
def write_report(meeting, *, actor, discussed: str, decisions: str = "", activities=()) -> MeetingReport:
    """Write or rewrite the report of a meeting, and add the new activities agreed in it.

    `activities` are dicts with `what`, `responsible` and optionally `due_date` and `third_party`;
    they are added through `partnerships.services.add_activity`, linked to the meeting's
    conversation if it has one."""
    workflow.ensure_open(meeting.partnership)
    _ensure_planned(meeting)
    existing = MeetingReport.objects.filter(meeting=meeting).first()
    if existing is None:
        report = MeetingReport.objects.create(
            meeting=meeting, discussed=discussed, decisions=decisions, written_by=actor
        )
        history.record_create(report, actor=actor, fields=["discussed", "decisions"])
        kind = "report_written"
    else:
        before = history.snapshot(existing, ["discussed", "decisions"])
        existing.discussed, existing.decisions = discussed, decisions
        existing.written_by, existing.written_at = actor, timezone.now()
        existing.save()
        report = existing
        history.record(
            report,
            actor=actor,
            action=ChangeEntry.Action.UPDATE,
            changes=history.diff(report, before, history.snapshot(report, ["discussed", "decisions"])),
        )
        kind = "report_updated"
    history.record(
        meeting.partnership,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("meeting_report", new=_when(meeting))],
    )
    for values in activities:
        partnership_services.add_activity(
            meeting.partnership,
            actor=actor,
            values={
                "what": values["what"],
                "responsible": values.get("responsible") or Activity.Responsible.OPEN,
                "third_party": values.get("third_party", ""),
                "due_date": values.get("due_date"),
                "conversation": meeting.conversation,
            },
        )
    notices.tell(
        meeting.partnership,
        kind,
        actor=actor,
        obj=report,
        url=reverse("meetings:detail", args=[meeting.pk]) + "#verslag",
        summary=discussed,
    )
    return report


@transaction.atomic
def add_comment(meeting, *, actor, text: str) -> MeetingComment:
    """A comment on the meeting's report; the other side hears of it."""
    workflow.ensure_open(meeting.partnership)
    if not MeetingReport.objects.filter(meeting=meeting).exists():
        raise ActionRefused(_("There is no report to comment on yet."))
    comment = MeetingComment.objects.create(meeting=meeting, author=actor, text=text)
    history.record(
        meeting,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("meeting_comment", new=text[:200])],
    )
    notices.tell(
        meeting.partnership,
        "report_comment",
        actor=actor,
        obj=comment,
        url=reverse("meetings:detail", args=[meeting.pk]) + f"#reactie-{comment.pk}",
        summary=text,
    )
    return comment


def partnership_section(partnership, user) -> dict:
    """The partnership page's meetings part: the next planned meeting and the latest report."""
    now = timezone.now()
    next_meeting = partnership.meetings.upcoming(now).first()
    latest_report = (
        MeetingReport.objects.filter(meeting__partnership=partnership)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-id")
        .first()
    )
    return {
        "meetings_next": next_meeting,
        "meetings_latest_report": latest_report,
        "can_plan_meeting": user.has_perm("meetings.plan_meeting", partnership),
    }
