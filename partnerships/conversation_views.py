"""The conversation and what is recorded in it: needs of both sides, shared goals, comments, and the
activities (who does what), added and edited in place (htmx) or on their own page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, UpdateView

from core.views import InlineFormMixin, PermissionRequiredMixin, VersionedUpdateMixin
from partnerships import services
from partnerships.forms import (
    ActivityForm,
    ActivityNoteForm,
    CommentForm,
    ConversationForm,
    CoordinatorActivityForm,
    CoordinatorActivityUpdateForm,
    CoordinatorNeedForm,
    NeedForm,
    SharedGoalForm,
)
from partnerships.models import (
    Activity,
    Conversation,
    Need,
)
from partnerships.view_mixins import (
    ChildMixin,
    ConversationPartMixin,
    InlinePartMixin,
    PartnershipObjectMixin,
    is_staff,
)


class PartEditMixin:
    """The edit page of one part of the file (a need, an activity): saved through its service
    (`update_service`, with the version the form was opened at), then back to the partnership page."""

    update_service = None  # services.update_need, services.update_activity, ...
    page_title = ""

    def get_object(self, queryset=None):
        return self.get_child()

    def save_versioned(self, form):
        return self.update_service(
            self.get_child(),
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            values=form.model_values(),
        )

    def redirect_after_save(self):
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=self.page_title, partnership=self.partnership())


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
        if conversation.outcome == Conversation.Outcome.STOP_TOGETHER and services.open_stop_proposal(
            self.get_partnership()
        ):
            messages.info(
                self.request,
                _("The conversation ended with stopping together: the other side is asked to confirm the proposal."),
            )
        return redirect(
            reverse("partnerships:detail", args=[self.get_partnership().pk]) + f"#gesprek-{conversation.pk}"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership())


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


class NeedUpdateView(
    PartEditMixin, InlinePartMixin, ChildMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView
):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.edit_need"
    model = Need
    related = ["conversation__partnership"]
    success_message = gettext_lazy("The need has been saved.")

    update_service = staticmethod(services.update_need)
    page_title = gettext_lazy("Edit a need")

    def get_form_class(self):
        return NeedForm if is_staff(self.request.user) else CoordinatorNeedForm


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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.get_partnership()}

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


class ActivityUpdateView(
    PartEditMixin, InlinePartMixin, ChildMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView
):
    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.update_activity"
    model = Activity
    related = ["partnership__initiative"]
    success_message = gettext_lazy("The activity has been saved.")

    update_service = staticmethod(services.update_activity)
    page_title = gettext_lazy("Edit an activity")

    def get_form_class(self):
        # A coordinator keeps the progress of their side's activities up to date.
        return ActivityForm if is_staff(self.request.user) else CoordinatorActivityUpdateForm


class ActivityNoteCreateView(InlinePartMixin, ChildMixin, PermissionRequiredMixin, FormView):
    """A progress note on an activity: staff, or a coordinator on an activity of their side."""

    template_name = "partnerships/part_form.html"
    permission_required = "partnerships.update_activity"
    model = Activity
    related = ["partnership__initiative"]
    form_class = ActivityNoteForm

    def form_valid(self, form):
        services.add_activity_note(self.get_child(), actor=self.request.user, text=form.cleaned_data["text"])
        messages.success(self.request, _("The progress note has been added."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            page_title=_("Add a progress note to “%(what)s”") % {"what": self.get_child().what},
            partnership=self.partnership(),
        )


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
