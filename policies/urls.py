from django.urls import path

from policies import views

app_name = "policies"
urlpatterns = [
    path("", views.PolicyIndexView.as_view(), name="index"),
    path("nieuw-concept/", views.PolicyDraftStartView.as_view(), name="start_draft"),
    path("<int:pk>/", views.PolicyDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.PolicyDraftEditView.as_view(), name="edit"),
    path("<int:pk>/publiceren/", views.PolicyPublishView.as_view(), name="publish"),
]
