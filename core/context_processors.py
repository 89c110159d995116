from django.conf import settings


def site(request):
    return {
        "product_name": settings.SITE_NAME,
        "axes_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
