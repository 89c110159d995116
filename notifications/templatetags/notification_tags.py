from django import template

from notifications import inbox

register = template.Library()


@register.simple_tag(takes_context=True)
def new_notifications(context):
    """The home page's "new since your last visit" for the logged-in person (inbox.home)."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"items": [], "count": 0, "more": False}
    return inbox.home(user)
