"""The inbox: a person's own notifications. Someone else's notification is a 404 for everyone."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView

from accounts.models import NotificationMail, User
from core.cache import cached, with_csrf
from core.cache import render as render_html
from core.views import safe_next_url
from notifications import inbox, mail, services


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "notifications"
    paginate_by = 25

    def unread_only(self) -> bool:
        return self.request.GET.get("filter") == "unread"

    def get_queryset(self):
        return inbox.unread(self.request.user) if self.unread_only() else inbox.for_user(self.request.user)

    def get(self, request, *args, **kwargs):
        # The list's HTML is cached until a table it read is written (core.cache): a new
        # notification, or one marked read, shows on the next request. Per person, page and language.
        user, path = request.user, request.get_full_path()

        def compute():
            self.object_list = self.get_queryset()
            context = super(InboxView, self).get_context_data(
                unread_only=self.unread_only(), unread_count=inbox.unread(user).count(), next_path=path
            )
            return render_html("notifications/includes/inbox_page.html", context, forms=True)

        self.object_list = []  # what the template names are chosen by; the rows are in the HTML
        html = cached("inbox.page", (user.pk, user.role, path, get_language()), compute)
        return self.render_to_response({"inbox_html": with_csrf(html, request)})


class OwnNotificationMixin(LoginRequiredMixin):
    http_method_names = ["post"]

    def notification(self):
        return get_object_or_404(inbox.for_user(self.request.user), pk=self.kwargs["pk"])


class MarkReadView(OwnNotificationMixin, View):
    def post(self, request, pk):
        services.mark_read(self.notification())
        return redirect(safe_next_url(request, reverse("notifications:inbox")))


class OpenView(OwnNotificationMixin, View):
    """Open a notification: marked read, then to the page it is about (a local path only)."""

    def post(self, request, pk):
        notification = self.notification()
        services.mark_read(notification)
        target = notification.url
        if not (target and url_has_allowed_host_and_scheme(target, allowed_hosts=set()) and target.startswith("/")):
            target = reverse("notifications:inbox")
        return redirect(target)


class MarkAllReadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = services.mark_all_read(inbox.for_user(request.user))
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return redirect(safe_next_url(request, reverse("notifications:inbox")))


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The link in every notification mail. GET asks for confirmation (a link preview or virus
    scanner must not unsubscribe anyone); POST, also the mail client's one-click POST (RFC 8058,
    without a CSRF token: the signed token is the authorisation), switches the mail off."""

    http_method_names = ["get", "post"]

    def person(self, token):
        data = mail.user_id_from_token(token)
        if data is None:
            return None
        return User.objects.filter(pk=data["u"], email=data["e"]).first()

    def get(self, request, token):
        person = self.person(token)
        if person is None:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"person": person, "already": person.notification_mail == NotificationMail.NONE},
        )

    def post(self, request, token):
        person = self.person(token)
        if person is None:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
        services.unsubscribe(person)
        return render(request, "notifications/unsubscribe.html", {"person": person, "done": True})
