"""Text, code-list, sex and yes/no rules."""

from __future__ import annotations

from collections.abc import Mapping

from rajut.standard.normalize import normalize_alias
from rajut.standardize.sql import case_map, clean, norm_key
from rajut.standardize.types import Check, FieldSQL

SEX_ALIASES: dict[str, str] = {
    **dict.fromkeys(("L", "LK", "LAKI-LAKI", "LAKI LAKI", "LAKILAKI", "LAKI", "PRIA"), "L"),
    **dict.fromkeys(("1", "M", "MALE", "COWOK"), "L"),
    **dict.fromkeys(("P", "PR", "PEREMPUAN", "WANITA", "2", "F", "FEMALE", "W"), "P"),
}

BOOLEAN_ALIASES: dict[str, str] = {
    **dict.fromkeys(("YA", "Y", "1", "TRUE", "BENAR", "ADA", "YES", "IYA", "T"), "true"),
    **dict.fromkeys(("TIDAK", "TDK", "N", "0", "FALSE", "SALAH", "TIDAK ADA", "NO", "F"), "false"),
    **dict.fromkeys(("BELUM", "G", "GA", "ENGGAK", "BUKAN"), "false"),
}


def missing(raw: str) -> Check:
    """``value-missing`` when the cell is empty (for the engine's required fields)."""
    return Check("value-missing", f"{clean(raw)} IS NULL")


def text(raw: str) -> FieldSQL:
    """Trimmed text with whitespace collapsed; ``''``, ``-``, ``NULL``, ``#N/A`` → NULL."""
    return FieldSQL(clean(raw))


def upper_text(raw: str) -> FieldSQL:
    """Like :func:`text`, in upper case."""
    return FieldSQL(f"upper({clean(raw)})")


def _normalise_map(value_map: Mapping[str, str], *, identity: bool = True) -> dict[str, str]:
    """Keys normalised like code-list aliases; standard values also map to themselves."""
    out: dict[str, str] = {}
    if identity:
        for value in value_map.values():
            out[normalize_alias(value)] = value
    for key, value in value_map.items():
        out[normalize_alias(key)] = value
    return out


def code(raw: str, value_map: Mapping[str, str], *, codelist: str) -> FieldSQL:
    """Map raw values to codes of ``codelist``; unknown values → NULL + ``value-unmapped``.

    Keys match case- and space-insensitively; a standard value itself is also accepted.

    Examples:
        >>> field = code('"AGAMA"', {"Islam": "1"}, codelist="agama")
        >>> "WHEN 'ISLAM' THEN CAST('1' AS VARCHAR)" in field.value
        True
    """
    del codelist  # kept for the engine's reports; the map is already resolved
    value = case_map(norm_key(raw), _normalise_map(value_map))
    unmapped = f"({clean(raw)} IS NOT NULL AND {value} IS NULL)"
    return FieldSQL(value, (Check("value-unmapped", unmapped),))


def sex(raw: str, value_map: Mapping[str, str] | None = None) -> FieldSQL:
    """Sex as ``"L"`` (laki-laki) or ``"P"`` (perempuan).

    Default aliases: L, LK, LAKI-LAKI, LAKI LAKI, PRIA, 1, M, MALE → ``L``;
    P, PR, PEREMPUAN, WANITA, 2, F, FEMALE, W → ``P``. ``value_map`` replaces them.
    """
    return code(raw, value_map if value_map is not None else SEX_ALIASES, codelist="sex")


def boolean(raw: str, value_map: Mapping[str, str] | None = None) -> FieldSQL:
    """YA/TIDAK, Y/N, 1/0, TRUE/FALSE, ADA/TIDAK ADA … → BOOLEAN.

    ``value_map`` maps raw text to ``"true"``/``"false"`` and replaces the defaults.
    """
    mapping = _normalise_map(value_map or BOOLEAN_ALIASES, identity=False)
    value = case_map(norm_key(raw), mapping, cast="BOOLEAN")
    unmapped = f"({clean(raw)} IS NOT NULL AND {value} IS NULL)"
    return FieldSQL(value, (Check("value-unmapped", unmapped),))
