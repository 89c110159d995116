"""The partnership file: start, status, conversations, needs, goals, activities, intensity."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from core.exports import table_response
from core.models import ChangeEntry
from core.views import InlineFormMixin, PermissionRequiredMixin, VersionedUpdateMixin
from partnerships import intensity, sections, services, summary, workflow
from partnerships.forms import (
    ActivityForm,
    AssessmentChoiceForm,
    AssessmentForm,
    CommentForm,
    ConversationForm,
    CoordinatorActivityForm,
    CoordinatorNeedForm,
    NeedForm,
    ReopenForm,
    SharedGoalForm,
    StartPartnershipForm,
    StatusForm,
    StopTogetherForm,
)
from partnerships.models import (
    Activity,
    Assessment,
    Comment,
    Conversation,
    Initiative,
    Need,
    Partnership,
    SharedGoal,
)
from partnerships.reference_data import AGREEMENT_FORMS, EXAMPLES, LEVELS, RESEARCH, examples_for


def is_staff(user):
    return user.has_perm("partnerships.view_internal")


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


class PartnershipObjectMixin:
    """Views under one partnership: permissions are checked against it (and so its initiative)."""

    def get_partnership(self):
        if not hasattr(self, "_partnership"):
            self._partnership = get_object_or_404(
                Partnership.objects.select_related("initiative", "policy_version"), pk=self.kwargs["pk"]
            )
        return self._partnership

    def get_permission_object(self):
        return self.get_partnership()

    def back(self):
        return redirect("partnerships:detail", self.get_partnership().pk)


class PartnershipDetailView(PartnershipObjectMixin, PermissionRequiredMixin, DetailView):
    template_name = "partnerships/partnership_detail.html"
    permission_required = "partnerships.view_partnership"

    def get_object(self, queryset=None):
        return self.get_partnership()

    def get_context_data(self, **kwargs):
        p = self.object
        user = self.request.user
        staff = is_staff(user)
        conversations = p.conversations.select_related("author").prefetch_related(
            Prefetch("needs", queryset=Need.objects.select_related("author")),
            Prefetch("shared_goals", queryset=SharedGoal.objects.prefetch_related("neighbourhood_goals")),
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
        )
        activities = list(p.activities.select_related("author", "taken_on_by"))
        today = timezone.localdate()
        for activity in activities:
            activity.overdue = activity.is_overdue(today)
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
            "levels": LEVELS,
            "neighbourhoods": p.neighbourhoods.all(),
            "can_change": user.has_perm("partnerships.change_partnership", p),
            "can_contribute": user.has_perm("partnerships.contribute", p),
            "closed": p.status in workflow.CLOSED,
            "review_overdue": bool(p.review_date and p.review_date <= today),
            **parts,
        }
        if staff:
            context["status_changes"] = p.status_changes.select_related("by")[:20]
            context["history"] = ChangeEntry.objects.for_object(p)[:20]
            context["status_form"] = StatusForm(choices=self.status_choices(p))
        return super().get_context_data(**kwargs, **context)

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
            services.change_status(
                self.get_partnership(),
                Partnership.Status.STOPPED_TOGETHER,
                actor=self.request.user,
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


class ConversationCreateView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/conversation_form.html"
    permission_required = "partnerships.change_partnership"
    form_class = ConversationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Conversation(partnership=self.get_partnership())}

    def get_initial(self):
        return {"date": timezone.localdate()}

    def form_valid(self, form):
        conversation = services.add_conversation(
            self.get_partnership(), actor=self.request.user, values=form.model_values()
        )
        messages.success(self.request, _("The conversation has been recorded. Add the needs, goals and activities."))
        return redirect(
            reverse("partnerships:detail", args=[self.get_partnership().pk]) + f"#gesprek-{conversation.pk}"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class ChildMixin:
    """Views about one object inside a partnership (conversation, need, activity)."""

    model = None

    def get_child(self):
        if not hasattr(self, "_child"):
            self._child = get_object_or_404(self.model.objects.select_related(*self.related), pk=self.kwargs["pk"])
        return self._child

    def get_permission_object(self):
        return self.get_child()

    def partnership(self):
        child = self.get_child()
        return child.partnership if hasattr(child, "partnership") else child.conversation.partnership

    def back(self):
        return redirect("partnerships:detail", self.partnership().pk)


class ConversationUpdateView(ChildMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "partnerships/conversation_form.html"
    permission_required = "partnerships.change_partnership"
    form_class = ConversationForm
    model = Conversation
    related = ["partnership__initiative"]

    def get_object(self, queryset=None):
        return self.get_child()

    def save_versioned(self, form):
        return services.update_conversation(
            self.get_child(),
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            values=form.model_values(),
        )

    def get_success_url(self):
        return reverse("partnerships:detail", args=[self.partnership().pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.partnership())


class InlinePartMixin(InlineFormMixin):
    """Parts of the partnership page that are added and edited in place (htmx), or on their own page."""

    def inline_page_url(self):
        return reverse("partnerships:detail", args=[self.partnership().pk])

    def inline_refresh(self):
        child = self.get_child()
        conversation_id = child.pk if isinstance(child, Conversation) else getattr(child, "conversation_id", None)
        if isinstance(child, Activity) or conversation_id is None:
            return "activiteiten-sectie"
        return f"gesprek-{conversation_id}"


class ConversationPartMixin(InlinePartMixin, ChildMixin, PermissionRequiredMixin):
    model = Conversation
    related = ["partnership__initiative"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, conversation=self.get_child(), partnership=self.partnership())


class NeedCreateView(ConversationPartMixin, FormView):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.contribute"

    def get_form_class(self):
        return NeedForm if is_staff(self.request.user) else CoordinatorNeedForm

    def form_valid(self, form):
        values = form.model_values()
        values.setdefault("direction", Need.Direction.INITIATIVE)
        services.add_need(self.get_child(), actor=self.request.user, values=values)
        messages.success(self.request, _("The need has been added."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Add a need"))


class NeedUpdateView(InlinePartMixin, ChildMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.edit_need"
    model = Need
    related = ["conversation__partnership"]
    success_message = gettext_lazy("The need has been saved.")

    def get_object(self, queryset=None):
        return self.get_child()

    def get_form_class(self):
        return NeedForm if is_staff(self.request.user) else CoordinatorNeedForm

    def save_versioned(self, form):
        return services.update_need(
            self.get_child(),
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            values=form.model_values(),
        )

    def redirect_after_save(self):
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Edit a need"), partnership=self.partnership())


class SharedGoalCreateView(ConversationPartMixin, FormView):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.change_partnership"
    form_class = SharedGoalForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership()}

    def form_valid(self, form):
        services.add_shared_goal(self.get_child(), actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The shared goal has been added."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Add a shared goal"))


class CommentCreateView(ConversationPartMixin, FormView):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.contribute"
    form_class = CommentForm

    def form_valid(self, form):
        services.add_comment(self.get_child(), actor=self.request.user, text=form.cleaned_data["text"])
        messages.success(self.request, _("Your comment has been added."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Add a comment"))


class ActivityCreateView(InlineFormMixin, PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.contribute"

    def inline_refresh(self):
        return "activiteiten-sectie"

    def inline_page_url(self):
        return reverse("partnerships:detail", args=[self.get_partnership().pk])

    def get_form_class(self):
        return ActivityForm if is_staff(self.request.user) else CoordinatorActivityForm

    def form_valid(self, form):
        values = form.model_values()
        if not is_staff(self.request.user):
            values["responsible"] = Activity.Responsible.INITIATIVE  # what the initiative takes on itself
        conversation = self.get_partnership().conversations.first()
        services.add_activity(
            self.get_partnership(), actor=self.request.user, values={**values, "conversation": conversation}
        )
        messages.success(self.request, _("The activity has been added."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Add an activity"), partnership=self.get_partnership())


class ActivityUpdateView(InlinePartMixin, ChildMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.change_partnership"
    model = Activity
    related = ["partnership__initiative"]
    form_class = ActivityForm
    success_message = gettext_lazy("The activity has been saved.")

    def get_object(self, queryset=None):
        return self.get_child()

    def save_versioned(self, form):
        return services.update_activity(
            self.get_child(),
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            values=form.model_values(),
        )

    def redirect_after_save(self):
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Edit an activity"), partnership=self.partnership())


class ActivityTakeOnView(ChildMixin, PermissionRequiredMixin, FormView):
    permission_required = "partnerships.contribute"
    model = Activity
    related = ["partnership__initiative"]
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.take_on_activity(self.get_child(), actor=request.user)
        except services.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your initiative has taken on this activity."))
        return self.back()


class AssessmentCreateView(PartnershipObjectMixin, PermissionRequiredMixin, FormView):
    template_name = "partnerships/assessment_form.html"
    permission_required = "partnerships.change_partnership"
    form_class = AssessmentForm

    def get_initial(self):
        latest = self.get_partnership().assessments.first()
        return latest.answers() if latest else {}

    def form_valid(self, form):
        assessment, _result = services.record_assessment(
            self.get_partnership(), actor=self.request.user, answers=form.answers()
        )
        return redirect("partnerships:assessment", assessment.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


class AssessmentDetailView(ChildMixin, PermissionRequiredMixin, FormView):
    """The result: suggested level, forms, topics, the reasons, and a different choice if wanted."""

    template_name = "partnerships/assessment_detail.html"
    permission_required = "partnerships.view_partnership"
    model = Assessment
    related = ["partnership__initiative", "author"]
    form_class = AssessmentChoiceForm

    def get_initial(self):
        assessment = self.get_child()
        chosen = assessment.chosen_level if assessment.chosen_level != assessment.suggested_level else ""
        return {"chosen_level": chosen, "override_reason": assessment.override_reason}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("partnerships.change_partnership", self.get_child()):
            return self.handle_no_permission()  # readers may see the result, not change it
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        assessment = self.get_child()
        level = form.cleaned_data["chosen_level"] or assessment.suggested_level
        try:
            services.override_level(
                assessment, actor=self.request.user, level=level, reason=form.cleaned_data["override_reason"]
            )
        except services.TransitionError as error:
            form.add_error("override_reason", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The intensity has been saved."))
        return redirect("partnerships:assessment", assessment.pk)

    def get_context_data(self, **kwargs):
        assessment = self.get_child()
        result = intensity.assess(**assessment.answers(), today=assessment.assessed_on)
        return super().get_context_data(
            **kwargs,
            assessment=assessment,
            partnership=self.partnership(),
            result=result,
            forms=[{"key": f, "label": AGREEMENT_FORMS[f]} for f in result.forms],
            examples=examples_for(result.forms),
            levels=LEVELS,
            can_change=self.request.user.has_perm("partnerships.change_partnership", assessment),
        )


class ExamplesView(PermissionRequiredMixin, TemplateView):
    template_name = "partnerships/examples.html"
    permission_required = "partnerships.view_examples"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, examples=EXAMPLES, research=RESEARCH, forms=AGREEMENT_FORMS)
