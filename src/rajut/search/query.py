"""Find persons by name (fuzzy), by NIK (exact or prefix), within a desa or kecamatan.

A name query is normalised like linkage normalises names, cut into token keys
(:mod:`rajut.search.keys`), and each query token is matched against the vocabulary:

* the same key (1.0) — covers case, titles, Muhammad forms, old spelling, doubled letters;
* two neighbouring query tokens written as one name token, ``SITI AMINAH`` ~ ``SITIAMINAH`` (0.9);
* one typo — a letter added, dropped, changed or two swapped — for keys of 4+ letters (0.8);
* an initial, ``A. RIZKI`` ~ ``AHMAD RIZKI``, and (only when nothing else matches) a prefix,
  for typing as you go (0.6);
* a query token that matches nothing but splits into two known tokens is split
  (``SITIAMINAH`` → ``SITI AMINAH``).

Token order does not matter. A person scores the sum of their best match per query token,
divided by the larger of the query's and the person's token counts, so an exact full name
scores 1 and extra or missing name parts lower it. Persons matching every query token come
first; when none does, persons missing one token are offered. Ties break on Jaro-Winkler
similarity of the whole normalised name (DuckDB), then on name.

Scoring runs on dense numpy arrays over the index's postings, so one query costs a few
milliseconds at a million persons whatever the name's frequency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from rajut.privacy.masking import mask_nik
from rajut.reference.wilayah import Wilayah
from rajut.search.index import MIN_FUZZY_LEN, SearchIndex, current_index, deletion_variants
from rajut.search.keys import query_tokens

MAX_LIMIT = 200
_NIK_CHARS = re.compile(r"[\s.\-]")
#: how many top candidates get the Jaro-Winkler tie-break
_RERANK = 200


@dataclass(frozen=True)
class PersonQuery:
    """What to look for: ``text`` (a name or NIK digits), optional desa and kecamatan.

    ``desa`` and ``kecamatan`` accept a code (``33.10.01.2003``) or a name (``Kotesan``).
    """

    text: str = ""
    desa: str = ""
    kecamatan: str = ""
    limit: int = 20


@dataclass(frozen=True)
class SearchHit:
    person_id: str
    name: str
    sex: str | None
    birth_date: date | None
    alive: bool | None
    desa_code: str | None
    desa_name: str | None
    kecamatan_name: str | None
    nik_masked: str | None
    household_id: str | None
    sources: list[str]
    score: float


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    #: persons matching before the limit
    total: int
    #: "nama", "nik" or "desa" (what the query was read as)
    mode: str
    build_id: str
    #: the desa the filter resolved to (codes); empty = no filter
    desa_codes: list[str]


def digits_of(text: str) -> str | None:
    """The digits of a NIK-looking query (spaces, dots, dashes allowed), else ``None``."""
    stripped = _NIK_CHARS.sub("", text)
    return stripped if stripped.isdigit() else None


def _resolve_area(index: SearchIndex, desa: str, kecamatan: str) -> set[int] | None:
    """desa_ids allowed by the filters; ``None`` = no filter; empty = nothing matches."""
    allowed: set[int] | None = None
    for value, code_attr, name_attr in (
        (desa, "code", "name"),
        (kecamatan, "kecamatan_code", "kecamatan_name"),
    ):
        text = " ".join(value.split()).upper()
        if not text:
            continue
        pairs = [
            (d.desa_id, str(getattr(d, code_attr)).upper(), str(getattr(d, name_attr)).upper())
            for d in index.desa
        ]
        exact = {i for i, code, name in pairs if text in (code, name)}
        found = exact or {i for i, _code, name in pairs if text in name}
        allowed = found if allowed is None else allowed & found
    return allowed


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _fuzzy(index: SearchIndex, key: str) -> list[int]:
    if len(key) < MIN_FUZZY_LEN:
        return []
    found: set[int] = set()
    for probe in {key, *deletion_variants(key)}:
        found.update(index.deletions.get(probe, ()))
        if probe != key and probe in index.key_ids:
            found.add(index.key_ids[probe])
    return [k for k in found if _one_edit(index.keys[k], key)]


def _split(index: SearchIndex, key: str) -> list[str] | None:
    best: tuple[int, list[str]] | None = None
    for i in range(2, len(key) - 1):
        left, right = key[:i], key[i:]
        if left in index.key_ids and right in index.key_ids:
            shortest = min(len(left), len(right))
            if best is None or shortest > best[0]:
                best = (shortest, [left, right])
    return best[1] if best else None


def _alternatives(index: SearchIndex, tokens: list[str]) -> list[list[tuple[int, float]]]:
    """Per query token: (vocabulary key id, weight) it may match."""
    out: list[list[tuple[int, float]]] = [[] for _ in tokens]
    for i, key in enumerate(tokens):
        if len(key) == 1:
            out[i] += [(k, 0.6) for k in index.prefixed(key)]
            continue
        exact = index.key_ids.get(key)
        if exact is not None:
            out[i].append((exact, 1.0))
        out[i] += [(k, 0.8) for k in _fuzzy(index, key)]
        if i + 1 < len(tokens):
            joined = index.key_ids.get(key + tokens[i + 1])
            if joined is not None:
                out[i].append((joined, 0.9))
                out[i + 1].append((joined, 0.9))
    for i, key in enumerate(tokens):
        if not out[i] and len(key) >= 3:
            out[i] += [(k, 0.6) for k in index.prefixed(key)]
    return out


def _expand(index: SearchIndex, tokens: list[str]) -> list[str]:
    """Split query tokens that match nothing but are two known tokens run together."""
    out: list[str] = []
    for key in tokens:
        if key not in index.key_ids and not _fuzzy(index, key):
            parts = _split(index, key)
            if parts:
                out += parts
                continue
        out.append(key)
    return out


def _score_names(
    index: SearchIndex, tokens: list[str]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Candidate person idx and their scores (every token matched, else all but one)."""
    alternatives = _alternatives(index, tokens)
    m = len(tokens)
    score = np.zeros(index.size, dtype=np.float32)
    count = np.zeros(index.size, dtype=np.int8)
    scratch = np.zeros(index.size, dtype=np.float32)
    for alts in alternatives:
        if not alts:
            continue
        posts = []
        for key_id, weight in sorted(alts, key=lambda a: a[1]):
            post = index.posting(key_id)
            scratch[post] = weight  # higher weights are written last: the best one stays
            posts.append(post)
        touched = np.concatenate(posts)
        score[touched] += scratch[touched]
        count[touched] += 1
        scratch[touched] = 0.0
    need = m
    candidates = np.flatnonzero(count >= need)
    if candidates.size == 0 and m >= 2:
        need = m - 1
        candidates = np.flatnonzero(count >= need)
    denominator = np.maximum(index.n_tokens[candidates].astype(np.float32), np.float32(m))
    return candidates, (score[candidates] / denominator).astype(np.float64)


