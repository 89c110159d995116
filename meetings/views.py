"""The meetings of a partnership: list, plan, change, cancel, the invitation as .ics, the report
(with new activities), its PDF and the comments on it. Thin: every change goes through
meetings.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, UpdateView, View

from accounts.models import User
from core.cache import CachedBodyMixin
from core.downloads import set_attachment
from core.views import PermissionRequiredMixin, VersionedUpdateMixin
from meetings import calendar, pdf, services
from meetings.forms import CancelForm, CommentForm, MeetingForm, NewActivityFormSet, ReportForm
from meetings.models import Meeting, MeetingComment, MeetingReport
from neighbourhoods.models import Municipality
from partnerships import workflow
from partnerships.models import Activity, Conversation, Initiative, Partnership
from partnerships.view_mixins import PartnershipObjectMixin, is_staff


def _add_form_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def report_of(meeting):
    """The meeting's report, or None (read from the select_related row: no query)."""
    try:
        return meeting.report
    except MeetingReport.DoesNotExist:
        return None


class PartnershipMixin(PartnershipObjectMixin):
    """Views under one partnership, back to its meetings."""

    def back(self):
        return redirect("meetings:partnership", self.get_partnership().pk)


class MeetingMixin:
    """Views about one meeting."""

    def get_meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                Meeting.objects.select_related(
                    "partnership__initiative", "created_by", "conversation", "report__written_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._meeting

    def get_permission_object(self):
        return self.get_meeting()

    def get_report(self):
        return report_of(self.get_meeting())

    def back(self):
        return redirect("meetings:detail", self.get_meeting().pk)

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        return super().get_context_data(**kwargs, meeting=meeting, partnership=meeting.partnership)


class MeetingListView(PartnershipMixin, PermissionRequiredMixin, CachedBodyMixin, ListView):
    """Upcoming meetings (all of them) and the past ones, paginated. Its HTML is cached per minute
    (a meeting moves from upcoming to past with the time) until a table it read is written."""

    template_name = "meetings/meeting_list.html"
    body_template = "meetings/includes/meeting_list_body.html"
    body_depends_on = (Partnership, Initiative)
    permission_required = "meetings.view_meetings"
    paginate_by = 25

    def body_cache_key(self):
        return timezone.now().strftime("%Y%m%d%H%M")

    def outer_context(self):
        return {"partnership": self.get_partnership()}

    def get_queryset(self):
        self.now = timezone.now()
        return self.get_partnership().meetings.past(self.now).select_related("report").prefetch_related("participants")

    def get_context_data(self, **kwargs):
        partnership = self.get_partnership()
        user = self.request.user
        upcoming = partnership.meetings.filter(ends_at__gte=self.now).order_by("starts_at", "id")
        return super().get_context_data(
            **kwargs,
            partnership=partnership,
            upcoming=list(upcoming.prefetch_related("participants")),
            closed=partnership.status in workflow.CLOSED,
            can_plan=user.has_perm("meetings.plan_meeting", partnership),
        )


class MeetingCreateView(PartnershipMixin, PermissionRequiredMixin, FormView):
    template_name = "meetings/meeting_form.html"
    permission_required = "meetings.plan_meeting"
    denied_action = gettext_lazy("plan a meeting")

    def get_form(self, form_class=None):
        return MeetingForm(**self.get_form_kwargs(), partnership=self.get_partnership())

    def get_initial(self):
        partnership = self.get_partnership()
        return {
            "agenda": services.proposed_agenda(partnership),
            "participants": [self.request.user.pk],
        }

    def form_valid(self, form):
        values = form.model_values()
        values["conversation"] = self.get_partnership().conversations.first()
        try:
            meeting = services.plan_meeting(self.get_partnership(), actor=self.request.user, values=values)
        except ValidationError as error:
            _add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting has been planned. Everyone invited gets the invitation."))
        return redirect("meetings:detail", meeting.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, partnership=self.get_partnership(), page_title=_("Plan a meeting"))


class MeetingDetailView(MeetingMixin, PermissionRequiredMixin, CachedBodyMixin, DetailView):
    """Its HTML is cached per minute (whether it may still be cancelled depends on the time) until a
    table it read is written (core.cache.CachedBodyMixin)."""

    template_name = "meetings/meeting_detail.html"
    body_template = "meetings/includes/meeting_detail_body.html"
    body_depends_on = (Meeting, Partnership, Initiative, MeetingReport, Conversation, User)
    permission_required = "meetings.view_meeting"
    context_object_name = "meeting_object"

    def body_cache_key(self):
        return timezone.now().strftime("%Y%m%d%H%M")

    def outer_context(self):
        return {"partnership": self.get_meeting().partnership}

    def get_object(self, queryset=None):
        return self.get_meeting()

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        user = self.request.user
        report = self.get_report()
        closed = meeting.partnership.status in workflow.CLOSED
        participants = list(meeting.participants.all())
        comments = list(meeting.comments.select_related("author")) if report else []
        return super().get_context_data(
            **kwargs,
            participants=participants,
            report=report,
            comments=comments,
            closed=closed,
            staff=is_staff(user),
            can_change=not closed and not meeting.cancelled and user.has_perm("meetings.change_meeting", meeting),
            can_cancel=not closed
            and not meeting.cancelled
            and meeting.ends_at >= timezone.now()
            and user.has_perm("meetings.change_meeting", meeting),
            can_report=not closed and not meeting.cancelled and user.has_perm("meetings.write_report", meeting),
            can_comment=not closed and report is not None and user.has_perm("meetings.comment", meeting),
            comment_form=CommentForm(),
        )


class MeetingUpdateView(MeetingMixin, PermissionRequiredMixin, VersionedUpdateMixin, UpdateView):
    template_name = "meetings/meeting_form.html"
    permission_required = "meetings.change_meeting"
    denied_action = gettext_lazy("change a meeting")
    success_message = gettext_lazy("The meeting has been changed. Everyone invited gets the new invitation.")

    def get_object(self, queryset=None):
        return self.get_meeting()

    def get_form(self, form_class=None):
        return MeetingForm(**self.get_form_kwargs(), partnership=self.get_meeting().partnership)

    def save_versioned(self, form):
        values = form.model_values()
        return services.update_meeting(
            self.get_meeting(), actor=self.request.user, expected_version=form.cleaned_data["version"], values=values
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            _add_form_errors(form, error)
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("meetings:detail", args=[self.get_meeting().pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, page_title=_("Change the meeting"))


class MeetingCancelView(MeetingMixin, PermissionRequiredMixin, FormView):
    """The confirmation page before a meeting is cancelled."""

    template_name = "meetings/meeting_cancel.html"
    permission_required = "meetings.change_meeting"
    denied_action = gettext_lazy("cancel a meeting")
    form_class = CancelForm

    def form_valid(self, form):
        services.cancel_meeting(self.get_meeting(), actor=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(self.request, _("The meeting has been cancelled. Everyone invited has been told."))
        return self.back()


class MeetingIcsView(MeetingMixin, PermissionRequiredMixin, View):
    """The invitation as an .ics file, as it stands now (a cancelled meeting as its cancellation)."""

    permission_required = "meetings.view_meeting"

    def get(self, request, pk):
        meeting = self.get_meeting()
        municipality = Municipality.for_request(request)
        text = calendar.build(meeting, organiser=municipality.name if municipality else "")
        method = calendar.CANCEL if meeting.cancelled else calendar.REQUEST
        response = HttpResponse(text, content_type=calendar.mimetype(method))
        return set_attachment(response, calendar.FILENAME)


class ReportView(MeetingMixin, PermissionRequiredMixin, FormView):
    """Write (or correct) the report, add the activities agreed, and open the ones to update."""

    template_name = "meetings/report_form.html"
    permission_required = "meetings.write_report"
    denied_action = gettext_lazy("write a meeting report")
    form_class = ReportForm

    def get_initial(self):
        report = self.get_report()
        if report is None:
            return {"discussed": self.get_meeting().agenda}
        return {"discussed": report.discussed, "decisions": report.decisions}

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return NewActivityFormSet(data, prefix="activiteit")

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        activities = [row for row in formset.cleaned_data if row.get("what")]
        services.write_report(
            self.get_meeting(),
            actor=request.user,
            discussed=form.cleaned_data["discussed"],
            decisions=form.cleaned_data["decisions"],
            activities=activities,
        )
        messages.success(request, _("The report has been saved. The initiative can read it and comment on it."))
        return redirect(reverse("meetings:detail", args=[self.get_meeting().pk]) + "#verslag")

    def get_context_data(self, **kwargs):
        partnership = self.get_meeting().partnership
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(
            **kwargs,
            open_activities=list(partnership.activities.open().order_by("due_date", "id")),
            responsible_choices=Activity.Responsible.choices,
        )


class ReportPdfView(MeetingMixin, PermissionRequiredMixin, View):
    permission_required = "meetings.view_meeting"

    def get(self, request, pk):
        meeting = self.get_meeting()
        report = self.get_report()
        if report is None:
            raise Http404
        data = pdf.render(
            meeting,
            report,
            comments=MeetingComment.objects.filter(meeting=meeting).select_related("author"),
            activities=Activity.objects.filter(partnership=meeting.partnership).open(),
            municipality=Municipality.for_request(request),
        )
        response = HttpResponse(data, content_type="application/pdf")
        date = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
        return set_attachment(response, f"Verslag overleg {meeting.partnership.initiative.name} {date}.pdf")


class CommentCreateView(MeetingMixin, PermissionRequiredMixin, FormView):
    template_name = "meetings/comment_form.html"
    permission_required = "meetings.comment"
    denied_action = gettext_lazy("comment on a meeting report")
    form_class = CommentForm

    def form_valid(self, form):
        comment = services.add_comment(self.get_meeting(), actor=self.request.user, text=form.cleaned_data["text"])
        messages.success(self.request, _("Your comment has been added."))
        return redirect(reverse("meetings:detail", args=[self.get_meeting().pk]) + f"#reactie-{comment.pk}")
