from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import BaseCreateView
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin

from core.concurrency import STALE_MESSAGE, StaleEditError, update_versioned
from core.exceptions import ActionRefused
from core.models import ChangeEntry


class PermissionRequiredMixin(LoginRequiredMixin, RulesPermissionRequiredMixin):
    """Every page behind a login: `permission_required` is checked with the view's object (django-rules),
    for staff and initiative coordinators alike.

    Anonymous users go to the login page; logged-in users without the permission get 403.

    Initiative coordinators get 404 instead, so guessing URLs or IDs tells them nothing about
    other initiatives or staff pages.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ActionRefused as error:
            # A service refused the change (e.g. the partnership is closed): nothing was written.
            messages.error(request, str(error))
            return self.refused_redirect()

    def refused_redirect(self):
        """Where a refused change goes: the view's `back()`, else the page the request came from."""
        if hasattr(self, "back"):
            return self.back()
        referer = self.request.headers.get("referer", "")
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return HttpResponseRedirect(referer)
        return HttpResponseRedirect("/")

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

    # What the page does, for the 403 page: "Only an administrator can <change the way of working>."
    denied_action = gettext_lazy("do this")

    def get_permission_denied_message(self):
        """Who may do what this page does (templates/403.html shows it), from the rules themselves."""
        try:
            obj = self.get_permission_object()
        except Exception:  # the object is missing or unreadable: say who may in general
            obj = None
        return who_may(self.get_permission_required(), obj, self.denied_action)


def roles_allowed(permissions, obj=None) -> list[str]:
    """The labels of the roles whose members have every permission (on `obj`), by the rules."""
    user_model = get_user_model()
    allowed = []
    for value, label in user_model._meta.get_field("role").choices:
        person = user_model(role=value, is_active=True)
        try:
            if all(person.has_perm(permission, obj) for permission in permissions):
                allowed.append(str(label).lower())
        except (ValueError, TypeError):  # a rule that needs a saved person: not a role's right
            continue
    return allowed


def who_may(permissions, obj=None, action=None) -> str:
    action = action or _("do this")
    roles = roles_allowed(permissions, obj)
    if not roles:
        return capfirst(_("Your role does not allow this."))
    return _("Only someone with the role %(roles)s can %(action)s.") % {
        "roles": f" {_('or')} ".join(roles),
        "action": action,
    }


def safe_next_url(request, default: str) -> str:
    """The `next` address from the form or query string, if it stays on this site; else `default`.

    Every view that follows a `next` uses this: `//evil.example/` and `https://evil.example/` are
    refused (an open redirect would let a phishing mail start on our domain)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class VersionedUpdateMixin:
    """For UpdateViews with a VersionedModelForm: save through `update_versioned`.

    A stale save re-shows the form with what the user typed, an error, and the changes made
    in the meantime (`stale_changes` in the context).
    """

    success_message = None

    def get_context_data(self, **kwargs):
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


class InlineFormMixin:
    """A form that also works in place on the page it belongs to (htmx, see docs/architecture.md).

    Without JavaScript nothing changes: the form has its own page, posts and redirects. With it,
    a link on the page fetches the form as a fragment (`inline_template_name`) into the nearest
    `[data-inline-slot]`; the form posts with htmx. An invalid or stale form comes back as the same
    fragment, with the same error summary, into the same slot (the HX-Retarget/HX-Reselect
    headers). A valid one redirects as always; htmx follows the redirect and takes the element
    `#<inline_refresh>` (and the messages) from the page it lands on.
    """

    inline_template_name = "includes/inline_form.html"

    def inline_refresh(self) -> str:
        """The id of the element on the page that a successful save replaces."""
        raise NotImplementedError

    def inline_page_url(self) -> str:
        """The page the form belongs to (Cancel goes there)."""
        raise NotImplementedError

    def is_inline(self):
        return bool(getattr(self.request, "htmx", False))

    def inline_key(self):
        """Unique on the page, so that two open forms do not share ids."""
        return f"{type(self).__name__.lower()}-{self.kwargs.get('pk', '')}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.is_inline():
            kwargs["auto_id"] = f"{self.inline_key()}-%s"
        return kwargs

    def get_template_names(self):
        if self.is_inline():
            return [self.inline_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            inline_refresh=self.inline_refresh(),
            inline_page_url=self.inline_page_url(),
            inline_key=self.inline_key(),
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        if self.is_inline() and self.request.method == "POST":
            response["HX-Retarget"] = "closest [data-inline-slot]"
            response["HX-Reswap"] = "innerHTML"
            response["HX-Reselect"] = ".inline-form"
        return response


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
