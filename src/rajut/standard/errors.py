"""Errors raised by :mod:`rajut.standard`."""

from __future__ import annotations

from rajut.errors import RajutError


class StandardError(RajutError):
    """A definition file of the data standard is invalid, or a name is unknown."""

    code = "standard-error"
