from django.urls import path

from api import views

app_name = "api_keys"
urlpatterns = [
    path("", views.ApiKeyListView.as_view(), name="list"),
    path("nieuw/", views.ApiKeyIssueView.as_view(), name="issue"),
    path("<int:pk>/intrekken/", views.ApiKeyRevokeView.as_view(), name="revoke"),
]
