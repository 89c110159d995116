from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from agreements import archive, docx, living, pdf, prefill, services
from agreements.forms import (
    ClauseForm,
    CollegeDecisionForm,
    CommentForm,
    DraftCreateForm,
    DraftSignatoriesForm,
    ScanForm,
    SectionForm,
    SignatoryForm,
    SourceForm,
)
from agreements.models import Clause, Draft, DraftSection, DraftVersion, Signatory, SignedScan
from core.concurrency import STALE_MESSAGE, StaleEditError
from core.downloads import set_attachment
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin, VersionedUpdateMixin
from neighbourhoods.models import Municipality
from partnerships.models import Initiative, Partnership
from partnerships.reference_data import AGREEMENT_FORMS


class PartnershipDraftsView(PermissionRequiredMixin, FormView):
    """The drafts of one partnership, and a new one with the form the intensity suggests preselected."""

    template_name = "agreements/partnership_drafts.html"
    permission_required = "agreements.view_draft"
    form_class = DraftCreateForm

    def get_permission_object(self):
        self.partnership = get_object_or_404(Partnership.objects.select_related("initiative"), pk=self.kwargs["pk"])
        return self.partnership

    def get_initial(self):
        return {"form": services.suggested_form(self.partnership)}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("agreements.create_draft", self.partnership):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def back(self):
        return redirect("agreements:partnership", self.partnership.pk)

    def form_valid(self, form):
        draft = services.create_draft(self.partnership, form=form.cleaned_data["form"], actor=self.request.user)
        messages.success(self.request, _("The draft has been made from the partnership file. Check every section."))
        return redirect("agreements:draft", draft.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            partnership=self.partnership,
            drafts=self.partnership.drafts.all(),
            suggested=AGREEMENT_FORMS.get(services.suggested_form(self.partnership)),
            can_create=self.request.user.has_perm("agreements.create_draft", self.partnership),
        )


class DraftMixin:
    def get_draft(self):
        if not hasattr(self, "_draft"):
            self._draft = get_object_or_404(
                Draft.objects.select_related("partnership__initiative"), pk=self.kwargs["pk"]
            )
        return self._draft

    def get_permission_object(self):
        return self.get_draft()

    def back(self):
        return redirect("agreements:draft", self.get_draft().pk)


class DraftDetailView(DraftMixin, PermissionRequiredMixin, TemplateView):
    template_name = "agreements/draft_detail.html"
    permission_required = "agreements.view_draft"

    def get_context_data(self, **kwargs):
        draft = self.get_draft()
        user = self.request.user
        versions = list(draft.versions.select_related("municipality_agreed_by", "initiative_agreed_by", "frozen_by"))
        comments = list(draft.comments.select_related("author"))
        sections = list(draft.sections.all())
        # The living draft: per section, has its source in the partnership file changed? Editors see it.
        changes = living.changes(draft, sections) if user.has_perm("agreements.edit_draft", draft) else {}
        for section in sections:
            section.comment_list = [c for c in comments if c.section == section.key]
            section.source_change = changes.get(section.pk)
        latest = versions[0] if versions else None
        current = [{"key": s.key, "title": s.title, "text": s.text} for s in sections]
        return super().get_context_data(
            **kwargs,
            draft=draft,
            sections=sections,
            versions=versions,
            latest=latest,
            unfrozen_changes=latest is None or latest.sections != current,
            scans=list(draft.scans.select_related("uploaded_by")),
            # The activities section's table, as the document will show it (each activity once).
            activities=prefill.activities(draft.partnership),
            signatories=list(draft.signatories.all()) if user.has_perm("agreements.edit_draft", draft) else [],
            staff=user.has_perm("partnerships.view_internal"),
            can_edit=user.has_perm("agreements.edit_draft", draft),
            can_comment=user.has_perm("agreements.comment", draft),
            can_agree_municipality=user.has_perm("agreements.agree_municipality", draft),
            can_agree_initiative=user.has_perm("agreements.agree_initiative", draft),
            can_upload=user.has_perm("agreements.upload_scan", draft) and draft.status == Draft.Status.FINAL,
            comment_form=CommentForm(),
            scan_form=ScanForm(),
            history=ChangeEntry.objects.for_object(draft)[:20] if user.has_perm("partnerships.view_internal") else [],
        )


