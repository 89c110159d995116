from django.views.generic import TemplateView

from core.views import StaffRequiredMixin
from neighbourhoods import map as neighbourhood_map


class MapView(StaffRequiredMixin, TemplateView):
    """The neighbourhoods as an SVG map, coloured by `?kleur=stappen|rol|partnerschap|warmte`."""

    template_name = "neighbourhoods/map.html"
    permission_required = "neighbourhoods.view_neighbourhood"

    def get_context_data(self, **kwargs):
        mode = self.request.GET.get("kleur", neighbourhood_map.DEFAULT_MODE)
        return super().get_context_data(**kwargs, **neighbourhood_map.build_map(mode), modes=neighbourhood_map.MODES)
