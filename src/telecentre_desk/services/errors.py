"""Errors the services raise; each message is in the user's language and says what to do."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal the user can act on. ``str(error)`` is the translated message."""

    @property
    def message(self) -> str:
        return str(self)


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class SignInError(ServiceError):
    pass


class ValidationError(ServiceError):
    """One message per invalid field, so a form can point at each."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("\n".join(self.problems.values()))


class NeedsConfirmation(ServiceError):
    """Allowed, but the user should know first: ask, then call again with the confirmation."""