class SectionEditView(PermissionRequiredMixin, FormView):
    template_name = "agreements/section_form.html"
    permission_required = "agreements.edit_draft"
    form_class = SectionForm

    def get_permission_object(self):
        self.section = get_object_or_404(
            DraftSection.objects.select_related("draft__partnership"), pk=self.kwargs["pk"]
        )
        return self.section

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "section": self.section}

    def back(self):
        return redirect("agreements:draft", self.section.draft_id)

    def get_initial(self):
        return {"version": self.section.draft.version, "title": self.section.title, "text": self.section.text}

    def form_valid(self, form):
        try:
            services.update_section(
                self.section,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                text=form.new_text(),
                title=form.cleaned_data["title"],
            )
        except StaleEditError as error:
            form.add_error(None, STALE_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form, stale_changes=error.newer_entries))
        messages.success(self.request, _("The section has been saved."))
        return redirect(reverse("agreements:draft", args=[self.section.draft_id]) + f"#sectie-{self.section.key}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, section=self.section, draft=self.section.draft)


class SectionSourceView(PermissionRequiredMixin, TemplateView):
    """The section's source in the partnership file changed. GET: the confirmation page (text written
    by hand against the new text); POST: take the new text over (replacing hand-written text only
    with `confirm`)."""

    template_name = "agreements/section_source.html"
    permission_required = "agreements.edit_draft"

    def get_permission_object(self):
        self.section = get_object_or_404(
            DraftSection.objects.select_related("draft__partnership__initiative"), pk=self.kwargs["pk"]
        )
        return self.section

    def back(self):
        return redirect(reverse("agreements:draft", args=[self.section.draft_id]) + f"#sectie-{self.section.key}")

    def get_context_data(self, **kwargs):
        change = living.change_of(self.section, living.current_sources(self.section.draft.partnership))
        return super().get_context_data(
            **kwargs,
            section=self.section,
            draft=self.section.draft,
            change=change,
            form=SourceForm(
                initial={
                    "version": self.section.draft.version,
                    "seen": change.digest if change else "",
                    "confirm": True,
                }
            ),
        )

    def post(self, request, pk):
        form = SourceForm(request.POST)
        if not form.is_valid():
            return self.back()
        try:
            services.take_over_source(
                self.section,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                seen=form.cleaned_data["seen"],
                confirmed=form.cleaned_data["confirm"],
            )
        except services.ConfirmationNeeded:
            return redirect("agreements:section_source", self.section.pk)
        except StaleEditError:
            messages.error(request, STALE_MESSAGE)
        except services.AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The new text from the partnership file has been taken over."))
        return self.back()


class SectionKeepView(SectionSourceView):
    """Keep one's own text: the changed source is noted as seen, the text stays as it is."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = SourceForm(request.POST)
        if not form.is_valid():
            return self.back()
        try:
            services.keep_own_text(
                self.section,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                seen=form.cleaned_data["seen"],
            )
        except StaleEditError:
            messages.error(request, STALE_MESSAGE)
        except services.AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your text has been kept; the change in the partnership file is noted as seen.")
            )
        return self.back()


class SectionRemoveView(PermissionRequiredMixin, View):
    permission_required = "agreements.edit_draft"

    def get_permission_object(self):
        self.section = get_object_or_404(
            DraftSection.objects.select_related("draft__partnership"), pk=self.kwargs["pk"]
        )
        return self.section

    def back(self):
        return redirect("agreements:draft", self.section.draft_id)

    def post(self, request, pk):
        try:
            services.remove_section(self.section, actor=request.user)
        except services.AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The section has been removed."))
        return redirect("agreements:draft", self.section.draft_id)


class FreezeView(DraftMixin, PermissionRequiredMixin, View):
    permission_required = "agreements.edit_draft"

    def post(self, request, pk):
        try:
            version = services.freeze(self.get_draft(), actor=request.user)
        except services.AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Version %(number)s has been frozen for discussion.") % {"number": version.number}
            )
        return self.back()


class VersionMixin:
    def get_version(self):
        if not hasattr(self, "_version"):
            self._version = get_object_or_404(
                DraftVersion.objects.select_related("draft__partnership__initiative"), pk=self.kwargs["pk"]
            )
        return self._version

    def get_permission_object(self):
        return self.get_version()

    def back(self):
        return redirect("agreements:draft", self.get_version().draft_id)


class VersionDetailView(VersionMixin, PermissionRequiredMixin, TemplateView):
    template_name = "agreements/version_detail.html"
    permission_required = "agreements.view_draft"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, version=self.get_version(), draft=self.get_version().draft)


class VersionPdfView(VersionMixin, PermissionRequiredMixin, View):
    permission_required = "agreements.view_draft"

    def get(self, request, pk):
        version = self.get_version()
        data = pdf.render_cached(version, municipality=Municipality.for_request(request))
        response = HttpResponse(data, content_type="application/pdf")
        return set_attachment(response, f"{version.draft.title}-v{version.number}.pdf")


class VersionDocxView(VersionMixin, PermissionRequiredMixin, View):
    """The version as a Word document, for legal review; the reviewed text comes back as a new version."""

    permission_required = "agreements.view_draft"

    def get(self, request, pk):
        version = self.get_version()
        response = HttpResponse(docx.render(version), content_type=docx.CONTENT_TYPE)
        return set_attachment(response, f"{version.draft.title}-v{version.number}.docx")


class CollegeDecisionView(VersionMixin, PermissionRequiredMixin, FormView):
    template_name = "agreements/college_decision_form.html"
    permission_required = "agreements.edit_draft"
    form_class = CollegeDecisionForm

    def get_initial(self):
        version = self.get_version()
        return {"date": version.college_decision_date, "reference": version.college_decision_reference}

    def form_valid(self, form):
        services.record_college_decision(self.get_version(), actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The college decision has been recorded."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, version=self.get_version(), draft=self.get_version().draft)


class DraftSignatoriesView(DraftMixin, PermissionRequiredMixin, FormView):
    template_name = "agreements/draft_signatories_form.html"
    permission_required = "agreements.edit_draft"
    form_class = DraftSignatoriesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "draft": self.get_draft()}

    def get_initial(self):
        return {"signatories": list(self.get_draft().signatories.all())}

    def form_valid(self, form):
        try:
            services.set_signatories(
                self.get_draft(), actor=self.request.user, signatories=form.cleaned_data["signatories"]
            )
        except services.AgreementError as error:
            form.add_error("signatories", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The signatories have been saved; they are in the next frozen version."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, draft=self.get_draft())


class SignatoryListView(PermissionRequiredMixin, FormView):
    """Who may sign: the municipality's signatories (no pk) or an initiative's board members (pk)."""

    template_name = "agreements/signatory_list.html"
    form_class = SignatoryForm

    def get_permission_required(self):
        if self.request.method == "POST":
            return [
                "agreements.manage_initiative_signatories" if "pk" in self.kwargs else "agreements.manage_signatories"
            ]
        return ["agreements.view_signatories"]

    def get_permission_object(self):
        if "pk" in self.kwargs and not hasattr(self, "initiative"):
            self.initiative = get_object_or_404(Initiative, pk=self.kwargs["pk"])
        return getattr(self, "initiative", None)

    def back(self):
        if "pk" in self.kwargs:
            return redirect("agreements:initiative_signatories", self.kwargs["pk"])
        return redirect("agreements:signatories")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": "pk" not in self.kwargs}

    def form_valid(self, form):
        try:
            services.add_signatory(
                actor=self.request.user,
                values={"mandate": "", **form.cleaned_data},
                initiative=getattr(self, "initiative", None),
            )
        except services.AgreementError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The signatory has been added."))
        return self.back()

    def get_context_data(self, **kwargs):
        initiative = getattr(self, "initiative", None)
        signatories = Signatory.objects.filter(active=True)
        signatories = (
            signatories.filter(initiative=initiative) if initiative else signatories.filter(party="municipality")
        )
        perm = "agreements.manage_initiative_signatories" if initiative else "agreements.manage_signatories"
        return super().get_context_data(
            **kwargs,
            initiative=initiative,
            signatories=signatories,
            can_manage=self.request.user.has_perm(perm, initiative),
        )


class SignatoryDeactivateView(PermissionRequiredMixin, View):
    def get_permission_object(self):
        self.signatory = get_object_or_404(Signatory, pk=self.kwargs["pk"])
        return self.signatory.initiative

    def get_permission_required(self):
        self.get_permission_object()
        if self.signatory.initiative_id:
            return ["agreements.manage_initiative_signatories"]
        return ["agreements.manage_signatories"]

    def back(self):
        if self.signatory.initiative_id:
            return redirect("agreements:initiative_signatories", self.signatory.initiative_id)
        return redirect("agreements:signatories")

    def post(self, request, pk):
        services.deactivate_signatory(self.signatory, actor=request.user)
        messages.success(request, _("The signatory is no longer offered for new drafts."))
        return self.back()


class ArchivePackageView(DraftMixin, PermissionRequiredMixin, View):
    """The signed agreement as an archive package (zip): signed scan, agreed version's PDF, MDTO metadata."""

    permission_required = "agreements.view_draft"

    def get(self, request, pk):
        draft = self.get_draft()
        try:
            data = archive.package(draft, municipality=Municipality.for_request(request))
        except archive.NotSigned:
            raise Http404 from None
        response = HttpResponse(data, content_type="application/zip")
        return set_attachment(response, f"{draft.title}-archief.zip")


class SideMixin:
    """Which side the user agrees (or withdraws) for: staff for the municipality, a coordinator for
    the initiative; None for anyone else."""

    def side(self, version):
        if self.request.user.has_perm("agreements.agree_municipality", version):
            return "municipality"
        if self.request.user.has_perm("agreements.agree_initiative", version):
            return "initiative"
        return None


class AgreeView(SideMixin, VersionMixin, PermissionRequiredMixin, View):
    """Each side marks a version as agreed: staff for the municipality, a coordinator for the initiative."""

    permission_required = "agreements.view_draft"

    def post(self, request, pk):
        version = self.get_version()
        side = self.side(version)
        if side is None:
            return self.handle_no_permission()
        try:
            services.agree(version, side=side, actor=request.user)
        except services.AgreementError as error:
            messages.error(request, str(error))
        else:
            if version.agreed_by_both:
                messages.success(
                    request,
                    _("Both sides agreed to version %(number)s: the agreement is final.") % {"number": version.number},
                )
            else:
                messages.success(
                    request, _("Your agreement to version %(number)s has been recorded.") % {"number": version.number}
                )
        return redirect("agreements:draft", version.draft_id)


class WithdrawView(SideMixin, VersionMixin, PermissionRequiredMixin, View):
    """A side takes back its agreement to a version, as long as the other side has not agreed too."""

    permission_required = "agreements.view_draft"

    def post(self, request, pk):
        version = self.get_version()
        side = self.side(version)
        if side is None:
            return self.handle_no_permission()
        try:
            services.withdraw_agreement(version, side=side, actor=request.user)
        except services.AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your agreement to version %(number)s has been withdrawn.") % {"number": version.number}
            )
        return redirect("agreements:draft", version.draft_id)


