"""Sections that apps above this one add to the partnership page.

The partnership page shows, for example, the outcome of the latest Wijkkompas discussion. The
Wijkkompas app depends on partnerships, not the other way round, so it registers a provider here
in its `ready()`; the page asks every provider for its part of the template context.

    sections.register(lambda partnership, user: {"wijkkompas": latest_outcome(partnership)})
"""

_providers = []


def register(provider) -> None:
    """`provider(partnership, user)` returns a dict that is added to the page's context."""
    if provider not in _providers:
        _providers.append(provider)


def context_for(partnership, user) -> dict:
    context = {}
    for provider in _providers:
        context.update(provider(partnership, user))
    return context
