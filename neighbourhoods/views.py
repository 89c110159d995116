from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, UpdateView

from core.models import ChangeEntry
from core.views import StaffRequiredMixin, VersionedUpdateMixin
from neighbourhoods import services
from neighbourhoods.forms import MunicipalityForm
from neighbourhoods.models import Municipality, Neighbourhood


class MunicipalityView(StaffRequiredMixin, VersionedUpdateMixin, UpdateView):
    """Create the municipality profile the first time, edit it afterwards."""

    template_name = "neighbourhoods/municipality_form.html"
    permission_required = "neighbourhoods.change_municipality"
    form_class = MunicipalityForm
    success_url = reverse_lazy("neighbourhoods:municipality")

    def get_object(self, queryset=None):
        return Municipality.current()

    def form_valid(self, form):
        if self.object is None:
            services.create_municipality(actor=self.request.user, values=form.model_values())
            messages.success(self.request, _("The municipality profile has been saved."))
            return redirect(self.success_url)
        return super().form_valid(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or Municipality()
        return kwargs

    def get_context_data(self, **kwargs):
        entries = ChangeEntry.objects.for_object(self.object)[:20] if self.object else []
        return super().get_context_data(**kwargs, history=entries)


class NeighbourhoodListView(StaffRequiredMixin, ListView):
    template_name = "neighbourhoods/neighbourhood_list.html"
    permission_required = "neighbourhoods.view_neighbourhood"
    paginate_by = 50

    def get_queryset(self):
        qs = Neighbourhood.objects.select_related("parent").order_by("code")
        query = self.request.GET.get("q", "").strip()
        if query:
            qs = qs.filter(Q(name__icontains=query) | Q(code__icontains=query))
        return qs


class NeighbourhoodDetailView(StaffRequiredMixin, DetailView):
    template_name = "neighbourhoods/neighbourhood_detail.html"
    permission_required = "neighbourhoods.view_neighbourhood"
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = Neighbourhood.objects.select_related("parent")
