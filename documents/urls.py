from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("samenwerking/<int:pk>/", views.DocumentListView.as_view(), name="list"),
    path("samenwerking/<int:pk>/toevoegen/", views.DocumentUploadView.as_view(), name="upload"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/naam/", views.RenameView.as_view(), name="rename"),
    path("<int:pk>/vervangen/", views.ReplaceView.as_view(), name="replace"),
    path("<int:pk>/delen/", views.ShareView.as_view(), name="share"),
    path("<int:pk>/verwijderen/", views.RemoveView.as_view(), name="remove"),
    path("<int:pk>/downloaden/", views.DownloadView.as_view(), name="download"),
    path("versie/<int:pk>/downloaden/", views.VersionDownloadView.as_view(), name="version_download"),
]
