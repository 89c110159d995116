"""The partnership file: the list and export, starting one, the page itself, its status (change,
stop together, reopen) and the examples. Conversations and their parts are in conversation_views,
the intensity assessment in assessment_views."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core import history
from core.cache import cached, depends_on, with_csrf
from core.cache import render as render_html
from core.exports import table_response
from core.models import ChangeEntry
from core.views import PermissionRequiredMixin
from partnerships import intensity, sections, services, summary, workflow
from partnerships.forms import (
    ReopenForm,
    StartPartnershipForm,
    StatusForm,
    StopAnswerForm,
    StopConfirmForm,
    StopProposalForm,
    StopTogetherForm,
)
from partnerships.models import (
    ActivityNote,
    Comment,
    Initiative,
    Need,
    Partnership,
    SharedGoal,
    StopProposal,
)
from partnerships.predicates import side_of
from partnerships.reference_data import AGREEMENT_FORMS, EXAMPLES, LEVELS, RESEARCH
from partnerships.view_mixins import ChildMixin, PartnershipObjectMixin, is_staff
from policies.models import PolicyVersion


class PartnershipListView(PermissionRequiredMixin, ListView):
    template_name = "partnerships/partnership_list.html"
    permission_required = "partnerships.list_partnerships"
    paginate_by = 25

    def get_queryset(self):
        qs = Partnership.objects.select_related("initiative").prefetch_related("neighbourhoods")
        if self.request.GET.get("status") in Partnership.Status.values:
            qs = qs.filter(status=self.request.GET["status"])
        return qs.order_by("initiative__name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, statuses=Partnership.Status.choices, levels=LEVELS, today=timezone.localdate()
        )


class PartnershipExportView(PermissionRequiredMixin, View):
    permission_required = "partnerships.list_partnerships"

    def get(self, request):
        today = timezone.localdate()
        header = [
            _("Initiative"),
            _("Status"),
            _("Intensity"),
            _("Review date"),
            _("Neighbourhoods"),
            _("Activities"),
            _("overdue"),
            _("Way of working at the start"),
            _("Started on"),
        ]
        qs = (
            Partnership.objects.select_related("initiative", "policy_version")
            .prefetch_related("neighbourhoods", "activities")
            .order_by("initiative__name")
        )
        if request.GET.get("status") in Partnership.Status.values:
            qs = qs.filter(status=request.GET["status"])
        rows = (
            [
                p.initiative.name,
                p.get_status_display(),
                str(LEVELS[p.intensity]["label"]) if p.intensity in LEVELS else "",
                p.review_date.isoformat() if p.review_date else "",
                ", ".join(n.code for n in p.neighbourhoods.all()),
                len(p.activities.all()),
                sum(a.is_overdue(today) for a in p.activities.all()),
                p.policy_version.number if p.policy_version else "",
                p.started_on.isoformat() if p.started_on else "",
            ]
            for p in qs
        )
        return table_response(request, "partnerschappen", header, rows, sheet_title="Partnerschappen")


class StartPartnershipView(PermissionRequiredMixin, FormView):
    """Before the conversation starts: are steps 1-3 done for the neighbourhoods concerned?"""

    template_name = "partnerships/partnership_start.html"
    permission_required = "partnerships.change_partnership"
    form_class = StartPartnershipForm

    def dispatch(self, request, *args, **kwargs):
        self.initiative = get_object_or_404(Initiative, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # Checked after the permission check, so a coordinator learns nothing from it.
        existing = Partnership.objects.filter(initiative=self.initiative).first()
        if existing is not None:
            return redirect("partnerships:detail", existing.pk)
        return super().get(request, *args, **kwargs)

    def chosen_neighbourhoods(self):
        form = self.get_form()
        if self.request.method == "POST" and form.is_valid():
            return list(form.cleaned_data["neighbourhoods"])
        return list(self.initiative.neighbourhoods.all())

    def get_initial(self):
        return {"neighbourhoods": self.initiative.neighbourhoods.all()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, initiative=self.initiative, steps=services.steps_overview(self.chosen_neighbourhoods())
        )

    def form_valid(self, form):
        try:
            partnership = services.start_partnership(
                self.initiative,
                actor=self.request.user,
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                start_reason=form.cleaned_data["start_reason"],
            )
        except services.TransitionError as error:
            form.add_error("start_reason", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The partnership has been started."))
        return redirect("partnerships:detail", partnership.pk)


class PartnershipDetailView(PartnershipObjectMixin, PermissionRequiredMixin, DetailView):
    template_name = "partnerships/partnership_detail.html"
    permission_required = "partnerships.view_partnership"

    def get_object(self, queryset=None):
        return self.get_partnership()

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        # Cached until a table it read is written (core.cache): per partnership, role (a
        # coordinator: per person), day and language. The sections without a form are kept as HTML
        # (rendering was most of the page's time); the status form is built per request.
        key = (self.object.pk, user.role, user.pk if not is_staff(user) else None, today, get_language())
        context = {
            **cached("partnership.page", key, lambda: self.cached_part(self.object, user, today)),
            "levels": LEVELS,
        }
        context["activities_html"] = with_csrf(context["html"]["activities"], self.request)
        if context["can_change"]:
            context["status_form"] = StatusForm(choices=self.status_choices(self.object))
        return super().get_context_data(**kwargs, **context)

    @classmethod
    def cached_part(cls, p, user, today) -> dict:
        """The HTML of the sections without a form, and what the rest of the page needs."""
        data = {**cls.page_data(p, user, today), "object": p, "levels": LEVELS}
        html = {
            "summary": render_html("partnerships/includes/summary.html", data),
            "sections": render_html("partnerships/includes/detail_sections.html", data),
            # Its "we take this on" button is a form: the CSRF token is put in per request.
            "activities": render_html("partnerships/includes/activities_section.html", data, forms=True),
            "conversations": render_html("partnerships/includes/detail_conversations.html", data),
        }
        kept = ["staff", "can_change", "closed", "review_overdue", "neighbourhoods"]
        return {"html": html, **{name: data[name] for name in kept}}

    @classmethod
    def page_data(cls, p, user, today) -> dict:
        # Read before the computation, for the permission check: its tables are dependencies too.
        depends_on(Partnership, Initiative, PolicyVersion)
        staff = is_staff(user)
        conversations = list(
            p.conversations.select_related("author").prefetch_related(
                Prefetch("needs", queryset=Need.objects.select_related("author")),
                Prefetch("shared_goals", queryset=SharedGoal.objects.prefetch_related("neighbourhood_goals")),
                Prefetch("comments", queryset=Comment.objects.select_related("author")),
            )
        )
        activities = list(
            p.activities.select_related("author", "taken_on_by", "responsible_person", "shared_goal").prefetch_related(
                Prefetch("notes", queryset=ActivityNote.objects.select_related("author"))
            )
        )
        may_update = user.has_perm("partnerships.change_partnership", p)
        for activity in activities:
            activity.overdue = activity.is_overdue(today)
            activity.partnership = p  # the rules read its initiative: no query per row
            activity.may_update = may_update or user.has_perm("partnerships.update_activity", activity)
        assessments = list(p.assessments.select_related("author")[:10])
        latest = assessments[0] if assessments else None
        parts = sections.context_for(p, user)
        context = {
            "summary": summary.summary(p, today, agreement=parts.get("agreement")),
            "staff": staff,
            "conversations": conversations,
            "activities": activities,
            "overdue_count": sum(a.overdue for a in activities),
            "assessments": assessments,
            "latest": latest,
            "latest_result": intensity.assess(**latest.answers(), today=latest.assessed_on) if latest else None,
            "neighbourhoods": list(p.neighbourhoods.all()),
            "can_change": user.has_perm("partnerships.change_partnership", p),
            "can_contribute": user.has_perm("partnerships.contribute", p),
            "closed": p.status in workflow.CLOSED,
            "review_overdue": bool(p.review_date and p.review_date <= today),
            **cls.stop_context(p, user),
            **parts,
        }
        if staff:
            context["status_changes"] = list(p.status_changes.select_related("by")[:20])
            for change in context["status_changes"]:
                change.note_shown = history.note_text(change.note, staff=True)
            context["history"] = list(ChangeEntry.objects.for_object(p)[:20])
        return context

    @staticmethod
    def stop_context(p, user):
        """The open proposal to stop, and what this user's side may do with it."""
        proposal = (
            StopProposal.objects.filter(partnership=p, state=StopProposal.State.OPEN)
            .select_related("proposed_by")
            .first()
        )
        if proposal is not None:
            proposal.partnership = p
        return {
            "stop_proposal": proposal,
            "can_propose_stop": proposal is None
            and p.status not in workflow.CLOSED
            and workflow.allowed(p.status, Partnership.Status.STOPPED_TOGETHER)
            and user.has_perm("partnerships.propose_stop", p),
            "can_answer_stop": proposal is not None and user.has_perm("partnerships.answer_stop", proposal),
            "can_withdraw_stop": proposal is not None and user.has_perm("partnerships.withdraw_stop", proposal),
        }

    @staticmethod
    def status_choices(p):
        special = {Partnership.Status.STOPPED_TOGETHER}
        if p.status in workflow.CLOSED:
            return []
        return [(s, Partnership.Status(s).label) for s in workflow.next_statuses(p.status) if s not in special]


