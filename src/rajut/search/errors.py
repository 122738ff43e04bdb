"""Errors a person search can raise (shown to users with a hint)."""

from __future__ import annotations

from rajut.errors import RajutError


class SearchError(RajutError):
    code = "search-error"
