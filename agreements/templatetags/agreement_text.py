from django import template

from agreements.text import to_html

register = template.Library()


@register.filter
def structured(text):
    """Render a section's plain structured text as safe HTML (paragraphs, lists, bold)."""
    return to_html(text)
