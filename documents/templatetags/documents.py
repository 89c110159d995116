from django import template

from documents import services

register = template.Library()


@register.filter
def documents_of(by_conversation, conversation_id):
    """The documents of one conversation, from the partnership page's `by_conversation` dict."""
    return (by_conversation or {}).get(conversation_id, [])


@register.simple_tag
def meeting_documents(meeting, user):
    """The documents of a meeting that `user` may see: the meeting page lists them (meetings sits
    below documents, so its views cannot ask for them)."""
    return services.meeting_documents(meeting, user)
