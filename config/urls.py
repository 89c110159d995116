from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("overview.urls")),
    path("", include("core.urls")),
    path("accounts/uitnodiging/", include("partnerships.urls_invitations")),
    path("accounts/", include("accounts.urls")),
    path("buurten/", include("neighbourhoods.urls")),
    path("initiatieven/", include("partnerships.urls")),
    path("werkwijze/", include("policies.urls")),
    path("partnerschappen/", include("partnerships.urls_partnership")),
    path("wijkkompas/", include("wijkkompas.urls")),
    path("afspraken/", include("agreements.urls")),
    path("overleggen/", include("meetings.urls")),
    path("documenten/", include("documents.urls")),
    path("meldingen/", include("notifications.urls")),
    path("audit/", include("audit.urls")),
    path("django-admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("api-sleutels/", include("api.urls_keys")),
]
