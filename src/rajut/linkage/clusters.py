"""Clusters: deterministic groups, model edges and review decisions → one cluster per person.

Greedy constrained agglomeration (Kruskal-like):

1. Start from the deterministic components (``link.nik_groups``; every other record alone).
2. Review decisions "sama" are applied first (forced), then model edges in descending
   probability, for pairs at or above the match threshold.
3. A merge is refused when it would join two components that must stay apart:
   a review decision "beda", a NIK-ganda conflict from the deterministic pass, or two
   sound NIKs that are not near-misses of each other (differing in more than one digit
   and not an adjacent transposition or an Excel-truncated last digit), or two different
   *established* NIKs (each in the Disdukcapil register or agreed by two sources) — twins.

Refused merges are counted; plain connected components would instead chain them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb


def nik_near(a: str, b: str) -> bool:
    """Same NIK up to one typo: one digit, an adjacent transposition, or a lost last digit."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        i = diffs[0]
        return a[i] == b[i + 1] and a[i + 1] == b[i]
    return False


@dataclass
class _Forest:
    parent: list[int]
    niks: list[set[str]]
    cannot: list[set[int]]
    rejected: int = 0
    merges: int = 0
    kinds: list[set[str]] = field(default_factory=list)
    established: set[str] = field(default_factory=set)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def conflict(self, ra: int, rb: int, *, check_niks: bool = True) -> bool:
        if any(self.find(c) == rb for c in self.cannot[ra]):
            return True
        if any(self.find(c) == ra for c in self.cannot[rb]):
            return True
        return check_niks and any(
            not nik_near(x, y) or (x in self.established and y in self.established)
            for x in self.niks[ra]
            for y in self.niks[rb]
            if x != y
        )

    def union(self, a: int, b: int, kind: str) -> bool:
        """Merge unless forbidden; a reviewer's "sama" (kind ``review``) may join far NIKs."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.conflict(ra, rb, check_niks=kind != "review"):
            self.rejected += 1
            return False
        if len(self.niks[ra]) + len(self.cannot[ra]) < len(self.niks[rb]) + len(self.cannot[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.niks[ra] |= self.niks[rb]
        self.cannot[ra] |= self.cannot[rb]
        self.kinds[ra] |= self.kinds[rb] | {kind}
        self.niks[rb], self.cannot[rb], self.kinds[rb] = set(), set(), set()
        self.merges += 1
        return True


@dataclass
class ClusterResult:
    records: int
    components: int
    clusters: int
    model_edges: int
    forced_links: int
    refused_merges: int


def _components(con: duckdb.DuckDBPyConnection, dissolve: set[str]) -> int:
    """Writes the temp table ``link_components(uid, source, component, nik)``: one per record.

    NIK groups in ``dissolve`` fall apart; returns the number of components.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE link_dissolve (component VARCHAR)")
    if dissolve:
        con.executemany("INSERT INTO link_dissolve VALUES (?)", [[c] for c in sorted(dissolve)])
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE link_components AS
        SELECT r.uid, r.source,
               CASE WHEN g.component IN (SELECT component FROM link_dissolve) THEN r.uid
                    ELSE coalesce(g.component, r.uid) END AS component,
               CASE WHEN g.compatible THEN r.nik END AS nik
        FROM link.records r LEFT JOIN link.nik_groups g USING (uid)
        """
    )
    [(n,)] = con.execute("SELECT count(DISTINCT component) FROM link_components").fetchall()
    return int(n)


def _with_keys(con: duckdb.DuckDBPyConnection, name: str, keys: Iterable[str]) -> None:
    """A one-column temp table ``name(key)`` holding ``keys`` (for joins, not list scans)."""
    import pyarrow as pa

    con.register(f"{name}_arrow", pa.table({"key": pa.array(sorted(set(keys)), pa.string())}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT key FROM {name}_arrow")
    finally:
        con.unregister(f"{name}_arrow")


def _uid_components(con: duckdb.DuckDBPyConnection, uids: set[str]) -> dict[str, str]:
    """uid → component, for the few records named by decisions and conflicts."""
    if not uids:
        return {}
    _with_keys(con, "link_named_uids", uids)
    rows = con.execute(
        "SELECT c.uid, c.component FROM link_components c JOIN link_named_uids n ON n.key = c.uid"
    ).fetchall()
    return {str(uid): str(comp) for uid, comp in rows}


def _component_niks(con: duckdb.DuckDBPyConnection, comps: list[str]) -> dict[str, list[str]]:
    """The sound NIKs of each of ``comps`` (only the components the forest handles)."""
    _with_keys(con, "link_touched", comps)
    rows = con.execute(
        """
        SELECT c.component, list(DISTINCT c.nik) FILTER (c.nik IS NOT NULL)
        FROM link_components c JOIN link_touched t ON t.key = c.component
        GROUP BY c.component
        """
    ).fetchall()
    return {str(comp): list(niks or []) for comp, niks in rows}


def _model_edges(con: duckdb.DuckDBPyConnection, threshold: float) -> list[tuple[str, str]]:
    rows = con.execute(
        """
        SELECT least(a.component, b.component), greatest(a.component, b.component),
               max(p.match_probability) AS prob
        FROM link.pairs p
        JOIN link_components a ON a.uid = p.uid_l
        JOIN link_components b ON b.uid = p.uid_r
        WHERE p.match_probability >= ? AND a.component <> b.component
        GROUP BY 1, 2
        ORDER BY prob DESC, 1, 2
        """,
        [threshold],
    ).fetchall()
    return [(a, b) for a, b, _ in rows]


def _established_niks(con: duckdb.DuckDBPyConnection, niks: Iterable[str]) -> set[str]:
    """Which of ``niks`` are surely someone's: in the Disdukcapil register, or agreed by two
    sources.

    Two different established NIKs never merge, even when one digit apart: that is how
    twins and children born the same day look (consecutive serials), not a typo.
    """
    _with_keys(con, "link_touched_niks", niks)
    rows = con.execute(
        """
        SELECT nik FROM link_components
        WHERE nik IN (SELECT key FROM link_touched_niks)
        GROUP BY nik
        HAVING bool_or(source = 'dukcapil') OR count(DISTINCT source) >= 2
        """
    ).fetchall()
    return {nik for (nik,) in rows}


def _dissolved_edges(con: duckdb.DuckDBPyConnection, dissolve: set[str]) -> list[tuple[str, str]]:
    """Member → anchor links of the NIK groups that a review decision dissolved."""
    if not dissolve:
        return []
    return [
        (uid, anchor)
        for uid, anchor in con.execute(
            "SELECT uid, anchor_uid FROM link.nik_groups WHERE compatible AND uid <> anchor_uid "
            "AND component IN (SELECT component FROM link_dissolve) ORDER BY uid"
        ).fetchall()
    ]


def cluster_records(
    con: duckdb.DuckDBPyConnection,
    *,
    threshold: float,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
) -> ClusterResult:
    """Cluster ``link.records``; writes ``link.clusters(uid, cluster_key, kinds)``.

    A reviewer's "beda" inside a NIK group dissolves that group: its records are then
    joined to the group's anchor one by one (kind ``nik``), so the decided pair stays apart.

    Only the components that an edge, a decision or a conflict names go through the
    (Python) forest; every other component is a cluster of its own, written set-based.
    """
    must_link, cannot_link = list(must_link), list(cannot_link)
    _with_keys(con, "link_named_uids", {u for pair in cannot_link for u in pair})
    group_of = dict(
        con.execute(
            "SELECT uid, component FROM link.nik_groups WHERE compatible "
            "AND uid IN (SELECT key FROM link_named_uids)"
        ).fetchall()
    )
    dissolve = {
        group_of[a] for a, b in cannot_link if a in group_of and group_of.get(b) == group_of[a]
    }
    n = _components(con, dissolve)
    conflicts = con.execute(
        "SELECT uid, anchor_uid FROM link.nik_groups WHERE NOT compatible"
    ).fetchall()
    dissolved = _dissolved_edges(con, dissolve)
    edges = _model_edges(con, threshold)
    named = {u for pair in [*conflicts, *cannot_link, *must_link, *dissolved] for u in pair}
    uid_comp = _uid_components(con, named)
    touched = sorted({*uid_comp.values(), *(c for edge in edges for c in edge)})
    index = {comp: i for i, comp in enumerate(touched)}
    comp_niks = _component_niks(con, touched)
    niks = [comp_niks.get(comp, []) for comp in touched]
    m = len(touched)
    forest = _Forest(
        list(range(m)),
        [set(x) for x in niks],
        [set() for _ in range(m)],
        kinds=[set() for _ in range(m)],
        established=_established_niks(con, {nik for x in niks for nik in x}),
    )
    at = {uid: index[comp] for uid, comp in uid_comp.items()}
    for a, b in [*conflicts, *cannot_link]:
        if a in at and b in at:
            ca, cb = at[a], at[b]
            forest.cannot[ca].add(cb)
            forest.cannot[cb].add(ca)
    forced = 0
    for a, b in must_link:
        if a in at and b in at:
            forced += forest.union(at[a], at[b], "review")
    for a, b in dissolved:
        forest.union(at[a], at[b], "nik")
    for comp_a, comp_b in edges:
        forest.union(index[comp_a], index[comp_b], "model")
    roots = [forest.find(i) for i in range(m)]
    records = _write(con, touched, roots, forest)
    return ClusterResult(
        records=records,
        components=n,
        clusters=n - m + len(set(roots)),
        model_edges=len(edges),
        forced_links=forced,
        refused_merges=forest.rejected,
    )


def _write(
    con: duckdb.DuckDBPyConnection,
    touched: list[str],
    roots: list[int],
    forest: _Forest,
) -> int:
    """Write ``link.clusters`` set-based: the key of a cluster is its smallest uid.

    ``touched[i]`` joined the cluster of ``touched[roots[i]]``; other components stay alone.
    """
    import pyarrow as pa

    kinds = [",".join(sorted(forest.kinds[root])) for root in roots]
    con.register(
        "clusters_arrow",
        pa.table(
            {
                "component": pa.array(touched, pa.string()),
                "root": pa.array([touched[root] for root in roots], pa.string()),
                "kinds": pa.array(kinds, pa.string()),
            }
        ),
    )
    try:
        con.execute(
            """
            CREATE OR REPLACE TABLE link.clusters AS
            WITH m AS (
                SELECT c.uid, coalesce(a.root, c.component) AS root,
                       coalesce(a.kinds, '') AS kinds
                FROM link_components c LEFT JOIN clusters_arrow a USING (component)
            )
            SELECT uid::VARCHAR AS uid, (min(uid) OVER (PARTITION BY root))::VARCHAR
                   AS cluster_key, kinds::VARCHAR AS kinds
            FROM m
            """
        )
    finally:
        con.unregister("clusters_arrow")
    [(count,)] = con.execute("SELECT count(*) FROM link.clusters").fetchall()
    return int(count)
