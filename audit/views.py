from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from accounts.models import User
from audit import personal_data
from audit.forms import EventFilterForm
from audit.models import SecurityEvent
from audit.services import record
from core.downloads import set_attachment
from core.exports import query_string_without_page
from core.views import StaffRequiredMixin


class SecurityEventListView(StaffRequiredMixin, ListView):
    """The security log, newest first, for administrators."""

    template_name = "audit/event_list.html"
    permission_required = "audit.view_security_events"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = EventFilterForm(self.request.GET or None)
        queryset = SecurityEvent.objects.select_related("actor").order_by("-at", "-id")
        return self.filter_form.filter(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, filter_form=self.filter_form, query_string=query_string_without_page(self.request)
        )


class PersonMixin(StaffRequiredMixin):
    permission_required = "audit.manage_personal_data"
    model = User
    context_object_name = "person"  # `user` is the one logged in


class PersonalDataView(PersonMixin, DetailView):
    """What is kept about one person, with the export and (for a coordinator) anonymising."""

    template_name = "audit/person.html"

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            **kwargs,
            refusal=personal_data.refusal(person),
            anonymised=personal_data.is_anonymised(person),
            events=SecurityEvent.objects.filter(actor=person).order_by("-at", "-id")[:10],
        )


@method_decorator(never_cache, name="dispatch")
class PersonalDataExportView(PersonMixin, DetailView):
    """All personal data about one person as a JSON download; the export itself is logged."""

    def get(self, request, *args, **kwargs):
        person = self.get_object()
        response = HttpResponse(personal_data.export_json(person), content_type="application/json; charset=utf-8")
        set_attachment(response, personal_data.export_filename(person))
        record(request, SecurityEvent.Action.PERSONAL_DATA_EXPORT, obj=person)
        return response


class AnonymiseView(PersonMixin, DetailView):
    """Confirmation page (GET), then anonymise (POST). Only for initiative coordinators."""

    template_name = "audit/anonymise_confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, refusal=personal_data.refusal(self.object))

    def post(self, request, *args, **kwargs):
        person = self.get_object()
        try:
            personal_data.anonymise(person, actor=request.user, request=request)
        except personal_data.AnonymiseError as error:
            messages.error(request, str(error))
            return redirect("audit:person", person.pk)
        messages.success(request, _("The account has been anonymised and its access to the initiative ended."))
        return redirect("audit:person", person.pk)


class RemindersView(LoginRequiredMixin, TemplateView):
    """Everything waiting for the person logged in (the home page shows the first few).

    Every role may open it: the items are only ever the person's own."""

    template_name = "audit/reminders.html"

    def get_context_data(self, **kwargs):
        from audit.reminders import items_for

        return super().get_context_data(**kwargs, items=items_for(self.request.user))
