"""The documents of a partnership: list, upload, detail with versions, rename, replace, share,
remove, and the downloads, which check permission and never let the browser guess the type."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.cache import CachedBodyMixin
from core.concurrency import STALE_MESSAGE, StaleEditError
from core.downloads import set_attachment
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin
from documents import services
from documents.forms import RenameForm, ReplaceForm, UploadForm
from documents.models import Document, DocumentVersion
from partnerships import workflow
from partnerships.models import Initiative, Partnership
from partnerships.view_mixins import PartnershipObjectMixin

FILTERS = {"gedeeld": True, "intern": False}


class PartnershipMixin(PartnershipObjectMixin):
    """Views under one partnership, back to its documents."""

    def back(self):
        return redirect("documents:list", self.get_partnership().pk)


class DocumentMixin:
    """Views of one document that has not been removed."""

    def get_document(self):
        if not hasattr(self, "_document"):
            self._document = get_object_or_404(
                Document.objects.present().select_related("partnership__initiative", "current", "created_by"),
                pk=self.kwargs["pk"],
            )
        return self._document

    def get_permission_object(self):
        return self.get_document()

    def has_permission(self):
        # What a user may not see (another initiative's, or an internal document for a coordinator)
        # must not be told apart from what is not there: check seeing first, then the action.
        document = self.get_document()
        user = self.request.user
        if not user.has_perm("documents.view_document", document):
            return False
        return all(user.has_perm(p, document) for p in self.get_permission_required())

    def back(self):
        return redirect("documents:detail", self.get_document().pk)

    def get_context_data(self, **kwargs):
        document = self.get_document()
        return super().get_context_data(**kwargs, document=document, partnership=document.partnership)


class DocumentListView(PartnershipMixin, PermissionRequiredMixin, CachedBodyMixin, ListView):
    """Its HTML is cached until a table it read is written (core.cache.CachedBodyMixin)."""

    template_name = "documents/document_list.html"
    body_template = "documents/includes/document_list_body.html"
    body_depends_on = (Partnership, Initiative)

    def outer_context(self):
        return {"partnership": self.get_partnership()}

    permission_required = "documents.view_documents"
    paginate_by = 25

    def get_queryset(self):
        staff = self.request.user.has_perm("documents.see_internal")
        documents = (
            Document.objects.filter(partnership=self.get_partnership())
            .visible_to(self.request.user, staff=staff)
            .select_related("current", "created_by", "conversation")
        )
        self.shown = self.request.GET.get("zichtbaarheid", "") if staff else ""
        if self.shown in FILTERS:
            documents = documents.filter(shared_with_initiative=FILTERS[self.shown])
        return documents

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        user = self.request.user
        return super().get_context_data(
            **kwargs,
            partnership=partnership,
            staff=user.has_perm("documents.see_internal"),
            shown=self.shown,
            can_upload=user.has_perm("documents.upload", partnership) and partnership.status not in workflow.CLOSED,
        )


class DocumentUploadView(PartnershipMixin, PermissionRequiredMixin, FormView):
    template_name = "documents/document_form.html"
    permission_required = "documents.upload"
    form_class = UploadForm
    denied_action = gettext_lazy("add documents")

    def get_form_kwargs(self):
        initial = {}
        for parameter, name in (("gesprek", "conversation"), ("overleg", "meeting")):
            value = self.request.GET.get(parameter, "")
            if value.isdigit():
                initial[name] = value
        return {
            **super().get_form_kwargs(),
            "initial": initial,
            "partnership": self.get_partnership(),
            "staff": self.request.user.has_perm("documents.see_internal"),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.upload(
                self.get_partnership(),
                actor=self.request.user,
                upload=data["file"],
                title=data["title"],
                description=data["description"],
                shared=data.get("shared", True),
                conversation=data["conversation"],
                meeting=data["meeting"],
            )
        except services.DocumentRefused as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The document has been added."))
        return redirect("documents:detail", document.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class DocumentDetailView(DocumentMixin, PermissionRequiredMixin, TemplateView):
    template_name = "documents/document_detail.html"
    permission_required = "documents.view_document"

    def get_context_data(self, **kwargs):
        document = self.get_document()
        user = self.request.user
        entries = ChangeEntry.objects.for_object(document).visible_to(user)[:20]
        return super().get_context_data(
            **kwargs,
            versions=list(document.versions.select_related("uploaded_by")),
            can_change=user.has_perm("documents.change_document", document)
            and document.partnership.status not in workflow.CLOSED,
            can_share=user.has_perm("documents.share_document", document)
            and document.partnership.status not in workflow.CLOSED,
            staff=user.has_perm("documents.see_internal"),
            entries=entries,
        )


class RenameView(DocumentMixin, PermissionRequiredMixin, FormView):
    template_name = "documents/document_rename.html"
    permission_required = "documents.change_document"
    form_class = RenameForm
    denied_action = gettext_lazy("change this document")

    def get_initial(self):
        document = self.get_document()
        return {"title": document.title, "description": document.description, "version": document.version}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.rename(
                self.get_document(),
                actor=self.request.user,
                expected_version=data["version"],
                title=data["title"],
                description=data["description"],
            )
        except StaleEditError:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("The document has been renamed."))
        return self.back()


class ReplaceView(DocumentMixin, PermissionRequiredMixin, FormView):
    template_name = "documents/document_replace.html"
    permission_required = "documents.change_document"
    form_class = ReplaceForm
    denied_action = gettext_lazy("change this document")

    def get_initial(self):
        return {"version": self.get_document().version}

    def form_valid(self, form):
        try:
            services.replace(
                self.get_document(),
                actor=self.request.user,
                upload=form.cleaned_data["file"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        except services.DocumentRefused as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The new version has been stored; the earlier versions are kept."))
        return self.back()


class ShareView(DocumentMixin, PermissionRequiredMixin, View):
    """Staff share a document with the initiative or make it internal (POST only)."""

    permission_required = "documents.share_document"
    http_method_names = ["post"]

    def post(self, request, pk):
        shared = request.POST.get("shared") == "1"
        services.set_shared(self.get_document(), actor=request.user, shared=shared)
        if shared:
            messages.success(request, _("The document is shared with the initiative."))
        else:
            messages.success(request, _("The document is internal: only municipal staff see it."))
        return self.back()


class RemoveView(DocumentMixin, PermissionRequiredMixin, TemplateView):
    """A confirmation page; the POST removes the document and deletes its files."""

    template_name = "documents/document_remove.html"
    permission_required = "documents.change_document"
    denied_action = gettext_lazy("remove this document")

    def post(self, request, pk):
        document = self.get_document()
        services.remove(document, actor=request.user)
        messages.success(request, _("The document “%(title)s” has been removed.") % {"title": document.title})
        return redirect("documents:list", document.partnership_id)


def file_response(version: DocumentVersion):
    """The stored file as a download: the detected type, never sniffed, never cached."""
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=version.content_type)
    set_attachment(response, version.download_name(), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


class DownloadView(DocumentMixin, PermissionRequiredMixin, View):
    """The current version of a document."""

    permission_required = "documents.view_document"

    def get(self, request, pk):
        document = self.get_document()
        if document.current is None:
            raise Http404
        document.current.document = document
        return file_response(document.current)


class VersionDownloadView(PermissionRequiredMixin, View):
    """One version of a document, for the same people as the document."""

    permission_required = "documents.view_document"

    def get_permission_object(self):
        self.version = get_object_or_404(
            DocumentVersion.objects.select_related("document__partnership"),
            pk=self.kwargs["pk"],
            document__removed_at__isnull=True,
        )
        return self.version.document

    def get(self, request, pk):
        return file_response(self.version)
