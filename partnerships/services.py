"""Changes to initiatives, their contact log and their partnership file. Each validates, saves and
writes the history in one transaction; changes to a partnership file first check that the
partnership is not closed (`workflow.ensure_open`)."""

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry
from neighbourhoods.models import Neighbourhood
from neighbourhoods.queries import with_progress
from partnerships import intensity, notices, workflow
from partnerships.models import (
    Activity,
    Assessment,
    Comment,
    ContactLogEntry,
    Conversation,
    Initiative,
    Need,
    Partnership,
    SharedGoal,
    StatusChange,
)
from policies.models import PolicyVersion


class HandoverError(Exception):
    pass


@transaction.atomic
def create_initiative(*, actor, values: dict) -> Initiative:
    m2m = {k: values.pop(k) for k in ["neighbourhoods", "themes"] if k in values}
    initiative = Initiative.objects.create(**values)
    for name, items in m2m.items():
        getattr(initiative, name).set(items)
    history.record_create(initiative, actor=actor, fields=[*values, *m2m])
    return initiative


@transaction.atomic
def add_log_entry(initiative: Initiative, *, actor, **values) -> ContactLogEntry:
    entry = ContactLogEntry.objects.create(initiative=initiative, author=actor, **values)
    history.record(
        initiative,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[
            history.event(
                "log",
                new=[history.part(entry, "kind", entry.kind), history.part(entry, "date", entry.date)],
                internal=entry.visibility != ContactLogEntry.Visibility.SHARED,
            )
        ],
    )
    return entry


def files_of(user):
    """Initiatives where `user` is the contact or the deputy."""
    return Initiative.objects.filter(Q(contact=user) | Q(deputy=user))


def initiatives_only_covered_by(user):
    """Initiatives that would have no active contact left if `user` were deactivated."""
    other_deputy = Q(deputy__is_active=True) & ~Q(deputy=user)
    other_contact = Q(contact__is_active=True) & ~Q(contact=user)
    return Initiative.objects.filter((Q(contact=user) & ~other_deputy) | (Q(deputy=user) & ~other_contact))


@transaction.atomic
def hand_over(*, from_user, to_user, note: str, actor) -> list[Initiative]:
    """Move every file of `from_user` (as contact or deputy) to `to_user`, with a note in each log."""
    if from_user == to_user:
        raise HandoverError(_("Choose two different colleagues."))
    if not to_user.is_active:
        raise HandoverError(_("The colleague who takes over must have an active account."))
    moved = []
    for initiative in files_of(from_user).select_for_update():
        before = history.snapshot(initiative, ["contact", "deputy"])
        if initiative.contact_id == from_user.pk:
            initiative.contact = to_user
            if initiative.deputy_id == to_user.pk:
                initiative.deputy = None  # one person is not their own deputy
        if initiative.deputy_id == from_user.pk:
            initiative.deputy = None if initiative.contact_id == to_user.pk else to_user
        initiative.version += 1
        initiative.save(update_fields=["contact", "deputy", "version", "updated_at"])
        text = _("Handover from %(from)s to %(to)s.") % {"from": from_user, "to": to_user}
        ContactLogEntry.objects.create(
            initiative=initiative,
            date=timezone.localdate(),
            kind=ContactLogEntry.Kind.HANDOVER,
            participants=f"{from_user}, {to_user}",
            summary=f"{text} {note}".strip(),
            visibility=ContactLogEntry.Visibility.INTERNAL,
            author=actor,
        )
        changes = history.diff(initiative, before, history.snapshot(initiative, ["contact", "deputy"]))
        history.record(initiative, actor=actor, action=ChangeEntry.Action.UPDATE, changes=changes, note=note)
        moved.append(initiative)
    return moved


# --- The partnership ------------------------------------------------------------------------


class TransitionError(Exception):
    pass


def steps_overview(neighbourhoods):
    """Per neighbourhood whether steps 1 and 2 are done, and whether step 3 (the policy) is."""

    rows = list(with_progress(Neighbourhood.objects.filter(pk__in=[n.pk for n in neighbourhoods])).order_by("code"))
    policy = PolicyVersion.objects.current()
    complete = policy is not None and all(n.step1_done and n.step2_done for n in rows)
    return {"neighbourhoods": rows, "policy": policy, "complete": complete}


@transaction.atomic
def start_partnership(initiative, *, actor, neighbourhoods, start_reason="", review_date=None):
    """Start the partnership file. When steps 1-3 are not done for its neighbourhoods, a reason is required."""

    if Partnership.objects.filter(initiative=initiative).exists():
        raise TransitionError(_("This initiative already has a partnership."))
    if not steps_overview(neighbourhoods)["complete"] and not start_reason.strip():
        raise TransitionError(_("Steps 1 to 3 are not done for these neighbourhoods: give a reason to start anyway."))
    partnership = Partnership.objects.create(
        initiative=initiative,
        policy_version=PolicyVersion.objects.current(),
        started_on=timezone.localdate(),
        start_reason=start_reason.strip(),
        review_date=review_date,
    )
    partnership.neighbourhoods.set(neighbourhoods)
    StatusChange.objects.create(partnership=partnership, to_status=partnership.status, by=actor, note=start_reason)
    history.record_create(
        partnership, actor=actor, fields=["status", "policy_version", "start_reason", "neighbourhoods"]
    )
    return partnership


