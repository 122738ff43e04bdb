"""Typed errors users can hit.

Every error a user can cause carries a Bahasa Indonesia ``message`` that says what went
wrong and a ``hint`` that says what to do next. The CLI and the web app render them; a
traceback is shown only with ``--debug``. Bugs are ordinary Python exceptions.
"""

from __future__ import annotations

from typing import Any


class RajutError(Exception):
    """Root of every user-facing error.

    Args:
        message: what went wrong, in Bahasa Indonesia, naming the file or object.
        hint: what the user should do next, in Bahasa Indonesia.
        code: a stable kebab-case slug for scripts (``--json``) and docs.
    """

    code = "rajut-error"

    def __init__(self, message: str, hint: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        return f"{self.message} Saran: {self.hint}" if self.hint else self.message


class WorkspaceError(RajutError):
    code = "workspace-error"


class ConfigError(RajutError):
    code = "config-error"


class ReferenceDataError(RajutError):
    code = "reference-data-error"
