from django.urls import path

from partnerships import views

app_name = "initiatives"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("export.csv", views.InitiativeExportView.as_view(), name="export"),
    path("nieuw/", views.InitiativeCreateView.as_view(), name="create"),
    path("mijn/", views.MyInitiativesView.as_view(), name="mine"),
    path("overdracht/", views.HandoverView.as_view(), name="handover"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.InitiativeUpdateView.as_view(), name="update"),
    path("<int:pk>/contactlog/nieuw/", views.LogEntryCreateView.as_view(), name="log_create"),
    path("<int:pk>/uitnodigen/", views.InvitationCreateView.as_view(), name="invite"),
    path(
        "uitnodigingen/<int:pk>/opnieuw/", views.InvitationActionView.as_view(action="resend"), name="invitation_resend"
    ),
    path(
        "uitnodigingen/<int:pk>/intrekken/",
        views.InvitationActionView.as_view(action="revoke"),
        name="invitation_revoke",
    ),
]