@transaction.atomic
def change_status(partnership, to_status: str, *, actor, note="", **stop_fields):
    """Move the partnership to `to_status` if the transition table allows it."""

    current = Partnership.objects.select_for_update().get(pk=partnership.pk)
    note = note.strip()
    if to_status not in Partnership.Status.values:
        raise TransitionError(_("Unknown status."))
    if not workflow.allowed(current.status, to_status):
        raise TransitionError(
            _("A partnership cannot go from '%(from)s' to '%(to)s'.")
            % {"from": current.get_status_display(), "to": Partnership.Status(to_status).label}
        )
    before = history.snapshot(current, ["status", "stop_reasons", "stop_agreed_by", "stop_date"])
    fields = ["status", "version", "updated_at"]
    if to_status == Partnership.Status.STOPPED_TOGETHER:
        reasons, agreed_by, date = (stop_fields.get(k) for k in ("stop_reasons", "stop_agreed_by", "stop_date"))
        if not (reasons and reasons.strip() and agreed_by and agreed_by.strip() and date):
            raise TransitionError(_("Stopping together needs the reasons, who agreed, and the date."))
        current.stop_reasons, current.stop_agreed_by, current.stop_date = reasons.strip(), agreed_by.strip(), date
        fields += ["stop_reasons", "stop_agreed_by", "stop_date"]
    if current.status in workflow.CLOSED and not note:
        raise TransitionError(_("Reopening needs a note: why does the search start again?"))
    from_status = current.status
    current.status = to_status
    current.version += 1
    current.save(update_fields=fields)
    StatusChange.objects.create(partnership=current, from_status=from_status, to_status=to_status, note=note, by=actor)
    changes = history.diff(current, before, history.snapshot(current, before))
    history.record(current, actor=actor, action=ChangeEntry.Action.TRANSITION, changes=changes, note=note)
    return current


@transaction.atomic
def add_conversation(partnership, *, actor, values: dict):
    workflow.ensure_open(partnership)
    conversation = Conversation.objects.create(partnership=partnership, author=actor, **values)
    history.record_create(conversation, actor=actor, fields=list(values))
    return conversation


@transaction.atomic
def update_conversation(conversation, *, actor, expected_version: int, values: dict):
    """Edit a conversation; returns (conversation, changes). A stale edit raises StaleEditError."""
    workflow.ensure_open(conversation.partnership)
    return update_versioned(conversation, expected_version=expected_version, values=values, actor=actor)


def _record_item(obj, partnership, *, actor, label, text):
    history.record(
        partnership, actor=actor, action=ChangeEntry.Action.EVENT, changes=[history.event(label, new=text[:200])]
    )
    return obj


def _tell(partnership, kind, *, actor, obj, anchor, summary):
    """Let the other side know (their inbox, and mail by their choice): partnerships.notices."""
    url = reverse("partnerships:detail", args=[partnership.pk]) + f"#{anchor}"
    notices.tell(partnership, kind, actor=actor, obj=obj, url=url, summary=summary)


@transaction.atomic
def add_need(conversation, *, actor, values: dict):
    workflow.ensure_open(conversation.partnership)
    need = Need.objects.create(conversation=conversation, author=actor, **values)
    _tell(
        conversation.partnership,
        "need_added",
        actor=actor,
        obj=need,
        anchor=f"behoefte-{need.pk}",
        summary=need.description,
    )
    return _record_item(need, conversation.partnership, actor=actor, label="need", text=need.description)


@transaction.atomic
def update_need(need, *, actor, expected_version: int, values: dict):
    """Edit a need; the history keeps the old and the new values. Returns (need, changes).

    A need changed by someone else since the form was opened raises StaleEditError.
    """
    workflow.ensure_open(need.conversation.partnership)
    need, changes = update_versioned(need, expected_version=expected_version, values=values, actor=actor)
    if changes:
        _tell(
            need.conversation.partnership,
            "need_changed",
            actor=actor,
            obj=need,
            anchor=f"behoefte-{need.pk}",
            summary=need.description,
        )
    return need, changes


@transaction.atomic
def add_shared_goal(conversation, *, actor, description: str, neighbourhood_goals):
    workflow.ensure_open(conversation.partnership)
    goal = SharedGoal.objects.create(conversation=conversation, author=actor, description=description)
    goal.neighbourhood_goals.set(neighbourhood_goals)
    _tell(conversation.partnership, "goal_added", actor=actor, obj=goal, anchor=f"doel-{goal.pk}", summary=description)
    return _record_item(goal, conversation.partnership, actor=actor, label="shared_goal", text=description)


