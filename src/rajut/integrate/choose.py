"""SQL builders for survivorship: rank candidate values, keep the winner and the runner-up.

Per attribute, a ``max`` over the candidate rows of an entity finds the winner and a top-2
over their ranking keys finds the two best keys; comparing those says which criterion decided
(``rule``):

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


#: Bit layout of the ranking key (one BIGINT, larger = better):
#: authority score (4 bits) | tie-breaker 1 (16 bits) | tie-breaker 2 (16 bits) | hash (27 bits)
_AUTH_SHIFT, _TB1_SHIFT, _TB2_SHIFT = 59, 43, 27
#: Low bits of the packed (key, rid) HUGEINT that hold the candidate row id.
_RID_BITS = 40
MAX_AUTHORITY = 15


def _tb_expr(name: TieBreaker, prefix: str) -> str:
    if name == "recency":
        raw = f"date_diff('day', DATE '1970-01-01', {prefix}period_end)"
    else:
        raw = f"{prefix}completeness"
    return f"least(greatest(coalesce({raw}, 0), 0), 65535)::BIGINT"


@dataclass(frozen=True)
class Choice:
    """One attribute to choose: its value expression and ranking inputs.

    Candidates are rows of a table with a unique ``rid`` column (< 2^40). The winner is
    ``max(key << 40 | rid)`` over one packed HUGEINT (``w_<attr>``); the keys of the best two
    candidates are a top-2 over the BIGINT key alone (``k_<attr>``), which is all the
    ``rule`` needs (equal keys give the same rule whichever row won).

    Args:
        attribute: name written to ``integ.provenance.attribute``.
        value_sql: VARCHAR expression over the candidate row (NULL = no candidate).
        authority: ranked source names (from :func:`resolve_authority`), at most 15.
        tie_breakers: order of ``recency`` / ``completeness``.
    """

    attribute: str
    value_sql: str
    authority: list[str]
    tie_breakers: list[TieBreaker]

    @property
    def order(self) -> list[TieBreaker]:
        rest: list[TieBreaker] = [
            t for t in ("recency", "completeness") if t not in self.tie_breakers
        ]
        return list(self.tie_breakers) + rest

    def key_sql(self, prefix: str = "") -> str:
        """The packed ranking key of a candidate row."""
        auth = authority_case(f"{prefix}source", self.authority[:MAX_AUTHORITY])
        t1, t2 = (_tb_expr(t, prefix) for t in self.order)
        tie = f"(hash({prefix}source, {prefix}record_id) % {1 << _TB2_SHIFT})::BIGINT"
        return (
            f"(({auth})::BIGINT << {_AUTH_SHIFT}) + ({t1} << {_TB1_SHIFT}) "
            f"+ ({t2} << {_TB2_SHIFT}) + {tie}"
        )

    @property
    def config(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Choices with the same config rank candidates identically (shareable key)."""
        return tuple(self.authority[:MAX_AUTHORITY]), tuple(self.order)

    def packed_sql(self, prefix: str = "") -> str:
        """``key << 40 | rid`` as HUGEINT: the larger, the better the candidate."""
        return f"((({self.key_sql(prefix)})::HUGEINT << {_RID_BITS}) + {prefix}rid)"

    def aggregate_sql(self, packed_column: str | None = None) -> str:
        """``w_<attr>``: the best candidate (packed) and ``k_<attr>``: the best two keys, among
        rows with a value.

        Args:
            packed_column: a column already holding :meth:`packed_sql` (computed once per row
                for all choices with the same :attr:`config`).
        """
        where = f"FILTER (WHERE ({self.value_sql}) IS NOT NULL)"
        if packed_column:
            packed, key = packed_column, f"CAST({packed_column} >> {_RID_BITS} AS BIGINT)"
        else:
            packed, key = self.packed_sql(), f"({self.key_sql()})"
        a = self.attribute
        return f"max({packed}) {where} AS w_{a}, max({key}, 2) {where} AS k_{a}"

    def rid_sql(self, agg: str) -> str:
        """The winner's ``rid`` from aggregate alias ``agg``."""
        return f"CAST({agg}.w_{self.attribute} & {(1 << _RID_BITS) - 1} AS BIGINT)"

    def rule_sql(self, agg: str) -> str:
        """Which criterion decided between the two best candidates in aggregate alias ``agg``."""
        top = f"{agg}.k_{self.attribute}"
        w, r = f"{top}[1]", f"{top}[2]"

        def part(shift: int) -> tuple[str, str]:
            return (f"(({w} >> {shift}) & 65535)", f"(({r} >> {shift}) & 65535)")

        (w1, r1), (w2, r2) = part(_TB1_SHIFT), part(_TB2_SHIFT)
        return (
            f"CASE WHEN len({top}) < 2 THEN 'single' "
            f"WHEN ({w} >> {_AUTH_SHIFT}) > ({r} >> {_AUTH_SHIFT}) THEN 'authority' "
            f"WHEN {w1} > {r1} THEN {lit(self.order[0])} "
            f"WHEN {w2} > {r2} THEN {lit(self.order[1])} ELSE 'tie' END"
        )

    def provenance_select(self, entity: str, id_column: str, agg: str, rows: str) -> str:
        """``integ.provenance`` rows (no build_id): the winner in ``agg``, its row in ``rows``."""
        a = self.attribute
        return (
            f"SELECT {lit(entity)} AS entity, g.{id_column} AS entity_id, {lit(a)} AS attribute, "
            f"{self.value_sql} AS value, r.source, r.record_id, r.run_id, r.row_number, "
            f"r.period_end, r.age_days, {self.rule_sql('g')} AS rule "
            f"FROM {agg} g JOIN {rows} r ON r.rid = {self.rid_sql('g')}"
        )
