"""The change history: writing entries and reading them in the reader's language.

Writing: services call `record`, `record_create` (or `core.concurrency.update_versioned`) inside
their own transaction. An entry keeps keys and raw values, never words in the writer's language:

    {"field": "status", "model": "partnerships.partnership", "type": "choice", "old": "exploring", "new": "active"}
    {"field": "invitation", "type": "event", "new": "a@example.org"}

`type` says how a value reads: "bool" (yes/no), "date" and "datetime" (ISO, formatted for the
reader's language), "choice" (the field's choice key, shown as its label), "number", "event" (a
happening that is not a model field, labelled through `register`); no type is plain text. A
`prefix` (a track, a section title) goes before the label; `"internal": true/false` overrides the
registered rule for one change. An event's value may be a list of parts, each
{"model": ..., "field": ..., "value": ...}, formatted like a field of that model.

Reading: every page shows entries through `readable(entries, user)`, which leaves out what the
user may not see (`may_read_internal_history`) and puts the rest into words: labels from the
model fields' verbose names or the registered event labels, values formatted now. Entries written
before this format (a stored "label" and display values, "ja"/"nee", ISO dates, actor "systeem")
are recognised and translated where possible, else shown as stored.

Apps above core `register` their event labels, the fields only staff see, and system notes, in
their AppConfig.ready().
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext, gettext_lazy

from core.models import ChangeEntry, may_read_internal_history

TEXT, BOOL, DATE, DATETIME, CHOICE, NUMBER, EVENT = "text", "bool", "date", "datetime", "choice", "number", "event"

# What old entries (and old code) stored as the actor when nobody was logged in.
LEGACY_SYSTEM_ACTOR = "systeem"
ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


# --- What apps register ---------------------------------------------------------------------

_events: dict[str, object] = {}  # event key -> translatable label
_legacy_labels: dict[str, str] = {}  # label or key old entries stored -> event key
_legacy_values: dict[str, object] = {"ja": gettext_lazy("yes"), "nee": gettext_lazy("no")}
_internal: dict[str, set] = {}  # model label -> fields and event keys only staff see
_notes: dict[str, object] = {}  # system note -> translatable text
_patterns: list[tuple[re.Pattern, object]] = []  # old system notes and values with a number or name


def register(*, events=None, legacy_labels=None, legacy_values=None, internal=None, notes=None, patterns=None) -> None:
    """Tell the history how to read an app's entries.

    events: {key: label} for changes that are not model fields ("invitation": _("invitation")).
    legacy_labels: {what an old entry stored as label or field: event key} ("uitnodiging": "invitation").
    legacy_values: {Dutch value old code wrote: translatable text} ("verwijderd": _("removed")).
    internal: {model label: fields or event keys} a coordinator does not see.
    notes: {note: text} for notes written by the system rather than a person; shown translated,
        also to coordinators. Any other note is a person's and only staff read it.
    patterns: {regular expression: text with %(group)s} for old system notes and event values
        that carry a name or number ("^versie (?P<number>\\d+)$": _("version %(number)s")).
    """
    _events.update(events or {})
    _legacy_labels.update(legacy_labels or {})
    _legacy_values.update(legacy_values or {})
    for label, names in (internal or {}).items():
        _internal.setdefault(label, set()).update(names)
    _notes.update(notes or {})
    _patterns.extend((re.compile(pattern), text) for pattern, text in (patterns or {}).items())


# --- Writing --------------------------------------------------------------------------------


def value_type(model_field) -> str:
    if model_field.is_relation:
        return TEXT
    if model_field.choices:
        return CHOICE
    if isinstance(model_field, models.BooleanField):
        return BOOL
    if isinstance(model_field, models.DateTimeField):
        return DATETIME
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return NUMBER
    return TEXT


def stored_value(instance, model_field):
    """A field's value as the history keeps it: JSON, raw (choice keys, ISO dates, booleans,
    numbers), "" when empty; related objects by name."""
    if model_field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(instance, model_field.name).all()))
    value = getattr(instance, model_field.name)
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(model_field, models.FileField):
        return value.name or ""
    return as_json(value)


def as_json(value):
    """A Python value as the history stores it: dates as ISO text, Decimals as text."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def snapshot(instance, field_names) -> dict:
    meta = instance._meta
    return {name: stored_value(instance, meta.get_field(name)) for name in field_names}


