"""Turn a rule into runnable DuckDB SQL: placeholders, the ``alasan`` text and the facts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rajut.targeting.errors import TargetingError
from rajut.targeting.models import PLACEHOLDER, REQUIRED_COLUMNS, TargetRule


def quote_literal(text: str) -> str:
    """A SQL string literal.

    Examples:
        >>> quote_literal("it's")
        "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bind(rule: TargetRule, build_id: str, as_of: date) -> str:
    """The rule's SQL with ``{build}`` and ``{as_of}`` replaced by literals.

    Examples:
        >>> from rajut.targeting.models import TargetRule
        >>> r = TargetRule(id="x1", judul="X x", jenis="inklusi", unit="person",
        ...     deskripsi="ddd", sql="SELECT {build}, {as_of}", alasan="abc")
        >>> bind(r, "b1", date(2026, 6, 30))
        "SELECT 'b1', DATE '2026-06-30'"
    """
    sql = rule.sql.replace("{build}", quote_literal(build_id))
    return sql.replace("{as_of}", f"DATE '{as_of.isoformat()}'")


def check_columns(rule: TargetRule, columns: Sequence[str]) -> None:
    """Raise when the rule's SELECT lacks a required column or one named in ``alasan``."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    missing += [c for c in rule.placeholders() if c not in columns and c != "as_of"]
    if missing:
        raise TargetingError(
            f"Aturan {rule.id}: hasil SELECT tidak memuat kolom {', '.join(missing)}.",
            "Tambahkan kolom itu ke SELECT (entity_id, desa_code, kecamatan_code wajib; kolom "
            "lain yang disebut di alasan harus ada di hasil).",
            code="targeting-rule-columns",
        )


def reason_sql(rule: TargetRule, as_of: date, alias: str = "q") -> str:
    """A SQL expression rendering ``alasan`` per row; NULL values print as ``-``.

    Examples:
        >>> from rajut.targeting.models import TargetRule
        >>> r = TargetRule(id="x1", judul="X x", jenis="inklusi", unit="person",
        ...     deskripsi="ddd", sql="SELECT 1 AS a", alasan="a={a}.")
        >>> print(reason_sql(r, date(2026, 1, 1)))
        concat('a=', coalesce(CAST(q."a" AS VARCHAR), '-'), '.')
    """
    parts: list[str] = []
    pos = 0
    text = " ".join(rule.alasan.split())
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            parts.append(quote_literal(text[pos : match.start()]))
        name = match.group(1)
        if name == "as_of":
            parts.append(quote_literal(as_of.isoformat()))
        else:
            parts.append(f"coalesce(CAST({alias}.{quote_ident(name)} AS VARCHAR), '-')")
        pos = match.end()
    if pos < len(text):
        parts.append(quote_literal(text[pos:]))
    return "concat(" + ", ".join(parts or ["''"]) + ")"


def facts_sql(columns: Sequence[str], alias: str = "q") -> str:
    """A JSON object of every non-required column (dates as ISO text)."""
    keep = [c for c in columns if c not in REQUIRED_COLUMNS]
    if not keep:
        return "'{}'::JSON"
    pairs = ", ".join(f"{quote_ident(c)} := {alias}.{quote_ident(c)}" for c in keep)
    return f"to_json(struct_pack({pairs}))"
