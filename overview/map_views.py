import re

from django.views.generic import TemplateView

from core.views import PermissionRequiredMixin
from neighbourhoods.models import GEMEENTE_CODE_RE, Municipality
from overview import map as neighbourhood_map


class MapView(PermissionRequiredMixin, TemplateView):
    """The neighbourhoods as an SVG map, coloured by `?kleur=stappen|rol|partnerschap|warmte`.

    With neighbourhoods of several municipalities, `?gemeente=GM0402` picks one; the default is
    the installation's own municipality."""

    template_name = "overview/map.html"
    permission_required = "neighbourhoods.view_neighbourhood"

    def get_context_data(self, **kwargs):
        mode = self.request.GET.get("kleur", neighbourhood_map.DEFAULT_MODE)
        own = Municipality.for_request(self.request)
        own_code = own.cbs_code if own else None
        requested = self.request.GET.get("gemeente", "").strip().upper()
        built = neighbourhood_map.build_map(
            mode, requested=requested if re.fullmatch(GEMEENTE_CODE_RE, requested) else None, default=own_code
        )
        return super().get_context_data(**kwargs, **built, modes=neighbourhood_map.MODES, own_code=own_code)
