from django.urls import path

from partnerships import assessment_views, conversation_views
from partnerships import partnership_views as views

app_name = "partnerships"
urlpatterns = [
    path("", views.PartnershipListView.as_view(), name="list"),
    path("voorbeelden/", views.ExamplesView.as_view(), name="examples"),
    path("export/", views.PartnershipExportView.as_view(), name="export"),
    path("starten/<int:pk>/", views.StartPartnershipView.as_view(), name="start"),
    path("<int:pk>/", views.PartnershipDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.StatusChangeView.as_view(), name="status"),
    path("<int:pk>/samen-stoppen/", views.StopTogetherView.as_view(), name="stop"),
    path("<int:pk>/heropenen/", views.ReopenView.as_view(), name="reopen"),
    path("<int:pk>/stoppen-voorstellen/", views.StopProposeView.as_view(), name="stop_propose"),
    path("stopvoorstellen/<int:pk>/bevestigen/", views.StopAnswerView.as_view(action="confirm"), name="stop_confirm"),
    path("stopvoorstellen/<int:pk>/beantwoorden/", views.StopAnswerView.as_view(action="decline"), name="stop_decline"),
    path("stopvoorstellen/<int:pk>/intrekken/", views.StopAnswerView.as_view(action="withdraw"), name="stop_withdraw"),
    path("<int:pk>/gesprekken/nieuw/", conversation_views.ConversationCreateView.as_view(), name="conversation_create"),
    path("<int:pk>/activiteiten/nieuw/", conversation_views.ActivityCreateView.as_view(), name="activity_create"),
    path("<int:pk>/intensiteit/", assessment_views.AssessmentCreateView.as_view(), name="assess"),
    path("gesprekken/<int:pk>/", conversation_views.ConversationUpdateView.as_view(), name="conversation_update"),
    path("gesprekken/<int:pk>/behoefte/", conversation_views.NeedCreateView.as_view(), name="need_create"),
    path("gesprekken/<int:pk>/doel/", conversation_views.SharedGoalCreateView.as_view(), name="goal_create"),
    path("gesprekken/<int:pk>/reactie/", conversation_views.CommentCreateView.as_view(), name="comment_create"),
    path("behoeften/<int:pk>/", conversation_views.NeedUpdateView.as_view(), name="need_update"),
    path("activiteiten/<int:pk>/", conversation_views.ActivityUpdateView.as_view(), name="activity_update"),
    path("activiteiten/<int:pk>/notitie/", conversation_views.ActivityNoteCreateView.as_view(), name="activity_note"),
    path("activiteiten/<int:pk>/oppakken/", conversation_views.ActivityTakeOnView.as_view(), name="activity_take_on"),
    path("intensiteit/<int:pk>/", assessment_views.AssessmentDetailView.as_view(), name="assessment"),
]
