"""Write the standard as Frictionless files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rajut.errors import RajutError
from rajut.standard.descriptors import codelists_document, package_descriptor, table_schema

if TYPE_CHECKING:
    from rajut.standard.standard import Standard


def _write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def export_standard(std: Standard, out_dir: Path) -> list[Path]:
    """Write one ``<table>.schema.json`` per table, ``codelists.json``, ``datapackage.json``.

    Args:
        std: the standard to export.
        out_dir: target folder; created when missing, existing files are overwritten.

    Returns:
        The written paths, schemas first and ``datapackage.json`` last.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [
            _write_json(out_dir / f"{name}.schema.json", table_schema(std, table))
            for name, table in std.tables.items()
        ]
        written.append(_write_json(out_dir / "codelists.json", codelists_document(std)))
        written.append(_write_json(out_dir / "datapackage.json", package_descriptor(std)))
    except OSError as exc:
        raise RajutError(
            f"Standar data tidak bisa ditulis ke folder {out_dir}: {exc.strerror or exc}.",
            "Pilih folder lain yang bisa ditulis, atau periksa izin dan ruang disk.",
            code="standard-export-failed",
        ) from exc
    return written
