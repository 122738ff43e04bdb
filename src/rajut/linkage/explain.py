"""Why two records are (not) the same person: ``explain_pair`` (CLI and web app).

The explanation is plain data (JSON-ready):

``fields``         both records' values side by side, with Bahasa labels (NIK and No. KK masked)
``deterministic``  whether the pair shares a sound NIK and what the NIK pass did with it
``decision``       the clerical review decision in force, if any (it overrides the model)
``person``         both records' current person IDs and whether they are the same person now
``comparisons``    per model comparison: ``{comparison, label, level, level_key, weight}``
                   (Bahasa labels) — the match weight (log2 Bayes factor) of the level the
                   pair falls in; ``prior_weight`` is the weight before any evidence
``match_weight``   the sum of the prior and the comparison weights; ``match_probability``
                   the model's final probability

The model is the latest one stored by ``rajut link`` in ``link.models``; scoring goes
through :func:`rajut.linkage.probabilistic.score_pairs` (nothing here touches Splink).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from rajut.linkage.review import (
    ReviewError,
    check_uids,
    decision_for,
    decision_history,
    ordered_pair,
    table_exists,
)
from rajut.privacy import mask_nik

if TYPE_CHECKING:
    from rajut.linkage.probabilistic import LinkageModel, PairExplanation

#: Record fields shown side by side: (column, Bahasa label); masked columns are listed below.
FIELDS = (
    ("source", "Sumber"),
    ("record_id", "ID rekaman"),
    ("name_display", "Nama"),
    ("nik_raw", "NIK"),
    ("nik_float", "NIK dari sel angka Excel"),
    ("kk_number", "No. KK"),
    ("sex", "Jenis kelamin"),
    ("birth_date", "Tanggal lahir"),
    ("birth_date_weak", "Tanggal lahir bawaan (bukti lemah)"),
    ("birth_place", "Tempat lahir"),
    ("mother_name_norm", "Nama ibu"),
    ("mother_nik", "NIK ibu"),
    ("desa_code", "Kode desa"),
    ("household_ref", "ID keluarga di sumber"),
    ("alive", "Masih hidup"),
)
MASKED = frozenset({"nik_raw", "kk_number", "mother_nik"})

#: ``score_pairs(con, model, pairs) -> list[PairExplanation]`` (see rajut.linkage.probabilistic)
Scorer = Callable[
    [duckdb.DuckDBPyConnection, "LinkageModel", Sequence[tuple[str, str]]],
    Sequence["PairExplanation"],
]


def _load_records(con: duckdb.DuckDBPyConnection, uids: tuple[str, str]) -> list[dict[str, Any]]:
    cols = ["uid", "nik", *(c for c, _ in FIELDS)]
    rows = con.execute(
        f"SELECT {', '.join(cols)} FROM link.records WHERE uid IN (?, ?)", list(uids)
    ).fetchall()
    by_uid = {row[0]: dict(zip(cols, row, strict=True)) for row in rows}
    return [by_uid[u] for u in uids]


def _shown(column: str, value: Any) -> Any:
    if column in MASKED:
        return mask_nik(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def side_by_side(left: dict[str, Any], right: dict[str, Any]) -> list[dict[str, Any]]:
    """Fields of two records as ``{field, label, left, right, same}`` (masked where needed)."""
    out = []
    for column, label in FIELDS:
        a, b = left.get(column), right.get(column)
        same = None if a is None or b is None else a == b
        out.append(
            {
                "field": column,
                "label": label,
                "left": _shown(column, a),
                "right": _shown(column, b),
                "same": same,
            }
        )
    return out


def _nik_groups(con: duckdb.DuckDBPyConnection, uids: tuple[str, str]) -> dict[str, Any]:
    if not table_exists(con, "link", "nik_groups"):
        return {}
    rows = con.execute(
        "SELECT uid, component, compatible FROM link.nik_groups WHERE uid IN (?, ?)", list(uids)
    ).fetchall()
    return {uid: (component, bool(compatible)) for uid, component, compatible in rows}


def deterministic_reason(
    con: duckdb.DuckDBPyConnection, left: dict[str, Any], right: dict[str, Any]
) -> dict[str, Any]:
    """What the NIK pass says about the pair: ``{shared_nik, linked, reason}``."""
    nik_l, nik_r = left.get("nik"), right.get("nik")
    raw_l, raw_r = left.get("nik_raw"), right.get("nik_raw")
    if nik_l is not None and nik_l == nik_r:
        groups = _nik_groups(con, (left["uid"], right["uid"]))
        comp_l, comp_r = groups.get(left["uid"]), groups.get(right["uid"])
        masked = mask_nik(nik_l)
        if comp_l and comp_r and not (comp_l[1] and comp_r[1]):
            reason = (
                f"Keduanya memakai NIK sah yang sama ({masked}), tetapi namanya tidak cocok: "
                "dianggap NIK ganda dan tidak digabung otomatis."
            )
            return {"shared_nik": True, "linked": False, "reason": reason}
        reason = (
            f"Ditautkan pasti: keduanya memakai NIK sah yang sama ({masked}) yang cocok "
            "dengan tanggal lahir dan jenis kelamin masing-masing."
        )
        return {"shared_nik": True, "linked": True, "reason": reason}
    if raw_l is not None and raw_l == raw_r:
        reason = (
            f"NIK tertulis sama ({mask_nik(raw_l)}) tetapi tidak sah sebagai kunci pasti untuk "
            "sedikitnya satu rekaman (misalnya tidak cocok dengan tanggal lahir atau jenis "
            "kelamin, atau terpotong Excel); keputusan diserahkan ke model."
        )
        return {"shared_nik": False, "linked": False, "reason": reason}
    return {"shared_nik": False, "linked": False, "reason": "Tidak berbagi NIK sah yang sama."}


def current_persons(con: duckdb.DuckDBPyConnection, uids: tuple[str, str]) -> dict[str, Any]:
    """Current person IDs of both records (``link.record_person``) and whether they match."""
    if not table_exists(con, "link", "record_person"):
        return {"left": None, "right": None, "same_person": None}
    found = dict(
        con.execute(
            "SELECT uid, person_id FROM link.record_person WHERE uid IN (?, ?)", list(uids)
        ).fetchall()
    )
    left, right = found.get(uids[0]), found.get(uids[1])
    same = None if left is None or right is None else left == right
    return {"left": left, "right": right, "same_person": same}


def stored_probability(con: duckdb.DuckDBPyConnection, uids: tuple[str, str]) -> float | None:
    """The pair's probability in ``link.pairs`` (None when it was not a candidate)."""
    if not table_exists(con, "link", "pairs"):
        return None
    rows = con.execute(
        "SELECT max(match_probability) FROM link.pairs "
        "WHERE (uid_l = ? AND uid_r = ?) OR (uid_l = ? AND uid_r = ?)",
        [uids[0], uids[1], uids[1], uids[0]],
    ).fetchall()
    return None if rows[0][0] is None else float(rows[0][0])


