"""History pages: every change per neighbourhood, initiative and partnership, and a timeline.

The timeline merges history entries, the contact log, conversations and frozen draft versions in
one UNION query that the database orders, counts and slices; only the page's rows are loaded
(one query per kind), so a page costs the same however long the history is.
"""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, DateTimeField, F, Q, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from agreements.models import DraftVersion
from core import history
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin
from documents.models import Document
from neighbourhoods.models import Neighbourhood, RoleDecision
from partnerships.models import ContactLogEntry, Conversation, Initiative, Need, Partnership

PAGE_SIZE = 50
CHANGE, LOG, CONVERSATION, VERSION = "change", "log", "conversation", "version"


def entries_of(*querysets) -> Q:
    """A condition for the history entries of the objects in `querysets` (a subquery each, so
    the number of objects costs nothing)."""
    condition = Q(pk__in=[])
    for queryset in querysets:
        content_type = ContentType.objects.get_for_model(queryset.model, for_concrete_model=False)
        keys = queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")
        condition |= Q(content_type=content_type, object_id__in=keys)
    return condition


def _rows(queryset, kind: str, moment):
    """(moment, kind, pk) per row: the columns the merged timeline is sorted and paged by."""
    return (
        queryset.order_by()
        .annotate(row_moment=moment, row_kind=Value(kind, output_field=CharField()), row_key=F("pk"))
        .values_list("row_moment", "row_kind", "row_key")
    )


def _start_of(date_field: str):
    """A date as the start of that day (UTC in the database), so dated rows sort among timestamps."""
    return Cast(date_field, DateTimeField())


class HistoryView(PermissionRequiredMixin, TemplateView):
    template_name = "overview/history.html"
    kind = "neighbourhood"

    def get_permission_required(self):
        return {
            "neighbourhood": ["neighbourhoods.view_neighbourhood"],
            "initiative": ["partnerships.view_initiative"],
            "partnership": ["partnerships.view_partnership"],
        }[self.kind]

    def get_permission_object(self):
        if self.kind == "neighbourhood":
            self.obj = get_object_or_404(Neighbourhood, code=self.kwargs["key"])
        elif self.kind == "initiative":
            self.obj = get_object_or_404(Initiative, pk=self.kwargs["key"])
        else:
            self.obj = get_object_or_404(Partnership.objects.select_related("initiative"), pk=self.kwargs["key"])
        return self.obj

    def related(self):
        """Querysets of the objects whose history this page shows."""
        obj = self.obj
        itself = type(obj).objects.filter(pk=obj.pk)
        if self.kind == "neighbourhood":
            return [itself, RoleDecision.objects.filter(neighbourhood=obj), obj.goals.all()]
        if self.kind == "initiative":
            return [itself]
        return [
            itself,
            obj.conversations.all(),
            Need.objects.filter(conversation__partnership=obj),
            obj.activities.all(),
            obj.drafts.all(),
            obj.wijkkompas_discussions.all(),
            Document.objects.filter(partnership=obj),  # internal documents' entries are marked internal
        ]

    def log(self, staff):
        initiative = self.obj if self.kind == "initiative" else self.obj.initiative
        log = ContactLogEntry.objects.filter(initiative=initiative)
        return log if staff else log.filter(visibility=ContactLogEntry.Visibility.SHARED)

    def timeline(self, staff):
        """History (as far as this user may see it), contact log, conversations and draft
        versions: one query, newest first."""
        entries = ChangeEntry.objects.filter(entries_of(*self.related())).visible_to(self.request.user)
        parts = [_rows(entries, CHANGE, F("at"))]
        if self.kind in {"initiative", "partnership"}:
            parts.append(_rows(self.log(staff), LOG, _start_of("date")))
        if self.kind == "partnership":
            parts.append(_rows(self.obj.conversations.all(), CONVERSATION, _start_of("date")))
            parts.append(_rows(DraftVersion.objects.filter(draft__partnership=self.obj), VERSION, F("frozen_at")))
        first, *others = parts
        merged = first.union(*others, all=True) if others else first
        return merged.order_by("-row_moment", "-row_key")

    def items(self, rows):
        """The page's rows as timeline items: each kind loaded in one query (none if absent)."""
        keys = defaultdict(list)
        for _moment, kind, key in rows:
            keys[kind].append(key)
        entries = ChangeEntry.objects.select_related("content_type").in_bulk(keys[CHANGE])
        shown = {s.entry.pk: s for s in history.readable(entries.values(), self.request.user)}
        log = ContactLogEntry.objects.in_bulk(keys[LOG])
        conversations = Conversation.objects.in_bulk(keys[CONVERSATION])
        versions = DraftVersion.objects.select_related("draft").in_bulk(keys[VERSION])
        items = []
        for _moment, kind, key in rows:
            if kind == CHANGE and key in shown:
                items.append({"at": shown[key].at, "kind": _("change"), "entry": shown[key]})
            elif kind == LOG and key in log:
                e = log[key]
                text = f"{e.get_kind_display()}: {e.summary}"
                items.append({"at": _day(e.date), "day": True, "kind": _("contact log"), "text": text})
            elif kind == CONVERSATION and key in conversations:
                c = conversations[key]
                text = c.summary or _("conversation")
                items.append({"at": _day(c.date), "day": True, "kind": _("conversation"), "text": text})
            elif kind == VERSION and key in versions:
                v = versions[key]
                text = f"{v.draft.title}, {_('version')} {v.number}"
                items.append({"at": v.frozen_at, "kind": _("draft agreement"), "text": text})
        return items

    def get_context_data(self, **kwargs):
        staff = self.request.user.has_perm("partnerships.view_internal")
        page = Paginator(self.timeline(staff), PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = self.items(list(page.object_list))
        return super().get_context_data(
            **kwargs,
            obj=self.obj,
            kind=self.kind,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            paginator=page.paginator,
        )


def _day(date) -> datetime.datetime:
    """A date as the start of that day, for the page (only the date is shown)."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
