from django.urls import path

from neighbourhoods import views

app_name = "neighbourhoods"
urlpatterns = [
    path("", views.NeighbourhoodListView.as_view(), name="list"),
    path("gemeente/", views.MunicipalityView.as_view(), name="municipality"),
    path("<str:code>/", views.NeighbourhoodDetailView.as_view(), name="detail"),
]
