"""Writing the change history. Services call these inside their own transaction."""

import datetime

from django.db import models

from core.models import ChangeEntry


def display_value(instance, field: models.Field):
    """A value as a person reads it in the history: choice labels, names of related objects."""
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(instance, field.name).all()))
    value = getattr(instance, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and isinstance(field, models.FileField):
        return value.name
    return str(value)


def snapshot(instance, field_names) -> dict:
    meta = instance._meta
    return {name: display_value(instance, meta.get_field(name)) for name in field_names}


def diff(instance, before: dict, after: dict) -> list[dict]:
    meta = instance._meta
    return [
        {"field": name, "label": str(meta.get_field(name).verbose_name), "old": before[name], "new": after[name]}
        for name in before
        if before[name] != after[name]
    ]


def record(instance, *, actor, action, changes=None, note="", version=None) -> ChangeEntry:
    from django.contrib.contenttypes.models import ContentType

    return ChangeEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_repr=(str(actor) if actor is not None and actor.is_authenticated else "systeem")[:255],
        action=action,
        changes=changes or [],
        note=note,
        version=version if version is not None else getattr(instance, "version", None),
    )


def record_create(instance, *, actor, fields, note="") -> ChangeEntry:
    """History entry for a new object, listing the fields it was created with."""
    after = snapshot(instance, fields)
    changes = [
        {"field": n, "label": str(instance._meta.get_field(n).verbose_name), "old": "", "new": v}
        for n, v in after.items()
        if v != ""
    ]
    return record(instance, actor=actor, action=ChangeEntry.Action.CREATE, changes=changes, note=note)
