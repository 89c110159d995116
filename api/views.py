"""The beheerder's page for the open data API: its access setting, and the API keys (issue, revoke)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from api import access, services
from api.forms import IssueKeyForm
from api.models import ApiKey
from core.views import PermissionRequiredMixin


class KeysContextMixin:
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            keys=ApiKey.objects.select_related("created_by", "revoked_by"),
            mode=access.mode(),
            api_url=self.request.build_absolute_uri(reverse("api:root")),
            openapi_url=reverse("api:openapi"),
            rate_limit=rate_limit_text(settings.API_RATE_LIMIT),
        )


def rate_limit_text(rate: str) -> str:
    """`60/minute` (API_RATE_LIMIT) in words: 60 requests per minute."""
    count, unit = rate.split("/")
    units = {"s": _("second"), "m": _("minute"), "h": _("hour"), "d": _("day")}
    return _("%(count)s requests per %(unit)s") % {"count": count, "unit": units[unit[0]]}


class ApiKeyListView(PermissionRequiredMixin, KeysContextMixin, TemplateView):
    template_name = "api/key_list.html"
    permission_required = "api.manage_api_keys"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, form=IssueKeyForm())


class ApiKeyIssueView(PermissionRequiredMixin, KeysContextMixin, FormView):
    """Issuing shows the key once, in the answer to the POST: it is stored only as a hash."""

    template_name = "api/key_list.html"
    permission_required = "api.manage_api_keys"
    form_class = IssueKeyForm

    def form_valid(self, form):
        key, raw = services.issue_key(name=form.cleaned_data["name"], actor=self.request.user, request=self.request)
        response = self.render_to_response(self.get_context_data(form=IssueKeyForm(), issued=key, raw_key=raw))
        add_never_cache_headers(response)
        return response


class ApiKeyRevokeView(PermissionRequiredMixin, View):
    permission_required = "api.manage_api_keys"
    http_method_names = ["post"]

    def post(self, request, pk):
        key = get_object_or_404(ApiKey, pk=pk)
        if services.revoke_key(key, actor=request.user, request=request):
            messages.success(request, _("The key for %(name)s has been revoked.") % {"name": key.name})
        else:
            messages.info(request, _("This key had already been revoked."))
        return redirect("api_keys:list")
