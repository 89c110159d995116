"""Pages that read across the apps: the home pages and dashboards, the reminders, the overview
report, and a person's data (AVG)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from accounts.models import User
from audit.models import SecurityEvent
from audit.services import record
from core.cache import cached
from core.cache import render as render_html
from core.downloads import set_attachment
from core.pdf import render_pdf
from core.views import PermissionRequiredMixin
from neighbourhoods.models import Municipality
from neighbourhoods.queries import own_area
from overview import dashboard, personal_data, report
from overview.figures import home_figures, next_steps
from overview.reminders import items_for


class HomeView(PermissionRequiredMixin, TemplateView):
    template_name = "overview/home.html"
    permission_required = "overview.view_home"

    def dispatch(self, request, *args, **kwargs):
        # Coordinators get a dashboard of their own initiative(s): its HTML cached per person, day
        # and language until a table it read is written (core.cache).
        if request.user.is_authenticated and getattr(request.user, "is_coordinator", False):
            user, today = request.user, timezone.localdate()

            def body():
                context = {**dashboard.coordinator_dashboard(user), "reminders": items_for(user, today)}
                return render_html("overview/includes/home_coordinator_body.html", context)

            body_html = cached("home.coordinator", (user.pk, today, get_language()), body)
            return render(request, "overview/home_coordinator.html", {"body_html": body_html})
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Every part is cached until a table it read is written (core.cache), per day where the
        # part depends on today, per person where it is the person's own. The parts are cached as
        # HTML: rendering them was most of the page's time (docs/performance.md). The inbox is not
        # cached: a new notification shows at once.
        user = self.request.user
        today = timezone.localdate()
        language = get_language()
        municipality = Municipality.for_request(self.request)
        area = own_area(municipality)
        area_municipality = municipality if area is not None else None
        figures = cached("home.figures", area, lambda: home_figures(area))

        def staff():
            data = {**dashboard.staff_dashboard(area, today=today), "area_municipality": area_municipality}
            return {
                "staff_html": render_html("overview/includes/home_staff.html", data),
                "attention_html": render_html("overview/includes/home_attention.html", data),
            }

        area_key = (area, today, language, area_municipality and (area_municipality.cbs_code, area_municipality.name))
        person = (user.pk, user.role, today, language)
        return super().get_context_data(
            **kwargs,
            figures=figures,
            area_municipality=area_municipality,
            steps=next_steps(user, figures, municipality),
            **cached("home.staff", area_key, staff),
            reminders_html=cached(
                "home.reminders",
                person,
                lambda: render_html("overview/includes/reminders.html", {"items": items_for(user, today)}),
            ),
            this_week_html=cached(
                "home.this_week",
                person,
                lambda: render_html(
                    "overview/includes/home_this_week.html", {"this_week": dashboard.this_week(user, today)}
                ),
            ),
        )


class OverviewReportView(PermissionRequiredMixin, View):
    """The overview as an accessible PDF, for the executive (college) and the council."""

    permission_required = "neighbourhoods.view_neighbourhood"

    def get(self, request):
        data = render_pdf("overview/report_pdf.html", report.context(), archival=True)
        response = HttpResponse(data, content_type="application/pdf")
        return set_attachment(response, "overzicht-wijkaanpak.pdf")


class PersonMixin(PermissionRequiredMixin):
    permission_required = "audit.manage_personal_data"
    model = User
    context_object_name = "person"  # `user` is the one logged in


class PersonalDataView(PersonMixin, DetailView):
    """What is kept about one person, with the export and (for a coordinator) anonymising."""

    template_name = "overview/person.html"

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

    template_name = "overview/anonymise_confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, refusal=personal_data.refusal(self.object))

    def post(self, request, *args, **kwargs):
        person = self.get_object()
        try:
            personal_data.anonymise(person, actor=request.user, request=request)
        except personal_data.AnonymiseError as error:
            messages.error(request, str(error))
            return redirect("overview:person", person.pk)
        messages.success(request, _("The account has been anonymised and its access to the initiative ended."))
        return redirect("overview:person", person.pk)


class RemindersView(LoginRequiredMixin, TemplateView):
    """Everything waiting for the person logged in (the home page shows the first few).

    Every role may open it: the items are only ever the person's own."""

    template_name = "overview/reminders.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, items=items_for(self.request.user))
