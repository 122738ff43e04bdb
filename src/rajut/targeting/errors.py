"""Errors of the targeting step (rules, runs and outputs)."""

from __future__ import annotations

from rajut.errors import RajutError


class TargetingError(RajutError):
    """A targeting rule, run or output the user can fix."""

    code = "targeting-error"
