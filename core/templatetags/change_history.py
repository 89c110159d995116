"""`{% readable entries as shown %}`: history entries as the logged-in reader may see them, in
their language (core.history.readable). Every template that shows history goes through it."""

from django import template

from core import history

register = template.Library()


@register.simple_tag(takes_context=True)
def readable(context, entries):
    request = context.get("request")
    return history.readable(entries or [], getattr(request, "user", None))