# --- the model ----------------------------------------------------------------------------


def latest_model(con: duckdb.DuckDBPyConnection) -> tuple[str, str, LinkageModel] | None:
    """``(model_id, created_at, LinkageModel)`` of the newest stored model, or None."""
    if not table_exists(con, "link", "models"):
        return None
    rows = con.execute(
        "SELECT model_id, created_at, model_json FROM link.models "
        "ORDER BY created_at DESC, model_id DESC LIMIT 1"
    ).fetchall()
    if not rows:
        return None
    from rajut.linkage.probabilistic import LinkageModel

    model_id, created_at, model_json = rows[0]
    return str(model_id), _shown("", created_at), LinkageModel.from_json(model_json)


def comparison_rows(explanation: PairExplanation) -> list[dict[str, Any]]:
    """Per comparison: ``{comparison, label, level, level_key, weight}`` (chart-ready)."""
    return [
        {
            "comparison": c.name,
            "label": c.label,
            "level": c.level_label,
            "level_key": c.level,
            "weight": round(float(c.match_weight), 4),
        }
        for c in explanation.comparisons
    ]


def _default_scorer() -> Scorer:
    from rajut.linkage.probabilistic import score_pairs

    return score_pairs


def model_explanation(
    con: duckdb.DuckDBPyConnection,
    uids: tuple[str, str],
    model: LinkageModel,
    scorer: Scorer | None = None,
) -> dict[str, Any]:
    """Score one pair with a model: comparisons, prior, total weight and probability."""
    score = scorer or _default_scorer()
    [scored] = score(con, model, [uids])
    return {
        "comparisons": comparison_rows(scored),
        "prior_weight": round(float(scored.prior_weight), 4),
        "match_weight": round(float(scored.match_weight), 4),
        "match_probability": float(scored.match_probability),
    }


