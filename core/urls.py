from django.urls import path
from django.views.generic import TemplateView

from audit.views import RemindersView
from core import views
from core.history_views import HistoryView

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("herinneringen/", RemindersView.as_view(), name="reminders"),
    path("toegankelijkheid/", TemplateView.as_view(template_name="core/accessibility.html"), name="accessibility"),
    path("geschiedenis/buurt/<str:key>/", HistoryView.as_view(kind="neighbourhood"), name="history_neighbourhood"),
    path("geschiedenis/initiatief/<int:key>/", HistoryView.as_view(kind="initiative"), name="history_initiative"),
    path("geschiedenis/partnerschap/<int:key>/", HistoryView.as_view(kind="partnership"), name="history_partnership"),
]
