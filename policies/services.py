"""Step 3: drafting and publishing versions of the municipal way of working."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import history
from core.concurrency import update_versioned
from core.models import ChangeEntry
from policies.models import SECTIONS, PolicyVersion

TEXT_FIELDS = ["title", *[key for key, _label in SECTIONS], "change_summary"]


class PublishedVersionError(PermissionDenied):
    """A published version is read-only."""


@transaction.atomic
def start_draft(*, actor) -> PolicyVersion:
    """A new draft, starting from the text of the newest version. Only one draft at a time."""
    existing = PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT).first()
    if existing is not None:
        return existing
    latest = PolicyVersion.objects.order_by("-number").first()
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    values = {field: getattr(latest, field) for field in TEXT_FIELDS} if latest else {}
    values["change_summary"] = ""
    draft = PolicyVersion.objects.create(number=number, created_by=actor, **values)
    history.record_create(draft, actor=actor, fields=["number", "title"])
    return draft


def update_draft(draft: PolicyVersion, *, actor, expected_version: int, values: dict):
    if PolicyVersion.objects.filter(pk=draft.pk, status=PolicyVersion.Status.PUBLISHED).exists():
        raise PublishedVersionError("A published version cannot be changed.")
    return update_versioned(draft, expected_version=expected_version, values=values, actor=actor)


@transaction.atomic
def publish(draft: PolicyVersion, *, actor) -> PolicyVersion:
    # The conditional UPDATE makes publishing happen once, even with two clicks at the same time.
    updated = PolicyVersion.objects.filter(pk=draft.pk, status=PolicyVersion.Status.DRAFT).update(
        status=PolicyVersion.Status.PUBLISHED,
        published_at=timezone.now(),
        published_by=actor,
        version=draft.version + 1,
    )
    if not updated:
        raise PublishedVersionError("This version is already published.")
    draft.refresh_from_db()
    history.record(
        draft,
        actor=actor,
        action=ChangeEntry.Action.TRANSITION,
        changes=[history.change(draft, "status", PolicyVersion.Status.DRAFT, PolicyVersion.Status.PUBLISHED)],
    )
    return draft
