"""SQL builders for survivorship: rank candidate values, keep the winner and the runner-up.

One ``arg_max(..., 2)`` per attribute over the candidate rows of an entity returns the two
best candidates; comparing them says which criterion decided (``rule``):

``authority``     the winner's source ranks higher in the attribute's authority list
``recency``       same authority rank, newer period
``completeness``  same authority rank (and period), more standard fields filled in
``tie``           equal on every criterion; a fixed hash of source and record decides
``single``        only one candidate had a value

Examples:
    >>> authority_case("source", ["dukcapil", "dtks"])
    "CASE source WHEN 'dukcapil' THEN 2 WHEN 'dtks' THEN 1 ELSE 0 END"
"""

from __future__ import annotations

from dataclasses import dataclass

from rajut.integrate.survivorship import TieBreaker


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def authority_case(column: str, ranked_sources: list[str]) -> str:
    """Score: the first authority source gets the highest number, unlisted sources 0."""
    if not ranked_sources:
        return "0"
    n = len(ranked_sources)
    whens = " ".join(f"WHEN {lit(s)} THEN {n - i}" for i, s in enumerate(ranked_sources))
    return f"CASE {column} {whens} ELSE 0 END"


def _tb_expr(name: TieBreaker, prefix: str) -> str:
    if name == "recency":
        return f"date_diff('day', DATE '1970-01-01', {prefix}period_end)"
    return f"{prefix}completeness"


@dataclass(frozen=True)
class Choice:
    """One attribute to choose: its value expression and ranking inputs.

    Args:
        attribute: name written to ``integ.provenance.attribute``.
        value_sql: VARCHAR expression over the candidate row (NULL = no candidate).
        authority: ranked source names (from :func:`resolve_authority`).
        tie_breakers: order of ``recency`` / ``completeness``.
        prefix: alias prefix of the candidate row's columns, e.g. ``"r."``.
    """

    attribute: str
    value_sql: str
    authority: list[str]
    tie_breakers: list[TieBreaker]
    prefix: str = ""

    def aggregate_sql(self) -> str:
        """``arg_max(candidate, key, 2) FILTER (value present) AS top_<attribute>``."""
        p = self.prefix
        auth = authority_case(f"{p}source", self.authority)
        tbs = list(self.tie_breakers) + [
            t for t in ("recency", "completeness") if t not in self.tie_breakers
        ]
        t1, t2 = _tb_expr(tbs[0], p), _tb_expr(tbs[1], p)
        tie = f"hash({p}source, {p}record_id)"
        payload = (
            f"struct_pack(v := {self.value_sql}, s := {p}source, r := {p}record_id, "
            f"ru := {p}run_id, rn := {p}row_number, pe := {p}period_end, ag := {p}age_days, "
            f"a := {auth}, t1 := {t1}, t2 := {t2}, z := {tie})"
        )
        key = f"struct_pack(a := {auth}, t1 := {t1}, t2 := {t2}, z := {tie})"
        return (
            f"arg_max({payload}, {key}, 2) FILTER (WHERE ({self.value_sql}) IS NOT NULL) "
            f"AS top_{self.attribute}"
        )

    def rule_sql(self, top: str) -> str:
        """Which criterion decided between ``top[1]`` and ``top[2]``."""
        tbs = list(self.tie_breakers) + [
            t for t in ("recency", "completeness") if t not in self.tie_breakers
        ]
        w, r = f"{top}[1]", f"{top}[2]"
        return (
            f"CASE WHEN len({top}) < 2 THEN 'single' "
            f"WHEN {w}.a > {r}.a THEN 'authority' "
            f"WHEN {w}.t1 > {r}.t1 THEN {lit(tbs[0])} "
            f"WHEN {w}.t2 > {r}.t2 THEN {lit(tbs[1])} ELSE 'tie' END"
        )

    def provenance_select(self, entity: str, id_column: str, table: str) -> str:
        """Rows for ``integ.provenance`` (without build_id) from an aggregate table."""
        top = f"top_{self.attribute}"
        w = f"{top}[1]"
        return (
            f"SELECT {lit(entity)} AS entity, {id_column} AS entity_id, "
            f"{lit(self.attribute)} AS attribute, {w}.v AS value, {w}.s AS source, "
            f"{w}.r AS record_id, {w}.ru AS run_id, {w}.rn AS row_number, "
            f"{w}.pe AS period_end, {w}.ag AS age_days, {self.rule_sql(top)} AS rule "
            f"FROM {table} WHERE {top} IS NOT NULL"
        )
