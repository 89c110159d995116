"""The partnership's status: the explicit table of allowed transitions (after Signalen's workflow.py),
and what a closed partnership still allows.

Every change of status goes through `partnerships.services.change_status`, which refuses what
this table does not allow. Every service that adds or changes something in a partnership file
(conversations, needs, goals, activities, comments, assessments, Wijkkompas discussions, draft
agreements) calls `ensure_open` first: a closed partnership only allows reopening (staff, with a
note: the table below).
"""

from django.utils.translation import gettext as _

from core.exceptions import ActionRefused
from partnerships.models import Partnership

S = Partnership.Status

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

# The one definition of "closed": nothing in the file changes until it is reopened.
CLOSED = frozenset({S.ENDED, S.STOPPED_TOGETHER})


class PartnershipClosedError(ActionRefused):
    def __init__(self, status: str):
        super().__init__(
            _("This partnership is closed (%(status)s): nothing can be added or changed until it is reopened.")
            % {"status": Partnership.Status(status).label}
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
    status = Partnership.objects.select_for_update().filter(pk=partnership.pk).values_list("status", flat=True).get()
    if status in CLOSED:
        raise PartnershipClosedError(status)
