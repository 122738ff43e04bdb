"""The deterministic pass: records sharing a sound NIK are one person — unless they disagree.

``link.records.nik`` is already restricted to NIKs that are structurally sound and agree with
their own row's birth date and sex (a parent's NIK in a child's row fails that test and never
reaches this pass). Within a group of records sharing such a NIK, each record is compared with
the group's **anchor** (preferably the Disdukcapil record, the authority for identity):
it joins the anchor when its name is compatible (same normalised name, one name's tokens
contained in the other's, Jaro-Winkler ≥ 0.88, or the same initials and last name —
"A SAPUTRA" / "AHMAD SAPUTRA", and "M FATIMAH" normalised to "MUHAMMAD FATIMAH" /
"MARIA FATIMAH"; names of the same length whose words are equal or one is the other's
initial — "SRI H" / "SRI HANDAYANI"; a record without a usable name — a "BY NY" placeholder — is
compatible; and, when birth date and sex agree too, names of the same length whose words
each differ by at most one edit — two typos stacked in a short name, "UI AAMINAH" /
"UMI AMINAH"). An incompatible record (NIK ganda: another person
carrying the same number) stays out and gets a cannot-link with the anchor.

Writes ``link.nik_groups(uid, component, anchor_uid, compatible)`` for every record that
has a NIK; ``component`` is ``nik:<NIK>`` for compatible members, else the record's uid.
"""

from __future__ import annotations

import duckdb

NAME_JW_MIN = 0.88


def _initials(name: str) -> str:
    return f"list_transform(string_split({name}, ' '), lambda t: t[1])"


def _last(name: str) -> str:
    return f"string_split({name}, ' ')[-1]"


def _every_word_pair(a: str, b: str, condition: str) -> str:
    """Same number of words, and ``condition`` holds for every aligned pair ``{wa}[i]``,
    ``{wb}[i]`` (the words of ``a`` and ``b``)."""
    wa, wb = f"string_split({a}, ' ')", f"string_split({b}, ' ')"
    holds = condition.format(wa=wa, wb=wb)
    return (
        f"(len({wa}) = len({wb}) AND list_bool_and(list_transform(range(1, len({wa}) + 1),"
        f" lambda i: {holds})))"
    )


def _words_one_edit_apart(a: str, b: str) -> str:
    """Same number of words, each within Damerau-Levenshtein distance 1 of its counterpart."""
    return _every_word_pair(a, b, "damerau_levenshtein({wa}[i], {wb}[i]) <= 1")


def _words_or_initials(a: str, b: str) -> str:
    """Same number of words, each equal to its counterpart or its one-letter abbreviation."""
    return _every_word_pair(
        a,
        b,
        "{wa}[i] = {wb}[i] OR (len({wa}[i]) = 1 AND starts_with({wb}[i], {wa}[i]))"
        " OR (len({wb}[i]) = 1 AND starts_with({wa}[i], {wb}[i]))",
    )


DETERMINISTIC_SQL = f"""
CREATE OR REPLACE TABLE link.nik_groups AS
WITH ranked AS (
    SELECT uid, nik, name_norm, source, birth_date, sex,
           row_number() OVER (
               PARTITION BY nik
               ORDER BY (source = 'dukcapil') DESC, (name_norm IS NULL), period_end DESC, uid
           ) AS r
    FROM link.records
    WHERE nik IS NOT NULL
), anchors AS (
    SELECT nik, uid AS anchor_uid, name_norm AS anchor_name, birth_date AS anchor_birth,
           sex AS anchor_sex
    FROM ranked WHERE r = 1
), judged AS (
    SELECT r.uid, r.nik, a.anchor_uid,
           -- CASE evaluates the list lambdas only for the few rows the cheap tests reject
           CASE WHEN r.uid = a.anchor_uid
                OR r.name_norm IS NULL OR a.anchor_name IS NULL
                OR r.name_norm = a.anchor_name
                OR jaro_winkler_similarity(r.name_norm, a.anchor_name) >= {NAME_JW_MIN}
                THEN TRUE
                ELSE list_has_all(string_split(r.name_norm, ' '), string_split(a.anchor_name, ' '))
                OR list_has_all(string_split(a.anchor_name, ' '), string_split(r.name_norm, ' '))
                OR ({_initials("r.name_norm")} = {_initials("a.anchor_name")}
                    AND {_last("r.name_norm")} = {_last("a.anchor_name")})
                OR {_words_or_initials("r.name_norm", "a.anchor_name")}
                OR (r.birth_date = a.anchor_birth AND r.sex = a.anchor_sex
                    AND {_words_one_edit_apart("r.name_norm", "a.anchor_name")})
           END
           AS compatible
    FROM ranked r JOIN anchors a USING (nik)
)
SELECT uid, CASE WHEN compatible THEN 'nik:' || nik ELSE uid END AS component,
       anchor_uid, compatible
FROM judged
"""


def run_deterministic(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Build ``link.nik_groups``; returns counts for the run summary."""
    con.execute(DETERMINISTIC_SQL)
    [(records, groups, conflicts)] = con.execute(
        "SELECT count(*), count(DISTINCT component) FILTER (compatible), "
        "count(*) FILTER (NOT compatible) FROM link.nik_groups"
    ).fetchall()
    return {"nik_records": records, "nik_groups": groups, "nik_conflicts": conflicts}
