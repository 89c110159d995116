from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    from neighbourhoods.models import Municipality

    return {
        "product_name": settings.SITE_NAME,
        "axes_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        # Lazy: pages that never show the municipality do not query it.
        "municipality": SimpleLazyObject(lambda: Municipality.for_request(request)),
    }
