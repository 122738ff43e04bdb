"""Reading form fields the same way on every page."""

from __future__ import annotations

from datetime import date

from rajut.errors import RajutError


def optional_day(text: str, label: str, *, code: str = "form-date") -> date | None:
    """A ``TTTT-BB-HH`` date field; empty → ``None``; anything else → a Bahasa error."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise RajutError(
            f"Tanggal {label} {text!r} tidak dikenali.",
            "Pilih tanggal pada isian, atau tulis TTTT-BB-HH, mis. 2026-06-30.",
            code=code,
        ) from exc
