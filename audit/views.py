from django.views.generic import ListView

from audit.forms import EventFilterForm
from audit.models import SecurityEvent
from core.exports import query_string_without_page
from core.views import PermissionRequiredMixin


class SecurityEventListView(PermissionRequiredMixin, ListView):
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
