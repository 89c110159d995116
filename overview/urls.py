from django.urls import path

from overview import map_views, views
from overview.history_views import HistoryView

# Paths keep the addresses they had before this app existed (bookmarks, links in mails).
app_name = "overview"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("herinneringen/", views.RemindersView.as_view(), name="reminders"),
    path("geschiedenis/buurt/<str:key>/", HistoryView.as_view(kind="neighbourhood"), name="history_neighbourhood"),
    path("geschiedenis/initiatief/<int:key>/", HistoryView.as_view(kind="initiative"), name="history_initiative"),
    path("geschiedenis/partnerschap/<int:key>/", HistoryView.as_view(kind="partnership"), name="history_partnership"),
    path("buurten/rapport.pdf", views.OverviewReportView.as_view(), name="report"),
    path("buurten/kaart/", map_views.MapView.as_view(), name="map"),
    path("audit/personen/<int:pk>/", views.PersonalDataView.as_view(), name="person"),
    path("audit/personen/<int:pk>/export.json", views.PersonalDataExportView.as_view(), name="personal_data_export"),
    path("audit/personen/<int:pk>/anonimiseren/", views.AnonymiseView.as_view(), name="anonymise"),
]
