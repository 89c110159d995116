from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView, UpdateView

from core.cache import CachedBodyMixin, cached
from core.concurrency import STALE_MESSAGE, StaleEditError
from core.views import PermissionRequiredMixin, VersionedUpdateMixin
from partnerships.models import Initiative, Partnership
from wijkkompas import grid, services
from wijkkompas.forms import NodeForm, NodeNeedForm, PhaseForm, SideForm, TrackForm
from wijkkompas.models import Discussion, Node, Phase, Track


class MethodView(PermissionRequiredMixin, TemplateView):
    template_name = "wijkkompas/method.html"
    permission_required = "wijkkompas.view_method"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, grid=grid.build())


class NodeDetailView(PermissionRequiredMixin, DetailView):
    template_name = "wijkkompas/node_detail.html"
    permission_required = "wijkkompas.view_method"
    queryset = Node.objects.select_related("phase").prefetch_related("tracks")


class ReferenceEditView(PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    """Edit a track, phase or node; with no pk, add a node."""

    template_name = "wijkkompas/reference_form.html"
    permission_required = "wijkkompas.change_method"
    success_url = reverse_lazy("wijkkompas:method")

    def get_object(self, queryset=None):
        return super().get_object(queryset) if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or self.model()
        return kwargs

    def form_valid(self, form):
        if self.object is None:
            services.add_node(actor=self.request.user, values=form.model_values())
            messages.success(self.request, _("The node has been added."))
            return redirect(self.success_url)
        return super().form_valid(form)


class TrackEditView(ReferenceEditView):
    model, form_class = Track, TrackForm


class PhaseEditView(ReferenceEditView):
    model, form_class = Phase, PhaseForm


class NodeEditView(ReferenceEditView):
    model, form_class = Node, NodeForm


class PartnershipDiscussionsView(PermissionRequiredMixin, DetailView):
    """The Wijkkompas for one partnership: whether it is offered, its depth, and the discussions."""

    template_name = "wijkkompas/partnership_discussions.html"
    permission_required = "wijkkompas.view_discussion"
    queryset = Partnership.objects.select_related("initiative")

    def get_context_data(self, **kwargs):
        latest = self.object.assessments.first()
        return super().get_context_data(
            **kwargs,
            discussions=self.object.wijkkompas_discussions.all(),
            project_development=bool(latest and latest.project_development),
            assessed=latest is not None,
            with_nodes=self.object.intensity not in {"", "licht"},
            can_start=self.request.user.has_perm("wijkkompas.start_discussion", self.object),
        )


class DiscussionStartView(PermissionRequiredMixin, View):
    permission_required = "wijkkompas.start_discussion"

    def get_permission_object(self):
        self.partnership = get_object_or_404(Partnership, pk=self.kwargs["pk"])
        return self.partnership

    def back(self):
        return redirect("wijkkompas:partnership", self.partnership.pk)

    def post(self, request, pk):
        discussion = services.start_discussion(
            self.partnership, actor=request.user, from_previous=request.POST.get("from_previous") == "1"
        )
        messages.success(request, _("A new Wijkkompas discussion has been started."))
        return redirect("wijkkompas:discussion", discussion.pk)


class DiscussionMixin:
    def get_discussion(self):
        if not hasattr(self, "_discussion"):
            self._discussion = get_object_or_404(
                Discussion.objects.select_related(
                    "partnership__initiative",
                    "municipality_phase",
                    "initiative_phase",
                    "started_from__municipality_phase",
                    "started_from__initiative_phase",
                ),
                pk=self.kwargs["pk"],
            )
        return self._discussion

    def get_permission_object(self):
        return self.get_discussion()

    def back(self):
        return redirect("wijkkompas:discussion", self.get_discussion().pk)


class DiscussionDetailView(DiscussionMixin, PermissionRequiredMixin, CachedBodyMixin, TemplateView):
    """The page's HTML is cached as well (core.cache.CachedBodyMixin); the discussion and what it was
    read with (for the permission check) are dependencies."""

    template_name = "wijkkompas/discussion_detail.html"
    body_template = "wijkkompas/includes/discussion_detail_body.html"
    body_depends_on = (Discussion, Partnership, Initiative, Phase)
    permission_required = "wijkkompas.view_discussion"

    def outer_context(self):
        return {"partnership": self.get_discussion().partnership}

    def get_context_data(self, **kwargs):
        discussion = self.get_discussion()
        user = self.request.user
        partnership = discussion.partnership

        def compute():
            # Read again in here, so that the discussion's table is one the value depends on.
            current = Discussion.objects.get(pk=discussion.pk)
            views = list(current.track_views.select_related("track"))
            needs = list(current.node_needs.select_related("node__phase", "author"))
            return {
                "grid": grid.build(current, views, needs),
                "views": views,
                "needs": needs,
                "changes": services.differences(current, views, needs),
                "missing_roles": [v.track for v in views if not v.municipality_role.strip()],
            }

        # The grid, the sides and the changes: cached until a table they read is written
        # (core.cache); per language, as the changes are sentences.
        key = (discussion.pk, get_language())
        return super().get_context_data(
            **kwargs,
            **cached("wijkkompas_discussion", key, compute),
            discussion=discussion,
            partnership=partnership,
            with_nodes=partnership.intensity not in {"", "licht"},
            can_municipality=user.has_perm("wijkkompas.edit_municipality_side", discussion),
            can_initiative=user.has_perm("wijkkompas.edit_initiative_side", discussion),
            can_add_need=user.has_perm("wijkkompas.add_node_need", discussion),
            can_complete=user.has_perm("wijkkompas.complete_discussion", discussion),
        )


class SideEditView(DiscussionMixin, PermissionRequiredMixin, FormView):
    template_name = "wijkkompas/side_form.html"
    form_class = SideForm
    side = "municipality"

    def get_permission_required(self):
        return [f"wijkkompas.edit_{self.side}_side"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "discussion": self.get_discussion(), "side": self.side}

    def form_valid(self, form):
        try:
            services.save_side(
                self.get_discussion(),
                side=self.side,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                tracks=form.track_values(),
                values=form.discussion_values(),
            )
        except StaleEditError as error:
            form.add_error(None, STALE_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form, stale_changes=error.newer_entries))
        messages.success(self.request, _("Your answers have been saved."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            discussion=self.get_discussion(),
            partnership=self.get_discussion().partnership,
            side_label=gettext_lazy("the municipality")
            if self.side == "municipality"
            else gettext_lazy("the initiative"),
        )


class NodeNeedCreateView(DiscussionMixin, PermissionRequiredMixin, FormView):
    template_name = "wijkkompas/node_need_form.html"
    permission_required = "wijkkompas.add_node_need"
    form_class = NodeNeedForm

    def form_valid(self, form):
        services.add_node_need(self.get_discussion(), actor=self.request.user, values=form.cleaned_data)
        messages.success(self.request, _("The node has been added to the discussion."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, discussion=self.get_discussion())


class DiscussionCompleteView(DiscussionMixin, PermissionRequiredMixin, View):
    permission_required = "wijkkompas.complete_discussion"

    def post(self, request, pk):
        try:
            services.complete(self.get_discussion(), actor=request.user)
        except services.DiscussionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The discussion has been marked complete."))
        return self.back()
