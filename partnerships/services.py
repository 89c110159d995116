"""Changes to initiatives, their contact log and their partnership file. Each validates, saves and
writes the history in one transaction; changes to a partnership file first check that the
partnership is not closed (`workflow.ensure_open`)."""

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, Role, User
from core import history
from core.concurrency import update_versioned
from core.exceptions import ActionRefused
from core.models import ChangeEntry
from neighbourhoods.models import Neighbourhood
from neighbourhoods.queries import with_progress
from partnerships import intensity, notices, workflow
from partnerships.models import (
    Activity,
    ActivityNote,
    Assessment,
    Comment,
    ContactLogEntry,
    Conversation,
    CoordinatorAccess,
    Initiative,
    Need,
    Partnership,
    SharedGoal,
    StatusChange,
    StopProposal,
)
from partnerships.predicates import side_of
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
    """An entry in the contact log. A coordinator's entries are always shared; staff choose."""
    if side_of(actor, initiative) != "municipality":
        values["visibility"] = ContactLogEntry.Visibility.SHARED
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
    partnership = Partnership.objects.filter(initiative=initiative).first()
    if partnership is not None and entry.visibility == ContactLogEntry.Visibility.SHARED:
        notices.tell(
            partnership,
            "contact_entry_added",
            actor=actor,
            obj=entry,
            url=reverse("initiatives:detail", args=[initiative.pk]) + f"#contactlog-{entry.pk}",
            summary=entry.summary,
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
    if to_status in workflow.CLOSED:
        # A proposal to stop still open when the file closes otherwise is settled by the closing.
        StopProposal.objects.filter(partnership=current, state=StopProposal.State.OPEN).update(
            state=StopProposal.State.WITHDRAWN, answered_at=timezone.now()
        )
    StatusChange.objects.create(partnership=current, from_status=from_status, to_status=to_status, note=note, by=actor)
    changes = history.diff(current, before, history.snapshot(current, before))
    history.record(current, actor=actor, action=ChangeEntry.Action.TRANSITION, changes=changes, note=note)
    if note != STOP_CONFIRMED:  # confirm_stop tells "stop_confirmed", which says it all
        notices.tell(
            current,
            "status_changed",
            actor=actor,
            obj=current,
            url=reverse("partnerships:detail", args=[current.pk]),
            summary=str(Partnership.Status(to_status).label),
            detail={"from": from_status, "to": to_status, "cause": note if note in SYSTEM_NOTES else ""},
        )
    partnership.status, partnership.version = current.status, current.version
    return current


# Notes the system writes for a status change it makes itself (translated in apps.HISTORY "notes").
FIRST_CONVERSATION = "first_conversation"
STOP_CONFIRMED = "stop_confirmed"
STOP_OUTSIDE = "stop_agreed_outside"
SYSTEM_NOTES = {FIRST_CONVERSATION, STOP_CONFIRMED, STOP_OUTSIDE}


@transaction.atomic
def add_conversation(partnership, *, actor, values: dict):
    """Record a conversation. The first one moves an exploring partnership to "in conversation";
    one with the outcome "stop together" proposes to stop (`_follow_outcome`)."""
    workflow.ensure_open(partnership)
    conversation = Conversation.objects.create(partnership=partnership, author=actor, **values)
    history.record_create(conversation, actor=actor, fields=list(values))
    current = Partnership.objects.get(pk=partnership.pk)
    if current.status == Partnership.Status.EXPLORING and current.conversations.count() == 1:
        change_status(current, Partnership.Status.IN_CONVERSATION, actor=actor, note=FIRST_CONVERSATION)
        partnership.status, partnership.version = current.status, current.version
    _follow_outcome(conversation, actor=actor)
    return conversation


@transaction.atomic
def update_conversation(conversation, *, actor, expected_version: int, values: dict):
    """Edit a conversation; returns (conversation, changes). A stale edit raises StaleEditError."""
    workflow.ensure_open(conversation.partnership)
    before = conversation.outcome
    conversation, changes = update_versioned(
        conversation, expected_version=expected_version, values=values, actor=actor
    )
    if before != Conversation.Outcome.STOP_TOGETHER:
        _follow_outcome(conversation, actor=actor)
    return conversation, changes


def _follow_outcome(conversation, *, actor):
    """A conversation that ends with "stop together" opens the stop flow: a proposal by the author's
    side, with the conversation's summary as its first reasons, for the other side to confirm.
    Nothing happens when a proposal is already open or the status cannot move to stopped."""
    if conversation.outcome != Conversation.Outcome.STOP_TOGETHER:
        return None
    partnership = Partnership.objects.get(pk=conversation.partnership_id)
    if open_stop_proposal(partnership) is not None or not workflow.allowed(
        partnership.status, Partnership.Status.STOPPED_TOGETHER
    ):
        return None
    reasons = conversation.summary.strip() or _("Agreed in the conversation of %(date)s.") % {
        "date": date_format(conversation.date)
    }
    return propose_stop(partnership, actor=actor, reasons=reasons, side=side_of(actor, partnership) or "municipality")


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


class ActivityError(ActionRefused):
    pass


def people_for_activities(partnership, *, staff=True):
    """Who may be named responsible for an activity: active municipal staff (unless `staff` is
    False: a coordinator names one of their own) and the active coordinators of the initiative."""
    coordinators = CoordinatorAccess.objects.filter(
        initiative_id=partnership.initiative_id, revoked_at__isnull=True
    ).values("user_id")
    people = Q(role=Role.COORDINATOR, pk__in=coordinators)
    if staff:
        people |= Q(role__in=STAFF_ROLES)
    return User.objects.filter(people, is_active=True)


def check_activity_links(partnership, values: dict) -> None:
    """The person responsible is on one of the two sides; the shared goal is this partnership's."""
    person = values.get("responsible_person")
    if person is not None and not people_for_activities(partnership).filter(pk=person.pk).exists():
        raise ActivityError(
            _("The person responsible must be a municipal colleague or a coordinator of this initiative.")
        )
    goal = values.get("shared_goal")
    if goal is not None and goal.conversation.partnership_id != partnership.pk:
        raise ActivityError(_("Choose a shared goal of this partnership."))


def _activity_url(activity):
    return reverse("partnerships:detail", args=[activity.partnership_id]) + f"#activiteit-{activity.pk}"


@transaction.atomic
def add_activity(partnership, *, actor, values: dict):
    workflow.ensure_open(partnership)
    check_activity_links(partnership, values)
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

    An activity changed by someone else since the form was opened raises StaleEditError. The other
    side hears of it (`activity_updated`).
    """
    workflow.ensure_open(activity.partnership)
    check_activity_links(activity.partnership, values)
    activity, changes = update_versioned(activity, expected_version=expected_version, values=values, actor=actor)
    if changes:
        notices.tell(
            activity.partnership,
            "activity_updated",
            actor=actor,
            obj=activity,
            url=_activity_url(activity),
            summary=f"{activity.what}: {activity.get_status_display()}",
        )
    return activity, changes


@transaction.atomic
def add_activity_note(activity, *, actor, text: str) -> ActivityNote:
    """A progress note on an activity, by either side; the other side hears of it."""
    workflow.ensure_open(activity.partnership)
    text = text.strip()
    if not text:
        raise ActivityError(_("Write the progress note."))
    note = ActivityNote.objects.create(activity=activity, author=actor, text=text)
    history.record(
        activity,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("activity_note", new=text[:200])],
    )
    notices.tell(
        activity.partnership, "activity_note", actor=actor, obj=note, url=_activity_url(activity), summary=text
    )
    return note


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


def default_review_date(partnership, today):
    """The review date an assessment keeps when staff do not choose one: the partnership's own,
    or for the first one a year from `today` (not "due today": a re-calibration is prepared)."""
    return partnership.review_date or intensity.add_months(today, intensity.RECALIBRATE_EVERY_MONTHS)


@transaction.atomic
def record_assessment(partnership, *, actor, answers: dict, chosen_level="", override_reason="", review_date=None):
    """Keep the assessment; the partnership takes its level and the review date.

    The review date (herijken) is `review_date` when staff choose one, else the partnership's
    current one, else (the first assessment) a year ahead: `default_review_date`. It is the one
    date of the next re-calibration, also the one a draft agreement shows.
    """

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
    partnership.review_date = review_date or default_review_date(partnership, today)
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


# --- Stopping together -----------------------------------------------------------------------


class StopError(ActionRefused):
    pass


def open_stop_proposal(partnership):
    return StopProposal.objects.filter(partnership=partnership, state=StopProposal.State.OPEN).first()


def _proposal_url(proposal):
    return reverse("partnerships:detail", args=[proposal.partnership_id]) + "#stoppen"


def _stop_event(proposal, key, *, actor, text):
    history.record(
        proposal.partnership,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event(key, new=text[:200])],
    )


@transaction.atomic
def propose_stop(partnership, *, actor, reasons: str, side: str = "") -> StopProposal:
    """One side proposes to stop the search together, with reasons. Nothing closes yet: the other
    side confirms (`confirm_stop`) or answers (`decline_stop`). One open proposal at a time."""
    workflow.ensure_open(partnership)
    side = side or side_of(actor, partnership)
    if side not in StopProposal.Side.values:
        raise StopError(_("Only the municipality or the initiative's coordinators can propose to stop."))
    reasons = reasons.strip()
    if not reasons:
        raise StopError(_("Give the reasons for stopping."))
    current = Partnership.objects.get(pk=partnership.pk)
    if not workflow.allowed(current.status, Partnership.Status.STOPPED_TOGETHER):
        raise StopError(_("This partnership cannot be stopped from its current status."))
    if open_stop_proposal(current) is not None:
        raise StopError(_("There is already a proposal to stop; answer or withdraw it first."))
    proposal = StopProposal.objects.create(partnership=current, proposed_by=actor, side=side, reasons=reasons)
    _stop_event(proposal, "stop_proposed", actor=actor, text=reasons)
    notices.tell(current, "stop_proposed", actor=actor, obj=proposal, url=_proposal_url(proposal), summary=reasons)
    return proposal


def _settle(proposal, *, actor, state, answer=""):
    """Close an open proposal; refuses one that was settled meanwhile."""
    workflow.ensure_open(proposal.partnership)
    now = timezone.now()
    if not StopProposal.objects.filter(pk=proposal.pk, state=StopProposal.State.OPEN).update(
        state=state, answer=answer, answered_by=actor, answered_at=now
    ):
        raise StopError(_("This proposal has already been answered or withdrawn."))
    proposal.state, proposal.answer, proposal.answered_by, proposal.answered_at = state, answer, actor, now
    return proposal


def _name(user) -> str:
    return (getattr(user, "full_name", "") or str(user)) if user else ""


@transaction.atomic
def confirm_stop(proposal, *, actor, answer: str = "") -> Partnership:
    """The other side agrees: the partnership is stopped together, with the proposal's reasons,
    both people as who agreed, and today as the date (`change_status`, note `stop_confirmed`)."""
    if side_of(actor, proposal) in ("", proposal.side):
        raise StopError(_("Only the other side can confirm the proposal to stop."))
    _settle(proposal, actor=actor, state=StopProposal.State.CONFIRMED, answer=answer.strip())
    agreed_by = ", ".join(n for n in (_name(proposal.proposed_by), _name(actor)) if n) or "-"
    partnership = change_status(
        proposal.partnership,
        Partnership.Status.STOPPED_TOGETHER,
        actor=actor,
        note=STOP_CONFIRMED,
        stop_reasons=proposal.reasons,
        stop_agreed_by=agreed_by,
        stop_date=timezone.localdate(),
    )
    notices.tell(
        partnership,
        "stop_confirmed",
        actor=actor,
        obj=proposal,
        url=_proposal_url(proposal),
        summary=proposal.reasons,
    )
    return partnership


@transaction.atomic
def decline_stop(proposal, *, actor, answer: str) -> StopProposal:
    """The other side does not agree (yet): its answer is kept, the file stays open."""
    if side_of(actor, proposal) in ("", proposal.side):
        raise StopError(_("Only the other side can answer the proposal to stop."))
    answer = answer.strip()
    if not answer:
        raise StopError(_("Write your answer to the proposal."))
    _settle(proposal, actor=actor, state=StopProposal.State.DECLINED, answer=answer)
    _stop_event(proposal, "stop_declined", actor=actor, text=answer)
    notices.tell(
        proposal.partnership, "stop_answered", actor=actor, obj=proposal, url=_proposal_url(proposal), summary=answer
    )
    return proposal


@transaction.atomic
def withdraw_stop(proposal, *, actor) -> StopProposal:
    """The proposing side takes its proposal back."""
    if side_of(actor, proposal) != proposal.side:
        raise StopError(_("Only the side that proposed to stop can withdraw the proposal."))
    _settle(proposal, actor=actor, state=StopProposal.State.WITHDRAWN)
    _stop_event(proposal, "stop_withdrawn", actor=actor, text=proposal.reasons)
    return proposal


@transaction.atomic
def record_stop_outside(partnership, *, actor, statement: str, stop_reasons, stop_agreed_by, stop_date, note=""):
    """Staff record a stop both sides agreed outside the app, saying with whom and when; the
    statement is kept in the history (event `stop_agreed_outside`)."""
    statement = statement.strip()
    if not statement:
        raise TransitionError(_("Say with whom and when the stop was agreed outside the app."))
    partnership = change_status(
        partnership,
        Partnership.Status.STOPPED_TOGETHER,
        actor=actor,
        note=note.strip() or STOP_OUTSIDE,
        stop_reasons=stop_reasons,
        stop_agreed_by=stop_agreed_by,
        stop_date=stop_date,
    )
    history.record(
        partnership,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("stop_agreed_outside", new=statement[:300])],
    )
    return partnership
