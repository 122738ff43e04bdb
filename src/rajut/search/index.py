"""Build the person-search index of one integrated build, and load it into memory.

The index lives in the analytics store, schema ``search`` (rebuilt when a newer build
appears; only the newest build is indexed):

``search.meta``    the indexed ``build_id``, when, how many persons, seconds taken
``search.desa``    the desa present in the build, with desa/kecamatan names (``desa_id``)
``search.person``  one row per golden person: ``idx`` (0..n-1), display fields, ``norm``
``search.token``   inverted index: (token ``key``, person ``idx``), sorted by key

Building is a few set-based SQL statements plus a Python pass over the *vocabulary* (the
distinct name tokens), so it stays cheap at a million persons. Queries do not touch the
token table: :func:`load_index` reads it once per build into sorted numpy arrays (a CSR
posting list, about 4 bytes per name token) plus a deletion-neighbourhood dictionary of
the vocabulary for one-typo matches.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from rajut.integrate.schema import latest_build_id
from rajut.reference.wilayah import Wilayah
from rajut.search.errors import SearchError
from rajut.search.keys import token_key
from rajut.standardize.rules.names import norm_sql
from rajut.store import table_exists

#: shortest key that gets one-typo matches (shorter ones only match exactly)
MIN_FUZZY_LEN = 4

_DDL = """
CREATE SCHEMA IF NOT EXISTS search;
CREATE TABLE IF NOT EXISTS search.meta (
    build_id VARCHAR NOT NULL, indexed_at TIMESTAMP NOT NULL, persons BIGINT NOT NULL,
    seconds DOUBLE NOT NULL
);
"""


@dataclass(frozen=True)
class IndexSummary:
    build_id: str
    persons: int
    tokens: int
    seconds: float


def _vocabulary_keys(con: duckdb.DuckDBPyConnection) -> None:
    raw = [str(r[0]) for r in con.execute("SELECT DISTINCT tok FROM _search_raw").fetchall()]
    keys = [token_key(t) for t in raw]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _search_keys AS "
        "SELECT unnest(?::VARCHAR[]) AS tok, unnest(?::VARCHAR[]) AS key",
        [raw, keys],
    )


def _desa_rows(
    con: duckdb.DuckDBPyConnection, wilayah: Wilayah | None
) -> tuple[list[str], list[str], list[str], list[str]]:
    codes = [
        str(r[0])
        for r in con.execute(
            "SELECT DISTINCT desa_code FROM _search_src WHERE desa_code IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]

    def name_of(code: str | None) -> str:
        if not code or wilayah is None:
            return code or ""
        region = wilayah.get(code)
        return region.name if region else code

    kec = [c.rpartition(".")[0] for c in codes]
    return codes, [name_of(c) for c in codes], kec, [name_of(k) for k in kec]


def build_search_index(
    con: duckdb.DuckDBPyConnection,
    wilayah: Wilayah | None = None,
    build_id: str | None = None,
) -> IndexSummary:
    """Index the persons of ``build_id`` (default: the newest build) in schema ``search``.

    Replaces any earlier index in one transaction. ``wilayah`` names the desa and
    kecamatan (codes are shown when it is not given). Call it after a build; searches also
    build it lazily when the newest build is not indexed yet.
    """
    started = time.perf_counter()
    build = build_id or latest_build_id(con)
    if build is None:
        raise SearchError(
            "Belum ada data terpadu untuk dicari.",
            "Minta walidata menjalankan linkage lalu membangun data terpadu (menu Administrasi).",
            code="search-no-build",
        )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_DDL)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _search_src AS "
            "SELECT * FROM integ.person WHERE build_id = ?",
            [build],
        )
        codes, names, kec_codes, kec_names = _desa_rows(con, wilayah)
        con.execute(
            "CREATE OR REPLACE TABLE search.desa AS SELECT "
            "(generate_subscripts(?::VARCHAR[], 1) - 1)::SMALLINT AS desa_id, "
            "unnest(?::VARCHAR[]) AS desa_code, unnest(?::VARCHAR[]) AS desa_name, "
            "unnest(?::VARCHAR[]) AS kecamatan_code, unnest(?::VARCHAR[]) AS kecamatan_name",
            [codes, codes, names, kec_codes, kec_names],
        )
        norm = norm_sql("upper(coalesce(p.name, ''))")
        con.execute(
            f"""
            CREATE OR REPLACE TABLE search.person AS
            SELECT (row_number() OVER (ORDER BY p.person_id) - 1)::INTEGER AS idx,
                   p.person_id, p.nik, p.kk_number, p.name, {norm} AS norm, p.sex,
                   p.birth_date, p.alive, p.desa_code, coalesce(d.desa_id, -1) AS desa_id,
                   d.desa_name, d.kecamatan_name, p.household_id, p.sources
            FROM _search_src p LEFT JOIN search.desa d USING (desa_code)
            ORDER BY idx
            """
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _search_raw AS "
            "SELECT idx, unnest(string_split(norm, ' ')) AS tok FROM search.person "
            "WHERE norm <> ''"
        )
        _vocabulary_keys(con)
        con.execute(
            "CREATE OR REPLACE TABLE search.token AS "
            "SELECT DISTINCT k.key, r.idx FROM _search_raw r JOIN _search_keys k USING (tok) "
            "WHERE k.key <> '' ORDER BY k.key, r.idx"
        )
        persons = _scalar(con, "SELECT count(*) FROM search.person")
        tokens = _scalar(con, "SELECT count(*) FROM search.token")
        seconds = time.perf_counter() - started
        con.execute("DELETE FROM search.meta")
        con.execute(
            "INSERT INTO search.meta VALUES (?, ?, ?, ?)",
            [build, datetime.now(), persons, seconds],
        )
        for temp in ("_search_src", "_search_raw", "_search_keys"):
            con.execute(f"DROP TABLE IF EXISTS {temp}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return IndexSummary(build, persons, tokens, time.perf_counter() - started)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Iterable[object] = ()) -> int:
    row = con.execute(sql, list(params)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def indexed_build(con: duckdb.DuckDBPyConnection) -> str | None:
    """The build id the ``search`` schema holds, or ``None``."""
    if not table_exists(con, "search", "meta"):
        return None
    row = con.execute("SELECT build_id FROM search.meta").fetchone()
    return str(row[0]) if row else None


@dataclass(frozen=True)
class Desa:
    desa_id: int
    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str


@dataclass
class SearchIndex:
    """One build's index in memory: vocabulary, postings, per-person arrays."""

    build_id: str
    keys: list[str]
    key_ids: dict[str, int]
    offsets: npt.NDArray[np.int64]
    postings: npt.NDArray[np.int32]
    n_tokens: npt.NDArray[np.int8]
    desa_of: npt.NDArray[np.int16]
    nik_sorted: npt.NDArray[np.int64]
    nik_idx: npt.NDArray[np.int32]
    desa: list[Desa]
    deletions: dict[str, list[int]] = field(default_factory=dict)
    #: what a hit shows, one row per person in idx order (taken by position, never scanned)
    rows: pa.Table | None = None

    @property
    def size(self) -> int:
        return int(self.n_tokens.shape[0])

    def posting(self, key_id: int) -> npt.NDArray[np.int32]:
        return self.postings[self.offsets[key_id] : self.offsets[key_id + 1]]

    def prefixed(self, prefix: str, limit: int = 400) -> list[int]:
        """Key ids of vocabulary keys starting with ``prefix`` (at most ``limit``)."""
        start = bisect.bisect_left(self.keys, prefix)
        out: list[int] = []
        for i in range(start, min(start + limit, len(self.keys))):
            if not self.keys[i].startswith(prefix):
                break
            out.append(i)
        return out


