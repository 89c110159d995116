from django import template
from django.utils.translation import get_language

from core.cache import cached, render, with_csrf
from notifications import inbox

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_section(context):
    """The home page's "new since your last visit" for the logged-in person (inbox.home). Cached
    until a table it read is written (core.cache): a new notification, or one read, shows at once."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return ""
    path = request.get_full_path()

    def compute():
        return render(
            "notifications/includes/inbox_section.html", {"inbox": inbox.home(user), "next_path": path}, forms=True
        )

    return with_csrf(cached("inbox.home", (user.pk, user.role, path, get_language()), compute), request)
