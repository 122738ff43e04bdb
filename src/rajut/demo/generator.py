"""Public entry points: :func:`load_generator_config` and :func:`generate_kabupaten`.

Examples:
    >>> cfg = load_generator_config(None, people=1000, seed=1)  # doctest: +SKIP
    >>> manifest = generate_kabupaten(cfg, Path("out"))  # doctest: +SKIP
    >>> manifest["files"][0]["source"]  # doctest: +SKIP
    'dukcapil'
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import ValidationError
from rich.progress import Progress

from rajut.demo.config import SOURCES, GeneratorConfig
from rajut.demo.exports import dapodik, dtks, dukcapil, eppgbm, pbi_jk
from rajut.demo.exports.common import Part
from rajut.demo.gen.build import build_population
from rajut.demo.gen.regions import place_name
from rajut.demo.gen.state import Population
from rajut.demo.truth import corruption_summary, write_households, write_persons, write_records
from rajut.errors import ConfigError
from rajut.reference.wilayah import load_wilayah

_STATE: dict[str, Any] = {}


def load_generator_config(
    path: Path | None,
    *,
    people: int | None = None,
    seed: int | None = None,
    kabupaten_code: str | None = None,
    workers: int | None = None,
) -> GeneratorConfig:
    """Read a YAML config (optional); keyword arguments given here win over the file.

    Raises:
        ConfigError: the file cannot be read, is not YAML, or has invalid settings.
    """
    data: dict[str, Any] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(
                f"Berkas pengaturan generator {path} tidak bisa dibaca: {exc}.",
                "Periksa jalur berkas dan pastikan isinya YAML yang sah.",
                code="generator-config-unreadable",
            ) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(
                f"Berkas {path} harus berisi pemetaan YAML (kunci: nilai).",
                "Lihat contoh di docs/synthetic-kabupaten.md.",
                code="generator-config-invalid",
            )
        data = dict(loaded or {})
    overrides = (
        ("people", people),
        ("seed", seed),
        ("kabupaten_code", kabupaten_code),
        ("workers", workers),
    )
    for key, value in overrides:
        if value is not None:
            data[key] = value
    try:
        return GeneratorConfig.model_validate(data)
    except ValidationError as exc:
        where = f"berkas {path}" if path else "opsi generator"
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(
            f"Pengaturan generator tidak sah ({where}): {detail}.",
            "Perbaiki nilai yang disebut; jumlah penduduk 1.000–1.000.000, laju 0–1.",
            code="generator-config-invalid",
        ) from exc


def _birthplaces(pop: Population) -> np.ndarray:
    w = load_wilayah()
    prefixes = pop.p["nik"] // 10**10
    uniq, inverse = np.unique(prefixes, return_inverse=True)
    names = [place_name(w, int(u)) for u in uniq]
    return np.asarray(names, dtype=object)[inverse]


def _export_source(source: str) -> list[Part]:
    pop: Population = _STATE["pop"]
    cfg: GeneratorConfig = _STATE["cfg"]
    out: Path = _STATE["out"]
    rng = np.random.default_rng([cfg.seed, 100 + SOURCES.index(source)])
    if source == "dukcapil":
        return dukcapil.export(pop, cfg, out, rng, _STATE["birthplace"])
    if source == "dapodik":
        return dapodik.export(pop, cfg, out, rng, _STATE["birthplace"])
    module = {"dtks": dtks, "eppgbm": eppgbm, "pbi_jk": pbi_jk}[source]
    parts: list[Part] = module.export(pop, cfg, out, rng)
    return parts


def _run_exports(cfg: GeneratorConfig, advance: Callable[[str], None]) -> list[Part]:
    order = ("dtks", "eppgbm", "dukcapil", "dapodik", "pbi_jk")
    results: dict[str, list[Part]] = {}
    if cfg.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=cfg.workers, mp_context=ctx) as pool:
            futures = {s: pool.submit(_export_source, s) for s in order}
            for source, fut in futures.items():
                results[source] = fut.result()
                advance(f"Berkas {source} selesai")
    else:
        for source in order:
            results[source] = _export_source(source)
            advance(f"Berkas {source} selesai")
    return [part for s in SOURCES for part in results[s]]


def _counts(pop: Population, parts: list[Part]) -> dict[str, Any]:
    p = pop.p
    records: dict[str, int] = {}
    for part in parts:
        records[part.source] = records.get(part.source, 0) + len(part.rid)
    return {
        "persons": pop.n_persons,
        "households": pop.n_households,
        "births": int((p["birth"] > pop.window_start).sum()),
        "deaths": int((~np.isnat(p["death"])).sum()),
        "moves": int((~np.isnat(pop.h["move_date"])).sum()),
        "marriages": int((pop.h["parent"] >= 0).sum()),
        "records": records,
    }


def generate_kabupaten(
    cfg: GeneratorConfig, out_dir: Path, *, show_progress: bool = False
) -> dict[str, Any]:
    """Generate every agency file and the ground truth under ``out_dir``; return the manifest."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Progress(disable=not show_progress, transient=True) as progress:
        task = progress.add_task("Membangun penduduk sintetis", total=8)

        def advance(label: str) -> None:
            progress.update(task, advance=1, description=label)

        pop = build_population(cfg)
        _STATE.update(pop=pop, cfg=cfg, out=out, birthplace=_birthplaces(pop))
        advance("Menulis berkas dinas")
        try:
            parts = _run_exports(cfg, advance)
        finally:
            _STATE.clear()
        write_records(out, parts)
        write_persons(out, pop)
        write_households(out, pop)
        advance("Kebenaran dasar ditulis")
    manifest = {
        "kabupaten_code": cfg.kabupaten_code,
        "kabupaten_name": pop.regions.kabupaten_name,
        "people": cfg.people,
        "seed": cfg.seed,
        "window_start": str(pop.window_start),
        "as_of": cfg.as_of.isoformat(),
        "files": [
            {
                "source": x.source,
                "path": x.path,
                "rows": len(x.rid),
                "period": x.period,
                "format": x.fmt,
            }
            for x in parts
        ],
        "truth": {
            "records": "truth/records.csv",
            "persons": "truth/persons.csv",
            "households": "truth/households.csv",
        },
        "counts": _counts(pop, parts),
        "corruption": corruption_summary(cfg, parts),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest
