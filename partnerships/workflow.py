"""The partnership's status: the explicit table of allowed transitions (after Signalen's workflow.py).

Every change of status goes through `partnerships.services.change_status`, which refuses what
this table does not allow.
"""

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

CLOSED = {S.ENDED, S.STOPPED_TOGETHER}


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


def next_statuses(status: str) -> list[str]:
    """The statuses reachable from `status`, in the order of the status list."""
    return [s for s in S.values if s in TRANSITIONS.get(status, set())]