class CompareView(DraftMixin, PermissionRequiredMixin, TemplateView):
    template_name = "agreements/compare.html"
    permission_required = "agreements.view_draft"

    def get_context_data(self, **kwargs):
        draft = self.get_draft()
        versions = {v.number: v for v in draft.versions.all()}
        try:
            old, new = versions[int(self.request.GET.get("van", 0))], versions[int(self.request.GET.get("naar", 0))]
        except (KeyError, ValueError):
            raise Http404 from None
        return super().get_context_data(**kwargs, draft=draft, old=old, new=new, sections=services.compare(old, new))


class CommentView(DraftMixin, PermissionRequiredMixin, FormView):
    template_name = "agreements/comment_form.html"
    permission_required = "agreements.comment"
    form_class = CommentForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Only the sections this draft has.
        form.fields["section"].choices = [(s.key, s.title) for s in self.get_draft().sections.all()]
        return form

    def form_valid(self, form):
        services.add_comment(self.get_draft(), actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your comment has been added."))
        return redirect(
            reverse("agreements:draft", args=[self.get_draft().pk]) + f"#sectie-{form.cleaned_data['section']}"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, draft=self.get_draft())


class ScanUploadView(DraftMixin, PermissionRequiredMixin, FormView):
    template_name = "agreements/scan_form.html"
    permission_required = "agreements.upload_scan"
    form_class = ScanForm

    def form_valid(self, form):
        try:
            services.upload_scan(
                self.get_draft(),
                actor=self.request.user,
                upload=form.cleaned_data["file"],
                signed_on=form.cleaned_data.get("signed_on"),
            )
        except services.AgreementError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The signed document has been stored."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, draft=self.get_draft())


class ScanDownloadView(PermissionRequiredMixin, View):
    permission_required = "agreements.view_draft"

    def get_permission_object(self):
        self.scan = get_object_or_404(SignedScan.objects.select_related("draft__partnership"), pk=self.kwargs["pk"])
        return self.scan

    def get(self, request, pk):
        response = FileResponse(self.scan.file.open("rb"), content_type="application/pdf")
        return set_attachment(response, self.scan.original_name, as_attachment=True)


class ClauseListView(PermissionRequiredMixin, ListView):
    template_name = "agreements/clause_list.html"
    permission_required = "agreements.view_clauses"
    queryset = Clause.objects.order_by("section", "title")
    paginate_by = 50


class ClauseEditView(PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "agreements/clause_form.html"
    permission_required = "agreements.manage_clauses"
    form_class = ClauseForm
    model = Clause
    success_url = reverse_lazy("agreements:clauses")

    def get_object(self, queryset=None):
        return super().get_object(queryset) if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or Clause()
        return kwargs

    def form_valid(self, form):
        if self.object is None:
            services.add_clause(actor=self.request.user, values=form.model_values())
            messages.success(self.request, _("The clause has been added to the library."))
            return redirect(self.success_url)
        return super().form_valid(form)
