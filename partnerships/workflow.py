"""The partnership's status: its values, the explicit table of allowed transitions (after Signalen's
workflow.py) and which statuses are closed.

Every change of status goes through `partnerships.services.change_status`, which refuses what
this table does not allow. Every service that adds or changes something in a partnership file
(conversations, needs, goals, activities, comments, assessments, Wijkkompas discussions, draft
agreements) calls `ensure_open` first: a closed partnership only allows reopening (staff, with a
note: the table below). The statuses are defined here rather than on the model so that the
model's querysets can use `CLOSED` without a circular import; the model exposes them as
`Partnership.Status`, which is the name to use elsewhere.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.exceptions import ActionRefused


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
# review date, activities and drafts are left out of "needs attention" and the reminders, and
# nothing in the file changes until it is reopened.
CLOSED = frozenset({S.ENDED, S.STOPPED_TOGETHER})


class PartnershipClosedError(ActionRefused):
    def __init__(self, status: str):
        super().__init__(
            gettext("This partnership is closed (%(status)s): nothing can be added or changed until it is reopened.")
            % {"status": Status(status).label}
        )
        self.status = status


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


def next_statuses(status: str) -> list[str]:
    """The statuses reachable from `status`, in the order of the status list."""
    return [s for s in S.values if s in TRANSITIONS.get(status, set())]


def ensure_open(partnership) -> None:
    """Refuse a change to a closed partnership. Call inside the service's transaction.

    The status is read from the database and the row locked (PostgreSQL), so a partnership closed
    by someone else a moment ago is seen, and cannot be closed halfway through this change.
    """
    # The model class from the instance: models.py imports this module, not the other way round.
    rows = type(partnership)._default_manager.select_for_update().filter(pk=partnership.pk)
    status = rows.values_list("status", flat=True).get()
    if status in CLOSED:
        raise PartnershipClosedError(status)