def change(model, name: str, old, new, *, prefix="") -> dict:
    """One changed field of `model` (a model class or instance)."""
    item = {"field": name, "model": model._meta.label_lower}
    kind = value_type(model._meta.get_field(name))
    if kind != TEXT:
        item["type"] = kind
    if prefix:
        item["prefix"] = str(prefix)
    item.update(old=as_json(old), new=as_json(new))
    return item


def diff(instance, before: dict, after: dict, *, prefix="") -> list[dict]:
    return [
        change(instance, name, before[name], after[name], prefix=prefix)
        for name in before
        if before[name] != after[name]
    ]


def part(model, name: str, value) -> dict:
    """A value of a model field inside an event, formatted like that field when read."""
    return {"model": model._meta.label_lower, "field": name, "value": as_json(value)}


def event(key: str, *, old="", new="", internal=None) -> dict:
    """Something that happened that is not a changed field; `key` is registered with a label."""
    item = {"field": key, "type": EVENT, "old": as_json(old), "new": as_json(new)}
    if internal is not None:
        item["internal"] = bool(internal)
    return item


def record(instance, *, actor, action, changes=None, note="", version=None) -> ChangeEntry:
    changes = changes or []
    label = instance._meta.label_lower
    return ChangeEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_repr=(str(actor) if actor is not None and actor.is_authenticated else "")[:255],
        action=action,
        changes=changes,
        note=note,
        version=version if version is not None else getattr(instance, "version", None),
        internal=bool(changes) and all(is_internal(c, label) for c in changes),
    )


def record_create(instance, *, actor, fields, note="", events=()) -> ChangeEntry:
    """History entry for a new object, listing the fields it was created with (and `events`)."""
    after = snapshot(instance, fields)
    changes = [change(instance, n, "", v) for n, v in after.items() if v != ""]
    return record(instance, actor=actor, action=ChangeEntry.Action.CREATE, changes=[*changes, *events], note=note)


def is_internal(item: dict, entry_model_label: str) -> bool:
    """Whether only staff see this change: its own mark, else the registered fields of its model."""
    if "internal" in item:
        return bool(item["internal"])
    return item.get("field") in _internal.get(item.get("model") or entry_model_label, ())


# --- Reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownChange:
    label: str
    old: str
    new: str


@dataclass
class ShownEntry:
    """An entry as one reader sees it: only what they may see, in their language."""

    entry: ChangeEntry
    actor: str
    changes: list = field(default_factory=list)
    note: str = ""

    @property
    def at(self):
        return self.entry.at

    @property
    def action(self) -> str:
        return self.entry.get_action_display()

    @property
    def object_repr(self) -> str:
        return self.entry.object_repr


def readable(entries, user) -> list[ShownEntry]:
    """The entries as `user` may see them: staff everything; others no internal entry, change or
    note written by a person. This is the one place that decides, for the history pages, the
    history on detail pages and the changes shown after a refused (stale) edit."""
    staff = may_read_internal_history(user)
    shown = []
    for entry in entries:
        if entry.internal and not staff:
            continue
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        label = model._meta.label_lower if model else ""
        changes = [c for c in entry.changes if staff or not is_internal(c, label)]
        if entry.changes and not changes:
            continue  # everything in it is internal (an entry written before `internal` existed)
        note = note_text(entry.note, staff=staff)
        shown.append(ShownEntry(entry, actor_text(entry), [shown_change(model, c) for c in changes], note))
    return shown


def actor_text(entry) -> str:
    if entry.actor_id is None and entry.actor_repr in ("", LEGACY_SYSTEM_ACTOR):
        return gettext("system")
    return entry.actor_repr


def note_text(note: str, *, staff: bool) -> str:
    """A system note in the reader's language; a person's note only for staff."""
    if not note:
        return ""
    if note in _notes:
        return str(_notes[note])
    known = _pattern_text(note)
    if known is not None:
        return known
    return note if staff else ""


