"""Errors a user can act on. Every layer raises these; the CLI and TUI show their message."""

from __future__ import annotations


class HalterofitError(Exception):
    """Base for errors whose message is written for the user (one clear line)."""

    exit_code = 1


class InvalidInput(HalterofitError):
    """The user typed something we cannot accept; nothing was written."""

    exit_code = 2


class NotFound(HalterofitError):
    """A workout, set or exercise the user named does not exist."""

    exit_code = 3