# --- the whole explanation ----------------------------------------------------------------


def _summary(result: dict[str, Any]) -> str:
    parts = []
    prob = result["match_probability"]
    if prob is not None:
        parts.append(f"Model: peluang sama orang {format_percent(prob)}.")
    else:
        parts.append("Model probabilistik belum tersedia (jalankan `rajut link`).")
    det = result["deterministic"]
    if det["shared_nik"]:
        parts.append(det["reason"])
    decision = result["decision"]
    if decision is not None:
        parts.append(
            f"Keputusan tinjauan: {'sama' if decision['same'] else 'beda'} orang "
            f"(oleh {decision['decided_by'] or '-'}); keputusan ini mengalahkan model."
        )
    same = result["person"]["same_person"]
    if same is not None:
        parts.append("Saat ini: orang yang sama." if same else "Saat ini: orang berbeda.")
    return " ".join(parts)


def format_percent(p: float) -> str:
    """A probability as an Indonesian percentage, e.g. ``0.9731`` → ``'97,31 %'``."""
    return f"{p * 100:.2f}".replace(".", ",") + " %"


def explain_pair(
    con: duckdb.DuckDBPyConnection,
    uid_a: str,
    uid_b: str,
    *,
    model: LinkageModel | None = None,
    scorer: Scorer | None = None,
) -> dict[str, Any]:
    """Explain the pair ``uid_a``/``uid_b`` (``source:record_id``, any order).

    Args:
        model: a ``LinkageModel``; by default the newest one in ``link.models`` (none stored:
            the explanation has no comparisons and ``match_probability`` is None).
        scorer: replaces ``rajut.linkage.probabilistic.score_pairs`` (tests, caching).

    Raises:
        ReviewError: a uid is malformed or not in ``link.records`` (Bahasa message).

    Examples:
        ``explain_pair(con, "dukcapil:100000000907", "dtks:1000000000782")["comparisons"]``
        → ``[{"comparison": "name", "label": "Nama", "level": "Sama persis", "weight": 7.1},
        …]``
    """
    check_uids(con, uid_a, uid_b)
    uids = ordered_pair(uid_a, uid_b)
    left, right = _load_records(con, uids)
    found = latest_model(con) if model is None else ("", "", model)
    scored: dict[str, Any] = {
        "comparisons": [],
        "prior_weight": None,
        "match_weight": None,
        "match_probability": None,
    }
    if found is not None:
        scored = model_explanation(con, uids, found[2], scorer)
    decision = decision_for(con, *uids)
    result: dict[str, Any] = {
        "uid_l": uids[0],
        "uid_r": uids[1],
        "fields": side_by_side(left, right),
        "deterministic": deterministic_reason(con, left, right),
        "decision": None if decision is None else decision.to_dict(),
        "decision_history": len(decision_history(con, *uids)),
        "person": current_persons(con, uids),
        "model": None
        if found is None
        else {"model_id": found[0] or None, "created_at": found[1] or None},
        "pair_probability": stored_probability(con, uids),
        **scored,
    }
    result["summary"] = _summary(result)
    return result


def explain_pairs(
    con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    """:func:`explain_pair` for many pairs, scoring them all in one pass of the model.

    Scoring prepares every record once (term frequencies are computed over the whole
    data), so a review page with ten pairs costs one scoring run instead of ten.
    """
    if not pairs:
        return []
    for a, b in pairs:
        check_uids(con, a, b)
    ordered = [ordered_pair(a, b) for a, b in pairs]
    found = latest_model(con)
    if found is None:
        return [explain_pair(con, a, b) for a, b in ordered]
    model = found[2]
    scored = {(s.uid_l, s.uid_r): s for s in _default_scorer()(con, model, ordered)}

    def cached(
        _con: duckdb.DuckDBPyConnection, _model: LinkageModel, wanted: Sequence[tuple[str, str]]
    ) -> list[PairExplanation]:
        return [scored[tuple(p)] for p in wanted]  # type: ignore[index]

    return [explain_pair(con, a, b, model=model, scorer=cached) for a, b in ordered]


__all__ = ["ReviewError", "explain_pair", "explain_pairs", "format_percent", "side_by_side"]
