"""Refusals of the network formats: every one names its reason, in the user's language.

A refusal carries a stable ``reason`` code (for tests, logs and the coordinator's
tools) and a translated message that says what is wrong and what to do.
"""

from __future__ import annotations


class NetworkRefusal(Exception):
    """A file or code of the network that is refused; ``str(error)`` is the message."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)


class BundleRefused(NetworkRefusal):
    """An exchange bundle that is truncated, tampered, unsigned, unknown or malformed."""


class DirectoryRefused(NetworkRefusal):
    """A network directory that is damaged or not signed by the coordinator's key."""


class PassportRefused(NetworkRefusal):
    """A network passport that is damaged, forged, expired, revoked or from an unknown centre."""
