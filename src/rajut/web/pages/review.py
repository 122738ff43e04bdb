"""The clerical review queue: pairs with their match weights, one-click sama/beda.

The queue, the explanation and the decision store are :mod:`rajut.linkage.review` and
:mod:`rajut.linkage.explain`; this module only shows them and records who decided.
Decisions take effect at the next linkage run (``rajut link``), where they override the
model. Decisions in this process are serialised by a lock, so two reviewers clicking the
same pair at once leave one decision in force (the later one) and both in the log.
"""

from __future__ import annotations

import threading
from typing import Any

import duckdb
from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from rajut.errors import RajutError
from rajut.governance.roles import Perm
from rajut.governance.users import Principal
from rajut.linkage.explain import explain_pairs
from rajut.linkage.review import (
    decision_for,
    in_queue,
    list_queue,
    ordered_pair,
    queue_size,
    record_decision,
)
from rajut.web.charts import weight_bars, weight_chart
from rajut.web.context import ctx_of
from rajut.web.i18n import N_, gettext_for
from rajut.web.policy import allow
from rajut.web.render import locale_of, page

router = APIRouter()

#: one decision at a time in this process (DuckDB refuses two concurrent deletes of a row)
_DECIDE_LOCK = threading.Lock()
DEFAULT_PAIRS = 10
MAX_PAIRS = 50
MAX_NOTE = 500


def _cards(request: Request, con: duckdb.DuckDBPyConnection, limit: int) -> list[dict[str, Any]]:
    items = list_queue(con, limit)
    explanations = explain_pairs(con, [(i.uid_l, i.uid_r) for i in items])
    tr = gettext_for(locale_of(request)).gettext
    cards = []
    for index, (item, explanation) in enumerate(zip(items, explanations, strict=True), 1):
        shown_fields = [
            f for f in explanation["fields"] if f["left"] is not None or f["right"] is not None
        ]
        chart = weight_chart(
            weight_bars(explanation, prior_label=tr(N_("Peluang awal"))),
            title=tr(N_("Bobot kecocokan per pembanding")),
        )
        cards.append(
            {
                "index": index,
                "uid_l": item.uid_l,
                "uid_r": item.uid_r,
                "probability": item.match_probability,
                "percent": f"{item.match_probability * 100:.1f}".replace(".", ","),
                "fields": shown_fields,
                "chart": chart,
                "weight": explanation.get("match_weight"),
            }
        )
    return cards


@router.get("/tinjauan")
def review_queue(
    request: Request,
    jumlah: int = Query(DEFAULT_PAIRS, ge=1, le=MAX_PAIRS),
    who: Principal = allow(Perm.REVIEW),
) -> Response:
    """The most uncertain pairs first, each with both records (NIK masked) and a chart."""
    ctx = ctx_of(request)
    with ctx.analytics() as con:
        size = queue_size(con)
        cards = _cards(request, con, jumlah) if size else []
    if cards:  # the cards show personal data: who saw which records is logged
        ctx.record(
            request,
            who,
            "view_person",
            target="tinjauan",
            details={"pairs": [f"{c['uid_l']}|{c['uid_r']}" for c in cards]},
        )
    return page(request, "review.html", cards=cards, size=size, limit=jumlah)


def _verdict(keputusan: str) -> bool:
    value = keputusan.strip().lower()
    if value in ("sama", "beda"):
        return value == "sama"
    raise RajutError(
        "Keputusan tidak dikenal.", "Pilih tombol 'Sama orang' atau 'Beda orang' pada kartu."
    )


@router.post("/tinjauan/putuskan")
def decide(
    request: Request,
    uid_l: str = Form(...),
    uid_r: str = Form(...),
    keputusan: str = Form(...),
    catatan: str = Form(""),
    who: Principal = allow(Perm.REVIEW),
) -> Response:
    """Store "sama orang" / "beda orang" for a queued (or already decided) pair."""
    ctx = ctx_of(request)
    same = _verdict(keputusan)
    note = catatan.strip()[:MAX_NOTE]
    with _DECIDE_LOCK, ctx.analytics() as con:
        if not in_queue(con, uid_l, uid_r) and decision_for(con, uid_l, uid_r) is None:
            raise RajutError(
                "Pasangan ini tidak ada di antrean tinjauan.",
                "Muat ulang halaman Tinjauan; pasangan mungkin sudah disusun ulang oleh "
                "penautan terbaru.",
            )
        try:
            decision = record_decision(con, uid_l, uid_r, same=same, by=who.username, note=note)
        except duckdb.TransactionException as exc:
            raise RajutError(
                "Pasangan ini sedang diubah oleh proses lain.", "Tunggu sebentar lalu klik lagi."
            ) from exc
        remaining = queue_size(con)
    ctx.record(
        request,
        who,
        "review_decision",
        target=f"{decision.uid_l}|{decision.uid_r}",
        details={"keputusan": "sama" if same else "beda", "catatan": note[:200]},
    )
    if request.headers.get("hx-request") != "true":
        return RedirectResponse("/tinjauan", status_code=303)
    uid_a, uid_b = ordered_pair(uid_l, uid_r)
    return page(
        request,
        "review_saved.html",
        uid_l=uid_a,
        uid_r=uid_b,
        same=same,
        note=note,
        remaining=remaining,
    )
