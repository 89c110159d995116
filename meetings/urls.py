from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("samenwerking/<int:pk>/", views.MeetingListView.as_view(), name="partnership"),
    path("samenwerking/<int:pk>/plannen/", views.MeetingCreateView.as_view(), name="plan"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.MeetingUpdateView.as_view(), name="update"),
    path("<int:pk>/afzeggen/", views.MeetingCancelView.as_view(), name="cancel"),
    path("<int:pk>/uitnodiging.ics", views.MeetingIcsView.as_view(), name="ics"),
    path("<int:pk>/verslag/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/verslag.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/reactie/", views.CommentCreateView.as_view(), name="comment"),
]
