from django.views.generic import TemplateView

from core.views import StaffRequiredMixin
from neighbourhoods import map as neighbourhood_map
from neighbourhoods.models import Municipality


class MapView(StaffRequiredMixin, TemplateView):
    """The neighbourhoods as an SVG map, coloured by `?kleur=stappen|rol|partnerschap|warmte`.

    With neighbourhoods of several municipalities, `?gemeente=GM0402` picks one; the default is
    the installation's own municipality."""

    template_name = "neighbourhoods/map.html"
    permission_required = "neighbourhoods.view_neighbourhood"

    def get_context_data(self, **kwargs):
        mode = self.request.GET.get("kleur", neighbourhood_map.DEFAULT_MODE)
        own = Municipality.for_request(self.request)
        built = neighbourhood_map.build_map(
            mode, requested=self.request.GET.get("gemeente"), default=own.cbs_code if own else None
        )
        return super().get_context_data(**kwargs, **built, modes=neighbourhood_map.MODES)