def deletion_variants(key: str) -> set[str]:
    """``key`` with one letter deleted, every way (the symmetric-delete neighbourhood)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def load_index(con: duckdb.DuckDBPyConnection) -> SearchIndex:
    """Read the ``search`` schema into memory (about a second at a million persons)."""
    build = indexed_build(con)
    if build is None:
        raise SearchError(
            "Indeks pencarian belum dibuat.",
            "Jalankan pencarian sekali lagi; indeks dibuat otomatis dari build terbaru.",
            code="search-no-index",
        )
    vocab = con.execute(
        "SELECT key, count(*) FROM search.token GROUP BY key ORDER BY key"
    ).fetchall()
    keys = [str(r[0]) for r in vocab]
    counts = np.array([int(r[1]) for r in vocab], dtype=np.int64)
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    postings = (
        con.execute("SELECT idx FROM search.token ORDER BY key, idx").fetchnumpy()["idx"]
    ).astype(np.int32)
    n = _scalar(con, "SELECT count(*) FROM search.person")
    n_tokens = np.bincount(postings, minlength=n).astype(np.int8)
    desa_of = (
        con.execute("SELECT desa_id FROM search.person ORDER BY idx").fetchnumpy()["desa_id"]
    ).astype(np.int16)
    nik = con.execute(
        "SELECT CAST(nik AS BIGINT) AS nik, idx FROM search.person "
        "WHERE regexp_full_match(nik, '[0-9]{16}') ORDER BY 1"
    ).fetchnumpy()
    desa = [
        Desa(int(r[0]), str(r[1]), str(r[2] or r[1]), str(r[3]), str(r[4] or r[3]))
        for r in con.execute(
            "SELECT desa_id, desa_code, desa_name, kecamatan_code, kecamatan_name "
            "FROM search.desa ORDER BY desa_id"
        ).fetchall()
    ]
    deletions: dict[str, list[int]] = {}
    for key_id, key in enumerate(keys):
        if len(key) >= MIN_FUZZY_LEN:
            for variant in deletion_variants(key):
                deletions.setdefault(variant, []).append(key_id)
    return SearchIndex(
        build_id=build,
        keys=keys,
        key_ids={k: i for i, k in enumerate(keys)},
        offsets=offsets,
        postings=postings,
        n_tokens=n_tokens,
        desa_of=desa_of,
        nik_sorted=np.asarray(nik["nik"], dtype=np.int64),
        nik_idx=np.asarray(nik["idx"], dtype=np.int32),
        desa=desa,
        deletions=deletions,
        rows=con.sql(f"SELECT {HIT_COLUMNS} FROM search.person ORDER BY idx")
        .to_arrow_table()
        .combine_chunks(),
    )


def _database_file(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return str(row[0]) if row and row[0] else ""


#: the columns of ``search.person`` kept in memory for result rows
HIT_COLUMNS = (
    "person_id, name, norm, sex, birth_date, alive, desa_code, desa_name, kecamatan_name, "
    "nik, household_id, sources"
)

_CACHE: dict[str, SearchIndex] = {}
_LOCK = threading.Lock()


def current_index(con: duckdb.DuckDBPyConnection, wilayah: Wilayah | None = None) -> SearchIndex:
    """The in-memory index of the newest build (built and loaded on first use per build)."""
    newest = latest_build_id(con)
    if newest is None:
        raise SearchError(
            "Belum ada data terpadu untuk dicari.",
            "Minta walidata menjalankan linkage lalu membangun data terpadu (menu Administrasi).",
            code="search-no-build",
        )
    db = _database_file(con)
    if not db:  # an in-memory database: nothing to share it with, load every time
        if indexed_build(con) != newest:
            build_search_index(con, wilayah, newest)
        return load_index(con)
    cached = _CACHE.get(db)
    if cached is not None and cached.build_id == newest:
        return cached
    with _LOCK:
        cached = _CACHE.get(db)
        if cached is not None and cached.build_id == newest:
            return cached
        if indexed_build(con) != newest:
            build_search_index(con, wilayah, newest)
        index = load_index(con)
        _CACHE[db] = index
        return index


def forget_cached_indexes() -> None:
    """Drop the in-memory indexes (tests; a rebuilt index is picked up by build id anyway)."""
    with _LOCK:
        _CACHE.clear()
