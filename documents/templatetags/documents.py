from django import template

register = template.Library()


@register.filter
def documents_of(by_conversation, conversation_id):
    """The documents of one conversation, from the partnership page's `by_conversation` dict."""
    return (by_conversation or {}).get(conversation_id, [])
