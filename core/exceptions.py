"""Exceptions services raise for views to turn into a message."""


class ActionRefused(Exception):
    """A change the current state of a record does not allow (for example: its partnership is closed).

    Services raise it before writing anything; `core.views.PermissionRequiredMixin` turns it into an
    error message and a redirect, so a request that is refused never becomes a server error.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
