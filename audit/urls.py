from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.SecurityEventListView.as_view(), name="events"),
    path("personen/<int:pk>/", views.PersonalDataView.as_view(), name="person"),
    path("personen/<int:pk>/export.json", views.PersonalDataExportView.as_view(), name="personal_data_export"),
    path("personen/<int:pk>/anonimiseren/", views.AnonymiseView.as_view(), name="anonymise"),
]
