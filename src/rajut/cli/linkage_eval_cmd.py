"""``rajut eval linkage`` and ``rajut export links``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rajut.cli.common import JsonOption, WorkspaceOption, emit, workspace_from
from rajut.formatting import thousands
from rajut.linkage.evaluate import LinkageEvaluation, PairScores, evaluate_clusters
from rajut.linkage.export import export_links
from rajut.store import open_store

eval_app = typer.Typer(help="Ukur mutu hasil rajut terhadap kebenaran dasar.", no_args_is_help=True)
export_app = typer.Typer(help="Ekspor hasil rajut ke berkas.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
    app.add_typer(export_app, name="export")


@eval_app.command("linkage")
def eval_linkage(
    truth: Annotated[
        Path, typer.Option("--truth", help="Kebenaran dasar, mis. incoming/truth/records.csv.")
    ],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Presisi, recall, dan F1 berpasangan (keseluruhan dan per pasangan sumber)."""
    ws = workspace_from(workspace)
    with open_store(ws.analytics_db, read_only=True) as store:
        result = evaluate_clusters(store.con, truth)
    emit({"ok": True, **result.to_dict()}, as_json, lambda c: render_evaluation(c, result))


@export_app.command("links")
def export_links_cmd(
    out: Annotated[Path, typer.Option("--out", help="Berkas CSV keluaran.")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tulis source, source_record_id, person_id, household_id, match_probability per rekaman."""
    ws = workspace_from(workspace)
    with open_store(ws.analytics_db, read_only=True) as store:
        result = export_links(store.con, out)

    def render(console: Console) -> None:
        console.print(
            f"{_n(result.rows)} rekaman ditulis ke [bold]{result.path}[/] "
            f"({_n(result.with_person)} punya ID orang, {_n(result.with_household)} punya ID "
            f"keluarga, {_n(result.with_probability)} tertaut ke rekaman lain)."
        )

    emit({"ok": True, **result.to_dict()}, as_json, render)


def _n(count: int) -> str:
    """A count with Indonesian thousands separators (12.829)."""
    return thousands(count)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _score_row(label: str, s: PairScores) -> list[str]:
    counts = (s.true_positives, s.predicted_pairs, s.true_pairs)
    return [label, _fmt(s.precision), _fmt(s.recall), _fmt(s.f1), *(_n(n) for n in counts)]


def render_evaluation(console: Console, r: LinkageEvaluation) -> None:
    """Human rendering of an evaluation: a score table, cluster counts, coverage notes."""
    table = Table(title="Mutu penautan berpasangan")
    for col in ("Pasangan sumber", "Presisi", "Recall", "F1", "Benar", "Diprediksi", "Sejati"):
        first = col == "Pasangan sumber"
        table.add_column(col, justify="left" if first else "right", no_wrap=first)
    table.add_row(*_score_row("[bold]Keseluruhan[/]", r.overall))
    for (sl, sr), scores in sorted(r.source_pairs.items()):
        table.add_row(*_score_row(f"{sl} – {sr}", scores))
    console.print(table)
    c = r.clusters
    console.print(
        f"Orang hasil rajut: {_n(c.predicted_persons)} (sejati {_n(c.true_persons)}); "
        f"tunggal {_n(c.singletons)}; klaster terbesar {_n(c.largest_cluster)} rekaman; "
        f"klaster gabungan keliru {_n(c.over_merged_clusters)}; "
        f"orang terpecah {_n(c.split_persons)}."
    )
    cov = r.coverage
    if cov.missing_from_truth:
        console.print(
            f"[yellow]{_n(cov.missing_from_truth)} rekaman tidak ada di kebenaran dasar "
            f"(tidak dinilai), mis. {', '.join(cov.missing_from_truth_sample)}.[/]"
        )
    if cov.missing_from_clustering:
        console.print(
            f"[yellow]{_n(cov.missing_from_clustering)} rekaman kebenaran dasar tidak ada di hasil "
            f"rajut (tidak dinilai), mis. {', '.join(cov.missing_from_clustering_sample)}.[/]"
        )
