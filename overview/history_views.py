"""History pages: every change per neighbourhood, initiative and partnership, and a timeline."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from agreements.models import DraftVersion
from core import history
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin
from neighbourhoods.models import Neighbourhood, RoleDecision
from partnerships.models import Initiative, Partnership


def entries_for(objects):
    """The history entries of several objects in one query."""
    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return ChangeEntry.objects.filter(condition).select_related("actor")


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

    def related_objects(self):
        obj = self.obj
        if self.kind == "neighbourhood":
            return [obj, *RoleDecision.objects.filter(neighbourhood=obj), *obj.goals.all()]
        if self.kind == "initiative":
            return [obj]
        return [obj, *obj.conversations.all(), *obj.drafts.all(), *obj.wijkkompas_discussions.all()]

    def timeline(self, staff):
        """History, contact log, conversations and draft versions merged, newest first."""
        user = self.request.user
        items = [
            {"at": e.at, "kind": _("change"), "entry": e}
            for e in history.readable(entries_for(self.related_objects()).visible_to(user), user)
        ]
        if self.kind in {"initiative", "partnership"}:
            initiative = self.obj if self.kind == "initiative" else self.obj.initiative
            log = initiative.log.select_related("author")
            if not staff:
                log = log.filter(visibility="shared")
            items += [
                {"at": _day(e.date), "kind": _("contact log"), "text": f"{e.get_kind_display()}: {e.summary}"}
                for e in log
            ]
        if self.kind == "partnership":
            items += [
                {"at": _day(c.date), "kind": _("conversation"), "text": c.summary or _("conversation")}
                for c in self.obj.conversations.all()
            ]

            items += [
                {"at": v.frozen_at, "kind": _("draft agreement"), "text": f"{v.draft.title}, {_('version')} {v.number}"}
                for v in DraftVersion.objects.filter(draft__partnership=self.obj).select_related("draft")
            ]
        return sorted(items, key=lambda item: item["at"], reverse=True)

    def get_context_data(self, **kwargs):
        staff = self.request.user.has_perm("partnerships.view_internal")
        page = Paginator(self.timeline(staff), 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **kwargs,
            obj=self.obj,
            kind=self.kind,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            paginator=page.paginator,
        )


def _day(date) -> datetime.datetime:
    """A date as the start of that day, so dated items sort among timestamped ones."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
