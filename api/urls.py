"""/api/v1: no trailing slashes (a trailing slash is a 404, never a redirect: no pattern here ends
in one, so APPEND_SLASH has nothing to add it to)."""

from django.urls import path

from api import API_MAJOR_VERSION, endpoints

V = f"v{API_MAJOR_VERSION}"  # included under api/: /api/v1

app_name = "api"
urlpatterns = [
    path(V, endpoints.RootView.as_view(), name="root"),
    path(f"{V}/openapi.json", endpoints.OpenApiView.as_view(), name="openapi"),
    path(f"{V}/neighbourhoods", endpoints.NeighbourhoodListView.as_view(), name="neighbourhoods"),
    path(f"{V}/neighbourhoods/<str:code>", endpoints.NeighbourhoodView.as_view(), name="neighbourhood"),
    path(
        f"{V}/neighbourhoods/<str:code>/partnerships",
        endpoints.NeighbourhoodPartnershipsView.as_view(),
        name="neighbourhood_partnerships",
    ),
    path(f"{V}/neighbourhoods/<str:code>/boundary", endpoints.BoundaryView.as_view(), name="boundary"),
    path(f"{V}/boundaries", endpoints.BoundaryListView.as_view(), name="boundaries"),
    path(f"{V}/crss", endpoints.CrsListView.as_view(), name="crss"),
    path(f"{V}/partnerships", endpoints.PartnershipListView.as_view(), name="partnerships"),
    path(f"{V}/partnerships/<int:pk>", endpoints.PartnershipView.as_view(), name="partnership"),
    path(f"{V}/ways-of-working", endpoints.WayOfWorkingListView.as_view(), name="ways_of_working"),
    path(f"{V}/ways-of-working/current", endpoints.CurrentWayOfWorkingView.as_view(), name="current_way_of_working"),
    path(f"{V}/ways-of-working/<int:number>", endpoints.WayOfWorkingView.as_view(), name="way_of_working"),
]
