from django.urls import path

from wijkkompas import views

app_name = "wijkkompas"
urlpatterns = [
    path("", views.MethodView.as_view(), name="method"),
    path("knooppunten/nieuw/", views.NodeEditView.as_view(), name="node_create"),
    path("knooppunten/<int:pk>/", views.NodeDetailView.as_view(), name="node"),
    path("knooppunten/<int:pk>/bewerken/", views.NodeEditView.as_view(), name="node_update"),
    path("sporen/<int:pk>/bewerken/", views.TrackEditView.as_view(), name="track_update"),
    path("fasen/<int:pk>/bewerken/", views.PhaseEditView.as_view(), name="phase_update"),
    path("partnerschap/<int:pk>/", views.PartnershipDiscussionsView.as_view(), name="partnership"),
    path("partnerschap/<int:pk>/nieuw/", views.DiscussionStartView.as_view(), name="start"),
    path("gesprekken/<int:pk>/", views.DiscussionDetailView.as_view(), name="discussion"),
    path("gesprekken/<int:pk>/gemeente/", views.SideEditView.as_view(side="municipality"), name="municipality_side"),
    path("gesprekken/<int:pk>/initiatief/", views.SideEditView.as_view(side="initiative"), name="initiative_side"),
    path("gesprekken/<int:pk>/knooppunt/", views.NodeNeedCreateView.as_view(), name="node_need"),
    path("gesprekken/<int:pk>/afronden/", views.DiscussionCompleteView.as_view(), name="complete"),
]
