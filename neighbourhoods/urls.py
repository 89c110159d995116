from django.urls import path

from neighbourhoods import views

app_name = "neighbourhoods"
urlpatterns = [
    path("", views.NeighbourhoodListView.as_view(), name="list"),
    path("export.csv", views.NeighbourhoodExportView.as_view(), name="export"),
    path("gemeente/", views.MunicipalityView.as_view(), name="municipality"),
    path("gemeente/logo/", views.LogoView.as_view(), name="logo"),
    path("importeren/", views.ImportView.as_view(), name="import"),
    path("importeren/bevestigen/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("rol-voor-meerdere/", views.BulkRoleView.as_view(), name="bulk_role"),
    path("rollen/", views.FrameworkListView.as_view(), name="frameworks"),
    path("rollen/nieuw/", views.FrameworkUpdateView.as_view(), name="framework_create"),
    path("rollen/<int:pk>/", views.FrameworkUpdateView.as_view(), name="framework_update"),
    path("rollen/<int:framework>/rol-toevoegen/", views.RoleUpdateView.as_view(), name="role_create"),
    path("rollen/rol/<int:pk>/", views.RoleUpdateView.as_view(), name="role_update"),
    path("doelen/<int:pk>/", views.GoalUpdateView.as_view(), name="goal_update"),
    path("doelen/<int:pk>/voortgang/", views.GoalProgressView.as_view(), name="goal_progress"),
    path("<str:code>/", views.NeighbourhoodDetailView.as_view(), name="detail"),
    path("<str:code>/gegevens/", views.NeighbourhoodFactsView.as_view(), name="facts"),
    path("<str:code>/rol/", views.RoleDecisionView.as_view(), name="role"),
    path("<str:code>/doelen/nieuw/", views.GoalCreateView.as_view(), name="goal_create"),
    path("<str:code>/doelen/kopieren/", views.CopyGoalsView.as_view(), name="copy_goals"),
]
