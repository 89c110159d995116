"""The partnership's status: its values, the explicit table of allowed transitions (after Signalen's
workflow.py) and which statuses are closed.

Every change of status goes through `partnerships.services.change_status`, which refuses what
this table does not allow. The statuses are defined here rather than on the model so that the
model's querysets can use `CLOSED` without a circular import; the model exposes them as
`Partnership.Status`, which is the name to use elsewhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    EXPLORING = "exploring", _("exploring")
    IN_CONVERSATION = "in_conversation", _("in conversation")
    AGREEMENTS_RECORDED = "agreements_recorded", _("agreements recorded")
    ACTIVE = "active", _("active")
    REVIEW_DUE = "review_due", _("review due")
    ENDED = "ended", _("ended")
    STOPPED_TOGETHER = "stopped_together", _("stopped together")


S = Status

TRANSITIONS: dict[str, set[str]] = {
    S.EXPLORING: {S.IN_CONVERSATION, S.STOPPED_TOGETHER, S.ENDED},
    S.IN_CONVERSATION: {S.EXPLORING, S.AGREEMENTS_RECORDED, S.STOPPED_TOGETHER, S.ENDED},
    S.AGREEMENTS_RECORDED: {S.IN_CONVERSATION, S.ACTIVE, S.STOPPED_TOGETHER, S.ENDED},
    S.ACTIVE: {S.REVIEW_DUE, S.STOPPED_TOGETHER, S.ENDED},
    S.REVIEW_DUE: {S.ACTIVE, S.IN_CONVERSATION, S.STOPPED_TOGETHER, S.ENDED},
    # Closed files can be reopened (with a note): the search starts again.
    S.ENDED: {S.EXPLORING},
    S.STOPPED_TOGETHER: {S.EXPLORING},
}

# The one definition of "closed": no work is expected of anyone in a closed partnership, so its
# review date, activities and drafts are left out of "needs attention" and the reminders.
CLOSED = frozenset({S.ENDED, S.STOPPED_TOGETHER})


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


def next_statuses(status: str) -> list[str]:
    """The statuses reachable from `status`, in the order of the status list."""
    return [s for s in S.values if s in TRANSITIONS.get(status, set())]
