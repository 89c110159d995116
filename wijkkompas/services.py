"""Wijkkompas discussions: start (optionally from the previous one), fill in each side, complete.

A discussion of a closed partnership cannot be started or changed (`partnerships.workflow.ensure_open`).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.concurrency import bump_version
from core.models import ChangeEntry
from partnerships import notices, workflow
from wijkkompas.models import Discussion, Node, NodeNeed, Track, TrackView

MUNICIPALITY_TRACK_FIELDS = ["municipality_active", "municipality_note", "municipality_role"]
INITIATIVE_TRACK_FIELDS = ["initiative_active", "initiative_note"]
MUNICIPALITY_FIELDS = ["municipality_phase", "municipality_next_year"]
INITIATIVE_FIELDS = ["initiative_phase", "initiative_next_year"]


class DiscussionError(Exception):
    pass


@transaction.atomic
def add_node(*, actor, values: dict) -> Node:
    """A beheerder adds a node to the method; the history lists what it was created with."""
    values = dict(values)
    tracks = values.pop("tracks", [])
    node = Node.objects.create(**values)
    node.tracks.set(tracks)
    history.record_create(node, actor=actor, fields=[*values, "tracks"])
    return node


@transaction.atomic
def start_discussion(partnership, *, actor, from_previous=True) -> Discussion:
    """A new dated discussion. From the previous one it copies every answer, so only changes are new."""
    workflow.ensure_open(partnership)
    previous = partnership.wijkkompas_discussions.order_by("-date", "-id").first() if from_previous else None
    fields = MUNICIPALITY_FIELDS + INITIATIVE_FIELDS
    discussion = Discussion.objects.create(
        partnership=partnership,
        date=timezone.localdate(),
        started_from=previous,
        created_by=actor,
        **({f: getattr(previous, f) for f in fields} if previous else {}),
    )
    old_views = {v.track_id: v for v in previous.track_views.all()} if previous else {}
    TrackView.objects.bulk_create(
        [
            TrackView(
                discussion=discussion,
                track=track,
                **{f: getattr(old_views[track.pk], f) for f in MUNICIPALITY_TRACK_FIELDS + INITIATIVE_TRACK_FIELDS}
                if track.pk in old_views
                else {},
            )
            for track in Track.objects.all()
        ]
    )
    if previous:
        NodeNeed.objects.bulk_create(
            [
                NodeNeed(
                    discussion=discussion,
                    node_id=n.node_id,
                    direction=n.direction,
                    what=n.what,
                    next_step=n.next_step,
                    owner=n.owner,
                    author=n.author,
                )
                for n in previous.node_needs.all()
            ]
        )
    history.record_create(discussion, actor=actor, fields=["date", "started_from"])
    return discussion


@transaction.atomic
def save_side(discussion: Discussion, *, side: str, actor, expected_version: int, tracks: dict, values: dict):
    """Save one party's answers. `tracks` maps track id to {field: value}; `values` the phase fields.

    The discussion's version guards against two people saving over each other.
    """
    workflow.ensure_open(discussion.partnership)
    track_fields = MUNICIPALITY_TRACK_FIELDS if side == "municipality" else INITIATIVE_TRACK_FIELDS
    fields = MUNICIPALITY_FIELDS if side == "municipality" else INITIATIVE_FIELDS
    bump_version(discussion, expected_version)
    changes = []
    for view in discussion.track_views.select_related("track"):
        new = tracks.get(view.track_id, {})
        before = history.snapshot(view, track_fields)
        for field in track_fields:
            if field in new:
                setattr(view, field, new[field])
        after = history.snapshot(view, track_fields)
        if before != after:
            view.save(update_fields=track_fields)
            changes += history.diff(view, before, after, prefix=view.track.key)
    before = history.snapshot(discussion, fields)
    for field in fields:
        setattr(discussion, field, values.get(field))
    discussion.save(update_fields=[*fields, "version", "updated_at"])
    changes += history.diff(discussion, before, history.snapshot(discussion, fields))
    history.record(discussion, actor=actor, action=ChangeEntry.Action.UPDATE, changes=changes, note=side)
    if changes:
        notices.tell(
            discussion.partnership,
            "wijkkompas_side_filled",
            actor=actor,
            obj=discussion,
            url=reverse("wijkkompas:discussion", args=[discussion.pk]),
            summary=_("Answers of the municipality") if side == "municipality" else _("Answers of the initiative"),
        )
    return discussion


@transaction.atomic
def add_node_need(discussion: Discussion, *, actor, values: dict) -> NodeNeed:
    workflow.ensure_open(discussion.partnership)
    need = NodeNeed.objects.create(discussion=discussion, author=actor, **values)
    history.record(
        discussion,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("node", new=f"{need.node}: {need.what}"[:200])],
    )
    return need


def missing_roles(discussion: Discussion) -> list:
    """Tracks where the municipality has not yet written down its own role and effort."""
    return [v.track for v in discussion.track_views.select_related("track") if not v.municipality_role.strip()]


@transaction.atomic
def complete(discussion: Discussion, *, actor) -> Discussion:
    """Mark complete: only when the municipality has its own role and effort clear for every track."""
    workflow.ensure_open(discussion.partnership)
    missing = missing_roles(discussion)
    if missing:
        raise DiscussionError(
            _("Write down the municipality's own role and effort for every track first (missing: %(tracks)s).")
            % {"tracks": ", ".join(t.key for t in missing)}
        )
    discussion.completed_on = timezone.localdate()
    discussion.version += 1
    discussion.save(update_fields=["completed_on", "version", "updated_at"])
    history.record(
        discussion,
        actor=actor,
        action=ChangeEntry.Action.TRANSITION,
        changes=[history.change(discussion, "completed_on", "", discussion.completed_on)],
    )
    return discussion


def differences(discussion: Discussion, views=None, needs=None) -> list[str]:
    """What changed compared with the discussion it started from, in plain words."""
    previous = discussion.started_from
    if previous is None:
        return []
    changes = []
    old_views = {v.track_id: v for v in previous.track_views.all()}
    labels = {
        "municipality_active": _("municipality active"),
        "municipality_note": _("note of the municipality"),
        "municipality_role": _("the municipality's own role and effort"),
        "initiative_active": _("initiative active"),
        "initiative_note": _("note of the initiative"),
    }
    for view in views if views is not None else discussion.track_views.select_related("track"):
        old = old_views.get(view.track_id)
        for field, label in labels.items():
            before, after = (getattr(old, field) if old else None), getattr(view, field)
            if _norm(before) != _norm(after):
                changes.append(
                    _("Track %(track)s, %(what)s: %(old)s → %(new)s")
                    % {"track": view.track.key, "what": label, "old": _display(before), "new": _display(after)}
                )
    for field, label in [
        ("municipality_phase", _("phase according to the municipality")),
        ("initiative_phase", _("phase according to the initiative")),
        ("municipality_next_year", _("the municipality's plans for the coming year")),
        ("initiative_next_year", _("the initiative's plans for the coming year")),
    ]:
        before, after = getattr(previous, field), getattr(discussion, field)
        if _norm(before) != _norm(after):
            changes.append(
                _("%(what)s: %(old)s → %(new)s") % {"what": label, "old": _display(before), "new": _display(after)}
            )
    old_needs = {(n.node_id, n.direction, n.what) for n in previous.node_needs.all()}
    new_needs = needs if needs is not None else list(discussion.node_needs.select_related("node"))
    for need in new_needs:
        if (need.node_id, need.direction, need.what) not in old_needs:
            changes.append(_("New need at node %(node)s: %(what)s") % {"node": need.node, "what": need.what})
    current = {(n.node_id, n.direction, n.what) for n in new_needs}
    for need in previous.node_needs.select_related("node"):
        if (need.node_id, need.direction, need.what) not in current:
            changes.append(_("No longer needed at node %(node)s: %(what)s") % {"node": need.node, "what": need.what})
    return changes


def _norm(value):
    """Empty text and "not discussed" are the same; "no" (False) is an answer of its own."""
    return None if value == "" else value


def _display(value):
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, ""):
        return _("(empty)")
    return str(value)


def latest_outcome(partnership):
    """The outcome the partnership page (and later the draft agreement) shows: the latest completed discussion."""
    discussion = (
        partnership.wijkkompas_discussions.filter(completed_on__isnull=False)
        .select_related("municipality_phase", "initiative_phase")
        .first()
    )
    if discussion is None:
        return None
    return {
        "discussion": discussion,
        "views": [
            v for v in discussion.track_views.select_related("track") if v.municipality_active or v.initiative_active
        ],
        "next_steps": [n for n in discussion.node_needs.select_related("node") if n.next_step],
    }


def partnership_section(partnership, user) -> dict:
    """The Wijkkompas part of the partnership page (registered in apps.py)."""
    return {"wijkkompas": latest_outcome(partnership)}
