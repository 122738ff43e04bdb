"""Generate ``docs/standard.md`` from the YAML definitions.

Run ``python -m rajut.standard.docs > docs/standard.md``; a test fails when the committed
document differs from the generated one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from rajut.standard.loader import load_standard
from rajut.standard.models import CodeList, Table
from rajut.standard.standard import Standard

INTRO = """\
# Standar data rajut

<!-- Berkas ini dibuat otomatis: python -m rajut.standard.docs > docs/standard.md
     Jangan disunting langsung; ubah YAML di src/rajut/standard/. -->

{description}

* Versi standar: **{version}**; Pembina Data: {pembina}; Walidata: {walidata}.
* Setiap tabel diawali kolom asal rekaman `source` dan `record_id`; pasangan itu
  adalah kunci baris dan menghubungkan baris antartabel yang berasal dari rekaman yang sama.
* Metadata kolom mengikuti formulir MS-Var (Peraturan BPS 5/2020): konsep, definisi,
  klasifikasi, satuan, referensi waktu. Kolom **Pribadi** menandai data pribadi (UU 27/2022).
* Ekspor Frictionless (Table Schema per tabel, `codelists.json`, `datapackage.json`):
  `rajut standard export --out FOLDER`. Metadata SDI ada di kunci `rajut:konsep`,
  `rajut:satuan`, dst.
* Kode wilayah tidak disalin ke standar: kolom berklasifikasi `wilayah_kemendagri` dicek
  terhadap `shared/data/wilayah` (Kepmendagri 2025 dan kode lama) lewat
  `rajut.reference.wilayah`.
"""


def _cell(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return " ".join(str(value).split()).replace("|", "\\|")


def _row(values: Iterable[object]) -> str:
    return "| " + " | ".join(_cell(v) for v in values) + " |"


def _table_section(table: Table) -> Iterator[str]:
    yield f"### `{table.name}` — {table.judul}"
    yield ""
    yield " ".join(table.deskripsi.split())
    yield ""
    yield f"* Produsen data: {', '.join(table.produsen)}"
    yield f"* Walidata: {table.walidata}; Pembina Data: {table.pembina_data}"
    yield f"* Frekuensi: {table.frekuensi}"
    yield f"* Level wilayah: {table.level_wilayah}"
    yield f"* Aksesibilitas: {table.aksesibilitas}; data pribadi: {table.kategori_data_pribadi}"
    yield f"* Dasar hukum: {'; '.join(table.dasar_hukum)}"
    yield f"* Kunci baris: {', '.join(table.primary_key)}"
    if table.catatan:
        yield f"* Catatan: {' '.join(table.catatan.split())}"
    yield ""
    yield _row(
        [
            "Kolom",
            "Tipe",
            "Judul",
            "Konsep",
            "Definisi",
            "Klasifikasi",
            "Satuan",
            "Referensi waktu",
            "Aturan",
            "Pribadi",
            "Wajib",
        ]
    )
    yield "|" + " --- |" * 11
    for f in table.fields.values():
        yield _row(
            [
                f"`{f.name}`",
                f.type,
                f.title,
                f.konsep,
                f.definisi,
                f.klasifikasi,
                f.satuan,
                f.referensi_waktu,
                f.rule,
                f.pii,
                f.required,
            ]
        )
    yield ""


def _codelist_section(codelist: CodeList) -> Iterator[str]:
    yield f"### `{codelist.name}` — {codelist.title}"
    yield ""
    yield f"{' '.join(codelist.description.split())} Sumber: {codelist.source}."
    if not codelist.verified:
        yield "**Sebagian isi dari ingatan, belum diverifikasi terhadap dokumen resmi.**"
    yield ""
    yield _row(["Kode", "Label", "Label (en)", "Alias di sumber", "Atribut"])
    yield "| --- | --- | --- | --- | --- |"
    for code in codelist.codes.values():
        attrs = ", ".join(f"{k}={v}" for k, v in code.attributes.items())
        yield _row([f"`{code.code}`", code.label, code.label_en, ", ".join(code.aliases), attrs])
    for source, mapping in codelist.source_codes.items():
        pairs = ", ".join(f"{raw}→{code}" for raw, code in mapping.items())
        yield ""
        yield f"Kode angka `{source}`: {pairs}."
    if codelist.catatan:
        yield ""
        yield f"Catatan: {' '.join(codelist.catatan.split())}"
    yield ""


def _rules_section(std: Standard) -> Iterator[str]:
    yield "## Aturan pembakuan"
    yield ""
    yield _row(["Aturan", "Tipe", "Pola", "Keterangan", "Contoh mentah", "Bentuk baku"])
    yield "| --- | --- | --- | --- | --- | --- |"
    for rule in std.meta.rules.values():
        examples = "; ".join(f"`{e}`" for e in rule.contoh_mentah)
        pattern = f"`{rule.pattern}`" if rule.pattern else None
        baku = f"`{rule.contoh_baku}`" if rule.contoh_baku else None
        yield _row([f"`{rule.name}`", rule.type, pattern, rule.description, examples, baku])
    yield ""


def render_markdown(std: Standard) -> str:
    """The whole ``docs/standard.md`` text."""
    meta = std.meta
    lines = [
        INTRO.format(
            description=" ".join(meta.description.split()),
            version=meta.version,
            pembina=meta.pembina_data,
            walidata=meta.walidata,
        ),
        "## Tabel baku",
        "",
    ]
    for table in std.tables.values():
        lines.extend(_table_section(table))
    lines.extend(_rules_section(std))
    lines.extend(["## Daftar kode (klasifikasi)", ""])
    for codelist in std.codelists.values():
        lines.extend(_codelist_section(codelist))
    for ext in meta.external_codelists.values():
        lines.append(f"### `{ext.name}` — {ext.title} (eksternal)")
        lines.extend(["", f"{' '.join(ext.description.split())} Sumber: {ext.source}.", ""])
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    sys.stdout.write(render_markdown(load_standard()))


if __name__ == "__main__":
    main()