def _pattern_text(text: str):
    for pattern, words in _patterns:
        match = pattern.match(text)
        if match:
            return str(words) % match.groupdict()
    return None


def shown_change(model, item: dict) -> ShownChange:
    """One stored change as words: the entry's `model` is used when the change names none."""
    if "label" in item:
        return _legacy_change(model, item)
    own = _model(item.get("model")) or model
    key, kind = item.get("field", ""), item.get("type", TEXT)
    if kind == EVENT:
        label = str(_events.get(key, key.replace("_", " ")))
    else:
        model_field = _field(own, key)
        label = str(model_field.verbose_name) if model_field is not None else key.replace("_", " ")
    if item.get("prefix"):
        label = f"{item['prefix']}: {label}"
    return ShownChange(
        label, format_value(own, key, kind, item.get("old", "")), format_value(own, key, kind, item.get("new", ""))
    )


def format_value(model, name: str, kind: str, value) -> str:
    """A stored value in the reader's language."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(filter(None, (_format_part(p) for p in value)))
    if kind == BOOL or isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if kind == DATE:
        day = parse_date(str(value))
        return formats.date_format(day) if day else str(value)
    if kind == DATETIME:
        moment = parse_datetime(str(value))
        if moment is None:
            return format_value(model, name, DATE, value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if kind == CHOICE:
        model_field = _field(model, name)
        if model_field is not None:
            return str(dict(model_field.flatchoices).get(value, value))
    if kind == NUMBER:
        try:
            return formats.number_format(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    return str(value)


def _format_part(item) -> str:
    if not isinstance(item, dict):
        return str(item) if item not in (None, "") else ""
    model = _model(item.get("model"))
    model_field = _field(model, item.get("field", ""))
    kind = value_type(model_field) if model_field is not None else TEXT
    return format_value(model, item.get("field", ""), kind, item.get("value", ""))


def _model(label):
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name):
    if model is None or not name:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# --- Entries written before the history stored keys ------------------------------------------


def _legacy_change(model, item: dict) -> ShownChange:
    """{"field", "label", "old", "new"} with the writer's words: translate what is recognised."""
    stored, key = str(item.get("label", "")), item.get("field", "")
    model_field = _field(model, key)
    # A label with a prefix ("A: notitie gemeente", "Sectie: titel") belongs to a field of another
    # object, whatever its key; keep it as it was written.
    if model_field is not None and (": " not in stored or stored in _spellings(model_field.verbose_name)):
        return ShownChange(
            str(model_field.verbose_name),
            _legacy_field_value(model_field, item.get("old", "")),
            _legacy_field_value(model_field, item.get("new", "")),
        )
    event_key = _legacy_labels.get(stored) or _legacy_labels.get(key)
    if event_key is None and key in _events and stored in _spellings(_events[key]):
        event_key = key
    label = str(_events[event_key]) if event_key in _events else stored
    return ShownChange(label, _legacy_value(item.get("old", "")), _legacy_value(item.get("new", "")))


def _spellings(text) -> set[str]:
    """How a translatable text reads in each language the project has (what old entries stored)."""
    result = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result.add(str(text))
    return result


def _legacy_field_value(model_field, value) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    if isinstance(model_field, models.BooleanField) and not model_field.choices:
        return str(_legacy_values[text]) if text in ("ja", "nee") else text
    if model_field.choices:
        for key, label in model_field.flatchoices:
            if text == str(key) or text in _spellings(label):
                return str(label)
        return text
    if isinstance(model_field, models.DateTimeField):
        return format_value(None, "", DATETIME, text)
    if isinstance(model_field, models.DateField):
        return format_value(None, "", DATE, text)
    return text


def _legacy_value(value) -> str:
    """A value of an old event: its fixed Dutch words translated, ISO dates formatted."""
    if value in (None, ""):
        return ""
    text = str(value)
    if text in _legacy_values:
        return str(_legacy_values[text])
    known = _pattern_text(text)
    if known is not None:
        return known
    return ISO_DATE.sub(lambda m: format_value(None, "", DATE, m.group(1)), text)