def _nik_candidates(index: SearchIndex, digits: str) -> npt.NDArray[np.int64]:
    if len(digits) > 16 or len(digits) < 6:
        return np.zeros(0, dtype=np.int64)
    width = 10 ** (16 - len(digits))
    low = int(digits) * width
    start = int(np.searchsorted(index.nik_sorted, low, side="left"))
    stop = int(np.searchsorted(index.nik_sorted, low + width, side="left"))
    return np.sort(index.nik_idx[start:stop].astype(np.int64))


def _similarity(con: duckdb.DuckDBPyConnection, names: list[str], norm: str) -> list[float]:
    """Jaro-Winkler similarity of each normalised name to the query (one DuckDB call)."""
    if not norm:
        return [0.0] * len(names)
    row = con.execute(
        "SELECT list_transform(CAST(? AS VARCHAR[]), "
        "lambda x: jaro_winkler_similarity(coalesce(x, ''), CAST(? AS VARCHAR)))",
        [names, norm],
    ).fetchone()
    return [float(v or 0.0) for v in (row[0] if row else [])]


def _hits(
    con: duckdb.DuckDBPyConnection,
    index: SearchIndex,
    idx: list[int],
    scores: dict[int, float],
    norm: str,
    limit: int,
) -> list[SearchHit]:
    """Result rows of the best ``idx``: score, then Jaro-Winkler, then name, then id."""
    if not idx or index.rows is None:
        return []
    taken = index.rows.take(pa.array(idx, type=pa.int64())).to_pydict()
    jw = _similarity(con, taken["norm"], norm)
    order = sorted(
        range(len(idx)),
        key=lambda i: (
            -round(scores[idx[i]], 6),
            -jw[i],
            taken["name"][i] or "",
            taken["person_id"][i],
        ),
    )
    return [
        SearchHit(
            person_id=str(taken["person_id"][i]),
            name=str(taken["name"][i] or ""),
            sex=taken["sex"][i],
            birth_date=taken["birth_date"][i],
            alive=taken["alive"][i],
            desa_code=taken["desa_code"][i],
            desa_name=taken["desa_name"][i],
            kecamatan_name=taken["kecamatan_name"][i],
            nik_masked=mask_nik(taken["nik"][i]),
            household_id=taken["household_id"][i],
            sources=list(taken["sources"][i] or []),
            score=round(scores[idx[i]], 3),
        )
        for i in order[:limit]
    ]


