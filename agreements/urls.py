from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("bibliotheek/", views.ClauseListView.as_view(), name="clauses"),
    path("bibliotheek/nieuw/", views.ClauseEditView.as_view(), name="clause_create"),
    path("bibliotheek/<int:pk>/", views.ClauseEditView.as_view(), name="clause_update"),
    path("partnerschap/<int:pk>/", views.PartnershipDraftsView.as_view(), name="partnership"),
    path("<int:pk>/", views.DraftDetailView.as_view(), name="draft"),
    path("<int:pk>/bevriezen/", views.FreezeView.as_view(), name="freeze"),
    path("<int:pk>/vergelijken/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/reactie/", views.CommentView.as_view(), name="comment"),
    path("<int:pk>/scan/", views.ScanUploadView.as_view(), name="scan_upload"),
    path("secties/<int:pk>/", views.SectionEditView.as_view(), name="section"),
    path("secties/<int:pk>/bron/", views.SectionSourceView.as_view(), name="section_source"),
    path("secties/<int:pk>/bron/eigen-tekst/", views.SectionKeepView.as_view(), name="section_keep"),
    path("secties/<int:pk>/verwijderen/", views.SectionRemoveView.as_view(), name="section_remove"),
    path("versies/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path("versies/<int:pk>/pdf/", views.VersionPdfView.as_view(), name="pdf"),
    path("versies/<int:pk>/akkoord/", views.AgreeView.as_view(), name="agree"),
    path("versies/<int:pk>/akkoord-intrekken/", views.WithdrawView.as_view(), name="withdraw"),
    path("scans/<int:pk>/", views.ScanDownloadView.as_view(), name="scan"),
    path("versies/<int:pk>/docx/", views.VersionDocxView.as_view(), name="docx"),
    path("versies/<int:pk>/collegebesluit/", views.CollegeDecisionView.as_view(), name="college_decision"),
    path("<int:pk>/ondertekenaars/", views.DraftSignatoriesView.as_view(), name="draft_signatories"),
    path("<int:pk>/archiefpakket/", views.ArchivePackageView.as_view(), name="archive"),
    path("ondertekenaars/", views.SignatoryListView.as_view(), name="signatories"),
    path("initiatief/<int:pk>/ondertekenaars/", views.SignatoryListView.as_view(), name="initiative_signatories"),
    path("ondertekenaars/<int:pk>/intrekken/", views.SignatoryDeactivateView.as_view(), name="signatory_deactivate"),
]