class StatusChangeView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/partnership_status.html"
    permission_required = "partnerships.change_partnership"
    form_class = StatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": PartnershipDetailView.status_choices(self.get_partnership())}

    def form_valid(self, form):
        try:
            services.change_status(
                self.get_partnership(),
                form.cleaned_data["to_status"],
                actor=self.request.user,
                note=form.cleaned_data["note"],
            )
        except services.TransitionError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The status has been changed."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class StopTogetherView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/partnership_stop.html"
    permission_required = "partnerships.change_partnership"
    form_class = StopTogetherForm

    def get_initial(self):
        return {"stop_date": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.record_stop_outside(
                self.get_partnership(),
                actor=self.request.user,
                statement=data["agreed_outside"],
                note=data["note"],
                stop_reasons=data["stop_reasons"],
                stop_agreed_by=data["stop_agreed_by"],
                stop_date=data["stop_date"],
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("You have stopped the search together; the reasons are recorded."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class StopProposeView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    """Either side proposes to stop together; the other side confirms or answers."""

    template_name = "partnerships/stop_propose.html"
    permission_required = "partnerships.propose_stop"
    form_class = StopProposalForm

    def form_valid(self, form):
        try:
            services.propose_stop(self.get_partnership(), actor=self.request.user, reasons=form.cleaned_data["reasons"])
        except services.StopError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Your proposal to stop has been sent to the other side."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class StopAnswerView(ChildMixin, PermissionRequiredMixin, FormView):
    """Confirm, decline (with an answer) or withdraw an open proposal to stop, each on a page of
    its own that says what will happen."""

    template_name = "partnerships/stop_answer.html"
    model = StopProposal
    related = ["partnership__initiative", "proposed_by"]
    action = "confirm"  # confirm | decline | withdraw
    ACTIONS = {
        "confirm": ("partnerships.answer_stop", StopConfirmForm),
        "decline": ("partnerships.answer_stop", StopAnswerForm),
        "withdraw": ("partnerships.withdraw_stop", None),
    }

    def get_permission_required(self):
        return (self.ACTIONS[self.action][0],)

    def get_form_class(self):
        return self.ACTIONS[self.action][1] or forms.Form

    def form_valid(self, form):
        proposal, user = self.get_child(), self.request.user
        answer = form.cleaned_data.get("answer", "")
        try:
            if self.action == "confirm":
                services.confirm_stop(proposal, actor=user, answer=answer)
                messages.success(self.request, _("Both sides agreed: the partnership has stopped together."))
            elif self.action == "decline":
                services.decline_stop(proposal, actor=user, answer=answer)
                messages.success(self.request, _("Your answer has been sent; the partnership stays open."))
            else:
                services.withdraw_stop(proposal, actor=user)
                messages.success(self.request, _("The proposal to stop has been withdrawn."))
        except services.TransitionError as error:
            messages.error(self.request, str(error))
        return self.back()

    def get_context_data(self, **kwargs):
        proposal = self.get_child()
        return super().get_context_data(
            **kwargs,
            proposal=proposal,
            partnership=self.partnership(),
            action=self.action,
            my_side=side_of(self.request.user, proposal),
        )


class ReopenView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/partnership_reopen.html"
    permission_required = "partnerships.change_partnership"
    form_class = ReopenForm

    def form_valid(self, form):
        try:
            services.change_status(
                self.get_partnership(),
                Partnership.Status.EXPLORING,
                actor=self.request.user,
                note=form.cleaned_data["note"],
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The partnership has been reopened."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class ExamplesView(PermissionRequiredMixin, TemplateView):
    template_name = "partnerships/examples.html"
    permission_required = "partnerships.view_examples"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, examples=EXAMPLES, research=RESEARCH, forms=AGREEMENT_FORMS)
