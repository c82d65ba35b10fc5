"""One exception family with user-ready messages; only the CLI catches them."""

from __future__ import annotations


class FactsError(Exception):
    """Base of every error `facts` reports to a user (exit code 2)."""


class ClaimsFileError(FactsError):
    """The claims file is missing, unreadable or invalid; the message names file:line."""


class InputError(FactsError):
    """An input cannot be read (no such file, unreadable, not a document)."""
