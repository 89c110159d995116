"""Signals `accounts` sends so that apps above it can take part without `accounts` knowing them."""

from django.dispatch import Signal

# Sent (sender=User, user=...) before an account is deactivated. A receiver returns a message that
# says why the account must stay active for now (for example: the only contact of an initiative),
# or None. The user form shows every message and saves nothing.
deactivation_objections = Signal()
