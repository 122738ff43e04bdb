"""TEMP tables the rules refer to (created once per DuckDB connection)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from rajut.errors import ReferenceDataError
from rajut.reference import Wilayah
from rajut.reference.wilayah import from_nik_prefix, nik_prefix
from rajut.standardize.rules.desa import desa_norm_sql, kecamatan_norm_sql


def _kabupaten(wilayah: Wilayah, kabupaten_code: str) -> str:
    code = kabupaten_code.strip()
    if len(code) == 4 and code.isdigit():
        code = f"{code[:2]}.{code[2:]}"
    region = wilayah.regions.get(code)
    if region is None or region.level != "kabupaten_kota":
        raise ReferenceDataError(
            f"Kode kabupaten/kota {kabupaten_code!r} tidak ada di daftar Kemendagri.",
            "Gunakan kode kabupaten/kota bertitik, mis. 33.10 untuk Kabupaten Klaten.",
            code="unknown-kabupaten",
        )
    return code


def register_reference_tables(
    con: duckdb.DuckDBPyConnection, wilayah: Wilayah, kabupaten_code: str
) -> None:
    """Create the TEMP tables used by the rules on ``con``.

    * ``ref_kecamatan_prefix(prefix)`` — 6-digit NIK prefixes of every current and retired
      kecamatan in Indonesia (NIKs are issued everywhere);
    * ``ref_desa(code, name, name_norm, kecamatan_code, kecamatan_name_norm)`` — current desa
      of the kabupaten, names normalised with the same SQL the ``desa`` rule uses;
    * ``ref_desa_all(code)`` — every current and retired desa code in Indonesia.

    Raises:
        ReferenceDataError: ``kabupaten_code`` is not a Kemendagri kabupaten/kota.
    """
    kab = _kabupaten(wilayah, kabupaten_code)
    prefixes = sorted(wilayah.kecamatan_prefixes)
    kecamatan = wilayah.children(kab)
    desa_rows = [(d, k) for k in kecamatan for d in wilayah.children(k.code)]
    all_desa = [r.code for r in wilayah.iter_level("desa_kelurahan", include_retired=True)]
    tables = {
        "prefix": pa.table({"prefix": prefixes}),
        "desa": pa.table(
            {
                "code": [d.code for d, _ in desa_rows],
                "name": [d.name for d, _ in desa_rows],
                "kecamatan_code": [k.code for _, k in desa_rows],
                "kecamatan_name": [k.name for _, k in desa_rows],
            },
            schema=pa.schema(
                [(c, pa.string()) for c in ("code", "name", "kecamatan_code", "kecamatan_name")]
            ),
        ),
        "all": pa.table({"code": all_desa}),
    }
    for key, table in tables.items():
        con.register(f"_rj_src_{key}", table)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ref_kecamatan_prefix AS "
            "SELECT CAST(prefix AS VARCHAR) AS prefix FROM _rj_src_prefix"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ref_desa AS SELECT code, name, "
            f"{desa_norm_sql('name')} AS name_norm, kecamatan_code, "
            f"{kecamatan_norm_sql('kecamatan_name')} AS kecamatan_name_norm FROM _rj_src_desa"
        )
        con.execute("CREATE OR REPLACE TEMP TABLE ref_desa_all AS SELECT code FROM _rj_src_all")
    finally:
        for key in tables:
            con.unregister(f"_rj_src_{key}")


__all__ = ["from_nik_prefix", "nik_prefix", "register_reference_tables"]
