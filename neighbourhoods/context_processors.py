from django.utils.functional import SimpleLazyObject

from neighbourhoods.models import Municipality


def municipality(request):
    # Lazy: pages that never show the municipality do not query it.
    return {"municipality": SimpleLazyObject(lambda: Municipality.for_request(request))}