@transaction.atomic
def add_activity(partnership, *, actor, values: dict):
    workflow.ensure_open(partnership)
    activity = Activity.objects.create(partnership=partnership, author=actor, **values)
    _tell(
        partnership,
        "activity_added",
        actor=actor,
        obj=activity,
        anchor=f"activiteit-{activity.pk}",
        summary=activity.what,
    )
    return _record_item(activity, partnership, actor=actor, label="activity", text=activity.what)


@transaction.atomic
def update_activity(activity, *, actor, expected_version: int, values: dict):
    """Edit an activity; the history keeps the old and the new values. Returns (activity, changes).

    An activity changed by someone else since the form was opened raises StaleEditError.
    """
    workflow.ensure_open(activity.partnership)
    return update_versioned(activity, expected_version=expected_version, values=values, actor=actor)


@transaction.atomic
def take_on_activity(activity, *, actor):
    """The initiative takes on an activity nobody has taken yet."""
    workflow.ensure_open(activity.partnership)
    fields = ["responsible", "taken_on_by"]
    before = history.snapshot(Activity.objects.get(pk=activity.pk), fields)
    if not Activity.objects.filter(pk=activity.pk, responsible=Activity.Responsible.OPEN).update(
        responsible=Activity.Responsible.INITIATIVE, taken_on_by=actor, version=F("version") + 1
    ):
        raise TransitionError(_("This activity has already been taken on."))
    activity.refresh_from_db()
    changes = history.diff(activity, before, history.snapshot(activity, fields))
    history.record(
        activity,
        actor=actor,
        action=ChangeEntry.Action.UPDATE,
        changes=[*changes, history.event("activity_taken_on", new=activity.what[:200])],
    )
    _tell(
        activity.partnership,
        "activity_taken_on",
        actor=actor,
        obj=activity,
        anchor=f"activiteit-{activity.pk}",
        summary=activity.what,
    )
    return activity


@transaction.atomic
def add_comment(conversation, *, actor, text: str):
    workflow.ensure_open(conversation.partnership)
    comment = Comment.objects.create(conversation=conversation, author=actor, text=text)
    _tell(
        conversation.partnership,
        "comment_added",
        actor=actor,
        obj=comment,
        anchor=f"reactie-{comment.pk}",
        summary=text,
    )
    return _record_item(comment, conversation.partnership, actor=actor, label="comment", text=text)


@transaction.atomic
def record_assessment(partnership, *, actor, answers: dict, chosen_level="", override_reason=""):
    """Keep the assessment; the partnership takes its level and the review date it suggests."""

    workflow.ensure_open(partnership)
    today = timezone.localdate()
    result = intensity.assess(**answers, today=today)
    chosen = chosen_level or result.level or ""
    if chosen != (result.level or "") and not override_reason.strip():
        raise TransitionError(_("Give a reason for choosing a different level than the suggested one."))
    assessment = Assessment.objects.create(
        partnership=partnership,
        assessed_on=today,
        author=actor,
        suggested_level=result.level or "",
        chosen_level=chosen,
        override_reason=override_reason.strip(),
        **answers,
    )
    before = history.snapshot(partnership, ["intensity", "review_date"])
    partnership.intensity = chosen
    partnership.review_date = result.review_date
    partnership.version += 1
    partnership.save(update_fields=["intensity", "review_date", "version", "updated_at"])
    changes = history.diff(partnership, before, history.snapshot(partnership, ["intensity", "review_date"]))
    history.record(partnership, actor=actor, action=ChangeEntry.Action.UPDATE, changes=changes, note="intensiteit")
    return assessment, result


@transaction.atomic
def override_level(assessment, *, actor, level: str, reason: str):
    """Staff choose another intensity than the suggested one; a reason is required."""
    workflow.ensure_open(assessment.partnership)
    if level != assessment.suggested_level and not reason.strip():
        raise TransitionError(_("Give a reason for choosing a different level than the suggested one."))
    assessment.chosen_level, assessment.override_reason = level, reason.strip()
    assessment.save(update_fields=["chosen_level", "override_reason"])
    partnership = assessment.partnership
    if partnership.assessments.first() == assessment:  # only the latest assessment sets the level
        before = history.snapshot(partnership, ["intensity"])
        partnership.intensity = level
        partnership.version += 1
        partnership.save(update_fields=["intensity", "version", "updated_at"])
        changes = history.diff(partnership, before, history.snapshot(partnership, ["intensity"]))
        history.record(partnership, actor=actor, action=ChangeEntry.Action.UPDATE, changes=changes, note=reason)
    return assessment
