from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import BaseCreateView
from rules.contrib.views import PermissionRequiredMixin

from core.concurrency import STALE_MESSAGE, StaleEditError, update_versioned
from core.services import home_figures, next_steps


class StaffRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; logged-in users without the permission get 403.

    Initiative coordinators get 404 instead, so guessing URLs or IDs tells them nothing about
    other initiatives or staff pages.
    """

    def get_permission_object(self):
        # Object-level rules get the view's object; only views about one object have one.
        if isinstance(self, SingleObjectMixin) and not isinstance(self, BaseCreateView):
            return self.get_object()
        return None

    def get_object(self, queryset=None):
        # The permission check already loaded the object; do not query it twice.
        if queryset is None and hasattr(self, "_object_cache"):
            return self._object_cache
        obj = super().get_object(queryset)
        if queryset is None:
            self._object_cache = obj
        return obj

    def handle_no_permission(self):
        if self.request.user.is_authenticated and getattr(self.request.user, "is_coordinator", False):
            raise Http404
        return super().handle_no_permission()


class VersionedUpdateMixin:
    """For UpdateViews with a VersionedModelForm: save through `update_versioned`.

    A stale save re-shows the form with what the user typed, an error, and the changes made
    in the meantime (`stale_changes` in the context).
    """

    success_message = None

    def get_context_data(self, **kwargs):
        from core.models import ChangeEntry

        if getattr(self, "object", None) is not None and "history" not in kwargs:
            kwargs["history"] = ChangeEntry.objects.for_object(self.object)[:20]
        return super().get_context_data(**kwargs)

    def save_versioned(self, form):
        """Save the form's values; returns (object, changes). Views with their own service override this."""
        return update_versioned(
            self.get_object(),
            expected_version=form.cleaned_data["version"],
            values=form.model_values(),
            actor=self.request.user,
        )

    def form_valid(self, form):
        try:
            self.object, changes = self.save_versioned(form)
        except StaleEditError as error:
            form.add_error(None, STALE_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form, stale_changes=error.newer_entries))
        if changes:
            messages.success(self.request, self.success_message or _("Your changes have been saved."))
        else:
            messages.info(self.request, _("Nothing was changed."))
        return self.redirect_after_save()

    def redirect_after_save(self):

        return HttpResponseRedirect(self.get_success_url())


class HomeView(StaffRequiredMixin, TemplateView):
    template_name = "core/home.html"
    permission_required = "core.view_home"

    def dispatch(self, request, *args, **kwargs):
        # Coordinators get a dashboard of their own initiative(s).
        if request.user.is_authenticated and getattr(request.user, "is_coordinator", False):
            from audit.reminders import items_for
            from core import dashboard

            context = {**dashboard.coordinator_dashboard(request.user), "reminders": items_for(request.user)}
            return render(request, "core/home_coordinator.html", context)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from neighbourhoods.models import Municipality
        from neighbourhoods.queries import own_area

        municipality = Municipality.for_request(self.request)
        area = own_area(municipality)
        figures = home_figures(area)
        from audit.reminders import items_for
        from core import dashboard

        return super().get_context_data(
            **kwargs,
            reminders=items_for(self.request.user),
            figures=figures,
            area_municipality=municipality if area is not None else None,
            steps=next_steps(self.request.user, figures, municipality),
            **dashboard.staff_dashboard(area),
        )


@never_cache
def healthz(request):
    """Liveness and database check for load balancers and monitoring; no login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
