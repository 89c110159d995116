from django.utils.functional import SimpleLazyObject

from neighbourhoods import themes
from neighbourhoods.models import Municipality


def municipality(request):
    # Lazy: pages that never show the municipality do not query it.
    return {
        "municipality": SimpleLazyObject(lambda: Municipality.for_request(request)),
        # The chosen theme (neighbourhoods/themes.py); base.html loads its stylesheets.
        "theme": SimpleLazyObject(lambda: theme_for(Municipality.for_request(request))),
    }


def theme_for(municipality) -> themes.Theme:
    return municipality.look if municipality is not None else themes.get(None)