def _top(
    candidates: npt.NDArray[np.int64], scores: npt.NDArray[np.float64], k: int
) -> dict[int, float]:
    """The ``k`` best candidates (idx → score), best first."""
    if candidates.size > k:
        keep = np.argpartition(-scores, k - 1)[:k]
        candidates, scores = candidates[keep], scores[keep]
    order = np.lexsort((candidates, -scores))
    return {int(c): float(s) for c, s in zip(candidates[order], scores[order], strict=True)}


def search_persons(
    con: duckdb.DuckDBPyConnection,
    query: PersonQuery,
    wilayah: Wilayah | None = None,
) -> SearchResult:
    """Search the newest build's persons (the index is built on first use per build).

    Query text is only ever a bound parameter or an in-memory key: never SQL.
    """
    index = current_index(con, wilayah)
    limit = max(1, min(query.limit, MAX_LIMIT))
    allowed = _resolve_area(index, query.desa, query.kecamatan)
    desa_codes = sorted(index.desa[i].code for i in allowed) if allowed is not None else []
    text = query.text.strip()
    digits = digits_of(text) if text else None
    norm = ""
    if digits is not None:
        mode = "nik"
        candidates = _nik_candidates(index, digits)
        scores = np.ones(candidates.size, dtype=np.float64)
    elif text:
        mode = "nama"
        tokens = _expand(index, query_tokens(con, text))
        norm = " ".join(tokens)
        if tokens:
            candidates, scores = _score_names(index, tokens)
        else:
            candidates, scores = np.zeros(0, dtype=np.int64), np.zeros(0)
    else:
        mode = "desa"
        if allowed is None:
            return SearchResult([], 0, mode, index.build_id, desa_codes)
        candidates = np.flatnonzero(np.isin(index.desa_of, list(allowed)))
        scores = np.ones(candidates.size, dtype=np.float64)
    if allowed is not None and candidates.size:
        inside = np.isin(index.desa_of[candidates], np.array(sorted(allowed), dtype=np.int16))
        candidates, scores = candidates[inside], scores[inside]
    top = _top(candidates, scores, _RERANK if mode == "nama" else limit)
    hits = _hits(con, index, list(top), top, norm, limit)
    return SearchResult(hits, int(candidates.size), mode, index.build_id, desa_codes)
