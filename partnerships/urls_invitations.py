from django.urls import path

from partnerships import invitation_views as views

# Under /accounts/uitnodiging/: the address in the mails already sent must keep working.
app_name = "invitations"
urlpatterns = [
    path("", views.InvitationAcceptView.as_view(), name="accept"),
    path("<str:token>/", views.invitation_link, name="link"),
]
