from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, UpdateView

from core.models import ChangeEntry
from core.views import PermissionRequiredMixin, VersionedUpdateMixin
from policies import services
from policies.forms import PolicyDraftForm
from policies.models import PolicyVersion


class PolicyIndexView(PermissionRequiredMixin, ListView):
    """Step 3: the version that applies now, the draft (if any) and every earlier version."""

    template_name = "policies/policy_index.html"
    permission_required = "policies.view_policy"
    queryset = PolicyVersion.objects.select_related("published_by", "created_by").order_by("-number")
    paginate_by = 25

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, current=PolicyVersion.objects.current())


class PolicyDetailView(PermissionRequiredMixin, DetailView):
    template_name = "policies/policy_detail.html"
    permission_required = "policies.view_policy"
    queryset = PolicyVersion.objects.select_related("published_by", "created_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, history=ChangeEntry.objects.for_object(self.object)[:20])


class PolicyDraftStartView(PermissionRequiredMixin, View):
    permission_required = "policies.change_policy"
    denied_action = gettext_lazy("change the way of working")

    def post(self, request):
        draft = services.start_draft(actor=request.user)
        return redirect("policies:edit", draft.pk)


class PolicyDraftEditView(PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "policies/policy_form.html"
    permission_required = "policies.change_policy"
    denied_action = gettext_lazy("change the way of working")
    form_class = PolicyDraftForm
    queryset = PolicyVersion.objects.all()
    success_message = gettext_lazy("The draft has been saved.")

    def get(self, request, *args, **kwargs):
        if self.get_object().is_published:
            messages.info(request, _("A published version cannot be changed. Start a new draft instead."))
            return redirect("policies:detail", self.get_object().pk)
        return super().get(request, *args, **kwargs)

    def save_versioned(self, form):
        return services.update_draft(
            self.get_object(),
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            values=form.model_values(),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.PublishedVersionError:
            messages.error(self.request, _("A published version cannot be changed. Start a new draft instead."))
            return redirect("policies:detail", self.object.pk)

    def get_success_url(self):
        return reverse("policies:detail", args=[self.object.pk])


class PolicyPublishView(PermissionRequiredMixin, DetailView):
    """GET asks for confirmation; POST publishes."""

    template_name = "policies/policy_publish.html"
    permission_required = "policies.change_policy"
    denied_action = gettext_lazy("change the way of working")
    queryset = PolicyVersion.objects.all()

    def post(self, request, pk):
        draft = get_object_or_404(PolicyVersion, pk=pk)
        try:
            services.publish(draft, actor=request.user)
        except services.PublishedVersionError:
            messages.error(request, _("This version is already published."))
        else:
            messages.success(
                request, _("Version %(number)s has been published; it now applies.") % {"number": draft.number}
            )
        return redirect(reverse("policies:detail", args=[pk]))
