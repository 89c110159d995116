import re

from django.utils.translation import get_language
from django.views.generic import TemplateView

from core.cache import cached
from core.cache import render as render_html
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
        mode = mode if mode in neighbourhood_map.COLOURINGS else neighbourhood_map.DEFAULT_MODE
        own = Municipality.for_request(self.request)
        own_code = own.cbs_code if own else None
        requested = self.request.GET.get("gemeente", "").strip().upper()
        requested = requested if re.fullmatch(GEMEENTE_CODE_RE, requested) else None

        def compute():
            built = neighbourhood_map.build_map(mode, requested=requested, default=own_code)
            return render_html(
                "overview/includes/map_body.html", {**built, "modes": neighbourhood_map.MODES, "own_code": own_code}
            )

        # The page's HTML, cached until a table it read is written (core.cache).
        map_html = cached("map.page", (mode, requested, own_code, get_language()), compute)
        return super().get_context_data(**kwargs, map_html=map_html)
