"""What a rule returns: SQL for the standardised value, its issue checks and extra columns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """One issue test.

    Args:
        code: issue code, a key of :data:`rajut.standardize.ISSUES`.
        condition: SQL boolean; TRUE means the issue is present (NULL counts as FALSE).
    """

    code: str
    condition: str


@dataclass(frozen=True)
class FieldSQL:
    """SQL produced by a rule for one field.

    Args:
        value: SQL expression of the standardised value.
        checks: issue tests for this field.
        extra: extra output columns, name → SQL (e.g. ``{"norm": ...}`` for names).
    """

    value: str
    checks: tuple[Check, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    def codes(self) -> set[str]:
        """Issue codes this field can emit."""
        return {check.code for check in self.checks}
