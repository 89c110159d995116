"""The project's URLs plus this app's under audit/, for tests that run before config/urls.py includes them."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "audit" for pattern in urlpatterns):
    urlpatterns.append(path("audit/", include("audit.urls")))
