from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("alles-gelezen/", views.MarkAllReadView.as_view(), name="read_all"),
    path("<int:pk>/gelezen/", views.MarkReadView.as_view(), name="read"),
    path("<int:pk>/openen/", views.OpenView.as_view(), name="open"),
    path("afmelden/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
