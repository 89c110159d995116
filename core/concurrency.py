"""Protection against lost updates.

An edit form carries the `version` of the record it was loaded from. `update_versioned` saves
only when the record still has that version; otherwise it raises `StaleEditError` with the
history entries written since, so the user sees what changed, and nothing is overwritten.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import history
from core.models import ChangeEntry

STALE_MESSAGE = _(
    "Someone else changed this record after you opened it. Your changes have not been "
    "saved. Check the changes below, then open the current version and make your "
    "changes again."
)


class StaleEditError(Exception):
    def __init__(self, current, newer_entries):
        super().__init__("stale edit")
        self.current = current
        self.newer_entries = list(newer_entries)


@transaction.atomic
def update_versioned(instance, *, expected_version: int, values: dict, actor, note="", action=None):
    """Apply `values` (field name -> value) to `instance` if it is still at `expected_version`.

    Returns the saved object and the list of changes (empty when nothing changed).
    """
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        newer = ChangeEntry.objects.for_object(current).filter(version__gt=expected_version).order_by("at", "id")
        raise StaleEditError(current, newer)

    meta = model._meta
    m2m = {n: v for n, v in values.items() if meta.get_field(n).many_to_many}
    plain = {n: v for n, v in values.items() if n not in m2m}
    before = history.snapshot(current, values)
    for name, value in plain.items():
        setattr(current, name, value)
    after_plain = history.snapshot(current, plain)
    if not any(before[n] != after_plain[n] for n in plain) and not any(
        {o.pk for o in getattr(current, n).all()} != {o.pk for o in v} for n, v in m2m.items()
    ):
        return current, []

    # The conditional UPDATE is the real guard: on SQLite select_for_update is a no-op, and two
    # requests could both have read the old version. Only one of them can bump it.
    if not model.objects.filter(pk=current.pk, version=expected_version).update(version=expected_version + 1):
        raise StaleEditError(current, ChangeEntry.objects.for_object(current).filter(version__gt=expected_version))
    current.version = expected_version + 1
    current.save(update_fields=[*plain, "version", "updated_at"])
    for name, value in m2m.items():
        getattr(current, name).set(value)
    changes = history.diff(current, before, history.snapshot(current, values))
    history.record(current, actor=actor, action=action or ChangeEntry.Action.UPDATE, changes=changes, note=note)
    return current, changes


def bump_version(instance, expected_version: int) -> None:
    """Claim the next version of `instance` for a change to it or its child rows; refuse a stale one.

    For forms that edit rows belonging to a versioned parent (a discussion's track views): the
    parent's version is the guard.
    """

    model = type(instance)
    if not model.objects.filter(pk=instance.pk, version=expected_version).update(version=expected_version + 1):
        newer = ChangeEntry.objects.for_object(instance).filter(version__gt=expected_version).order_by("at", "id")
        raise StaleEditError(model.objects.get(pk=instance.pk), newer)
    instance.version = expected_version + 1
