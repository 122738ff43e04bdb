"""Desa/kelurahan → Kemendagri code (``33.10.12.2001``).

A code (dotted or 10 plain digits) wins when it is a known code. Otherwise the name is
normalised (upper case; ``DESA``/``DS.``/``KELURAHAN``/``KEL.`` prefix, punctuation and spaces
removed) and looked up in ``ref_desa`` within the kecamatan (by normalised kecamatan name;
the whole kabupaten when no kecamatan is given). When no exact name matches, a single
candidate in that area with Jaro-Winkler similarity ≥ 0.93 is accepted
(``desa-name-approximate``). Requires :func:`register_reference_tables`.
"""

from __future__ import annotations

from rajut.standardize.sql import clean, let
from rajut.standardize.types import Check, FieldSQL

FUZZY_THRESHOLD = 0.93
AMBIGUOUS = "#AMBIGUOUS"
UNKNOWN = "#UNKNOWN"


def place_norm_sql(raw: str, prefixes: str) -> str:
    """Normalised place name: prefix words ``prefixes`` (regex alternation) dropped."""
    upper = f"upper(strip_accents({clean(raw)}))"
    no_prefix = rf"regexp_replace({upper}, '^({prefixes})(\.\s*|\s+)', '')"
    return f"nullif(regexp_replace({no_prefix}, '[^A-Z0-9]', '', 'g'), '')"


def desa_norm_sql(raw: str) -> str:
    """Normalised desa name (shared by the rule and ``ref_desa.name_norm``)."""
    return place_norm_sql(raw, "DESA|DS|KELURAHAN|KEL|KALURAHAN|KAMPUNG|KAMPUNG ADAT|NAGARI")


def kecamatan_norm_sql(raw: str) -> str:
    """Normalised kecamatan name (shared with ``ref_desa.kecamatan_name_norm``)."""
    return place_norm_sql(raw, "KECAMATAN|KEC|DISTRIK")


def _dotted(code: str) -> str:
    """Dotted 10-digit code or NULL."""
    digits = f"regexp_replace({clean(code)}, '[^0-9]', '', 'g')"
    return let(
        digits,
        lambda d: (
            rf"CASE WHEN regexp_full_match({d}, '\d{{10}}') THEN substr({d}, 1, 2) || '.' "
            f"|| substr({d}, 3, 2) || '.' || substr({d}, 5, 2) || '.' || substr({d}, 7, 4) END"
        ),
    )


def _lookup(name: str, kecamatan_name: str | None) -> str:
    """Packed lookup: code, ``~code`` (approximate), ``#AMBIGUOUS`` or ``#UNKNOWN``."""
    n = desa_norm_sql(name)
    area = "TRUE"
    if kecamatan_name is not None:
        k = kecamatan_norm_sql(kecamatan_name)
        area = f"({k} IS NULL OR d.kecamatan_name_norm = {k})"
    fuzzy = f"jaro_winkler_similarity(d.name_norm, {n}) >= {FUZZY_THRESHOLD}"
    return (
        "(SELECT CASE "
        f"WHEN count(*) FILTER (WHERE d.name_norm = {n}) = 1 "
        f"THEN max(d.code) FILTER (WHERE d.name_norm = {n}) "
        f"WHEN count(*) FILTER (WHERE d.name_norm = {n}) > 1 THEN '{AMBIGUOUS}' "
        f"WHEN count(*) FILTER (WHERE {fuzzy}) = 1 THEN '~' || max(d.code) FILTER (WHERE {fuzzy}) "
        f"WHEN count(*) FILTER (WHERE {fuzzy}) > 1 THEN '{AMBIGUOUS}' "
        f"ELSE '{UNKNOWN}' END FROM ref_desa d WHERE {area})"
    )


def desa_found_sql(name: str | None, kecamatan_name: str | None) -> str:
    """The name lookup alone (a correlated subquery): code, ``~code``, ``#…`` or NULL.

    The ingest engine evaluates it once per distinct key into a column and passes that
    column to :func:`desa_from_found`, so the subquery is planned once, not per check.
    """
    if name is None:
        return "CAST(NULL AS VARCHAR)"
    return f"CASE WHEN {clean(name)} IS NOT NULL THEN {_lookup(name, kecamatan_name)} END"


def desa_from_found(*, code: str | None, name: str | None, found: str) -> FieldSQL:
    """Desa code and issues, given ``found`` = :func:`desa_found_sql` (or a column of it)."""
    dotted = _dotted(code) if code is not None else "CAST(NULL AS VARCHAR)"
    in_kab = f"({dotted} IN (SELECT code FROM ref_desa))"
    known = f"({dotted} IN (SELECT code FROM ref_desa_all))"
    code_given = f"({clean(code)} IS NOT NULL)" if code is not None else "FALSE"
    name_given = f"({clean(name)} IS NOT NULL)" if name is not None else "FALSE"
    by_name = f"CASE WHEN NOT starts_with({found}, '#') THEN ltrim({found}, '~') END"
    value = f"CASE WHEN {known} THEN {dotted} ELSE {by_name} END"
    checks = (
        Check(
            "desa-unknown",
            f"(NOT coalesce({known}, FALSE) AND ({code_given} OR {name_given}) "
            f"AND coalesce({found}, '{UNKNOWN}') = '{UNKNOWN}')",
        ),
        Check("desa-ambiguous", f"(NOT coalesce({known}, FALSE) AND {found} = '{AMBIGUOUS}')"),
        Check("desa-outside-kabupaten", f"({known} AND NOT {in_kab})"),
        Check("desa-name-approximate", f"(NOT coalesce({known}, FALSE) AND {found} LIKE '~%')"),
    )
    return FieldSQL(value, checks)


def desa(*, code: str | None, name: str | None, kecamatan_name: str | None) -> FieldSQL:
    """Desa code from a code column and/or a name column (+ kecamatan name).

    Issues: ``desa-unknown``, ``desa-ambiguous``, ``desa-outside-kabupaten`` (a real code of
    another kabupaten; the code is kept as value), ``desa-name-approximate``.
    """
    return desa_from_found(code=code, name=name, found=desa_found_sql(name, kecamatan_name))
