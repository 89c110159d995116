"""Changes to initiatives and their contact log. Each validates, saves and writes the history."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.models import ChangeEntry
from partnerships.models import ContactLogEntry, Initiative


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
        changes=[{"field": "log", "label": "contactlog", "old": "", "new": f"{entry.get_kind_display()} {entry.date}"}],
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
