from django.urls import path
from django.views.generic import TemplateView

from core import views

app_name = "core"
urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("toegankelijkheid/", TemplateView.as_view(template_name="core/accessibility.html"), name="accessibility"),
]
