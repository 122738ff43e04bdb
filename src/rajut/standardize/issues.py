"""Catalogue of every issue a standardisation rule can report.

Messages are Bahasa Indonesia and may use ``{column}`` (the source column) and ``{value}``
(the original text). Only issues that make a row unusable are ``error``; everything here is a
``warning`` by default and a data contract may raise a warning to an error for one field
(e.g. ``value-missing`` on a required field).

Run ``python -m rajut.standardize.issues > docs/issues.md`` to regenerate the user document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class IssueType:
    """One kind of data-quality issue (texts in Bahasa Indonesia)."""

    code: str
    severity: Severity
    title: str
    message: str
    hint: str


def _w(code: str, title: str, message: str, hint: str) -> IssueType:
    return IssueType(code, "warning", title, message, hint)


_ALL: tuple[IssueType, ...] = (
    _w(
        "value-missing",
        "Nilai kosong",
        "Kolom {column} kosong.",
        "Isi kolom ini di sumber data bila wajib.",
    ),
    _w(
        "value-unmapped",
        "Nilai tidak dikenal",
        "Nilai '{value}' di kolom {column} tidak ada dalam daftar kode.",
        "Perbaiki nilai di sumber, atau tambahkan padanannya di peta nilai kontrak data.",
    ),
    _w(
        "number-invalid",
        "Bukan angka",
        "Nilai '{value}' di kolom {column} bukan angka yang sah.",
        "Tulis angka saja, mis. 1234 atau 1.234,5 (tanpa huruf atau satuan).",
    ),
    _w(
        "number-out-of-range",
        "Angka di luar batas",
        "Angka '{value}' di kolom {column} di luar rentang yang diizinkan.",
        "Periksa kembali nilai ini; mungkin salah ketik atau salah satuan.",
    ),
    _w(
        "date-invalid",
        "Tanggal tidak terbaca",
        "Nilai '{value}' di kolom {column} tidak bisa dibaca sebagai tanggal yang sah.",
        "Gunakan format hari-bulan-tahun, mis. 12-08-1980 atau 12 Agustus 1980.",
    ),
    _w(
        "date-future",
        "Tanggal di masa depan",
        "Tanggal '{value}' di kolom {column} jatuh setelah tanggal acuan.",
        "Periksa tahun; tahun dua digit mungkin salah ditafsirkan.",
    ),
    _w(
        "date-default",
        "Tanggal bawaan",
        "Tanggal '{value}' di kolom {column} adalah tanggal bawaan (1 Juli atau 31 Desember) "
        "yang dipakai bila tanggal lahir tidak diketahui.",
        "Anggap tanggal ini perkiraan; jangan dipakai sebagai bukti kecocokan.",
    ),
    _w(
        "name-missing",
        "Nama kosong",
        "Nama di kolom {column} kosong.",
        "Isi nama lengkap sesuai KK/KTP-el.",
    ),
    _w(
        "name-invalid",
        "Nama tidak wajar",
        "Nama '{value}' di kolom {column} berisi angka atau tidak berisi huruf.",
        "Tulis nama dengan huruf saja, sesuai KK/KTP-el.",
    ),
    _w(
        "name-placeholder",
        "Nama sementara bayi",
        "Nama '{value}' di kolom {column} adalah nama sementara bayi (mis. 'By. Ny. …').",
        "Perbarui dengan nama anak setelah akta kelahiran terbit.",
    ),
    _w(
        "nik-missing",
        "NIK kosong",
        "NIK di kolom {column} kosong.",
        "Isi NIK 16 digit sesuai KK/KTP-el.",
    ),
    _w(
        "nik-length",
        "Panjang NIK salah",
        "NIK '{value}' di kolom {column} tidak 16 digit.",
        "Periksa NIK pada KK/KTP-el; simpan kolom sebagai teks di Excel.",
    ),
    _w(
        "nik-not-digits",
        "NIK berisi bukan angka",
        "NIK '{value}' di kolom {column} berisi huruf atau tanda baca.",
        "NIK hanya berisi 16 angka; periksa salah ketik.",
    ),
    _w(
        "nik-excel-float",
        "NIK rusak oleh Excel",
        "NIK '{value}' di kolom {column} tampaknya pernah disimpan sebagai angka di Excel "
        "(notasi ilmiah atau digit terakhir menjadi 0).",
        "Ambil ulang NIK dari sumber asli dan format kolom sebagai Teks sebelum mengetik.",
    ),
    _w(
        "nik-region-unknown",
        "Kode wilayah NIK tidak dikenal",
        "Enam digit awal NIK '{value}' di kolom {column} bukan kode kecamatan Kemendagri "
        "(kini maupun lama).",
        "Periksa salah ketik pada enam digit awal NIK.",
    ),
    _w(
        "nik-date-invalid",
        "Tanggal dalam NIK tidak sah",
        "Digit tanggal lahir (ke-7 s.d. 12) dalam NIK '{value}' di kolom {column} "
        "bukan tanggal yang sah.",
        "Periksa salah ketik pada NIK.",
    ),
    _w(
        "nik-birthdate-mismatch",
        "NIK tidak cocok dengan tanggal lahir",
        "Tanggal dalam NIK '{value}' di kolom {column} berbeda dengan tanggal lahir tercatat.",
        "Bisa sah (tanggal lahir dikoreksi setelah NIK terbit); bila tidak, periksa salah ketik.",
    ),
    _w(
        "nik-sex-mismatch",
        "NIK tidak cocok dengan jenis kelamin",
        "NIK '{value}' di kolom {column} menunjukkan jenis kelamin yang berbeda dengan "
        "jenis kelamin tercatat (tanggal +40 untuk perempuan).",
        "Periksa NIK dan jenis kelamin; salah satunya mungkin salah ketik.",
    ),
    _w(
        "kk-missing",
        "Nomor KK kosong",
        "Nomor KK di kolom {column} kosong.",
        "Isi nomor KK 16 digit.",
    ),
    _w(
        "kk-length",
        "Panjang nomor KK salah",
        "Nomor KK '{value}' di kolom {column} tidak 16 digit.",
        "Periksa nomor pada kartu keluarga; simpan kolom sebagai teks di Excel.",
    ),
    _w(
        "kk-not-digits",
        "Nomor KK berisi bukan angka",
        "Nomor KK '{value}' di kolom {column} berisi huruf atau tanda baca.",
        "Nomor KK hanya berisi 16 angka; periksa salah ketik.",
    ),
    _w(
        "kk-excel-float",
        "Nomor KK rusak oleh Excel",
        "Nomor KK '{value}' di kolom {column} tampaknya pernah disimpan sebagai angka di Excel.",
        "Ambil ulang nomor KK dari sumber asli dan format kolom sebagai Teks.",
    ),
    _w(
        "kk-region-unknown",
        "Kode wilayah nomor KK tidak dikenal",
        "Enam digit awal nomor KK '{value}' di kolom {column} bukan kode kecamatan Kemendagri.",
        "Periksa salah ketik pada enam digit awal nomor KK.",
    ),
    _w(
        "desa-unknown",
        "Desa tidak dikenal",
        "Desa/kelurahan '{value}' di kolom {column} tidak ditemukan di daftar Kemendagri "
        "untuk kabupaten ini.",
        "Gunakan kode desa 10 digit Kemendagri atau nama desa yang baku.",
    ),
    _w(
        "desa-ambiguous",
        "Nama desa ganda",
        "Nama desa '{value}' di kolom {column} cocok dengan lebih dari satu desa.",
        "Isi juga kolom kecamatan atau gunakan kode desa.",
    ),
    _w(
        "desa-outside-kabupaten",
        "Desa di luar kabupaten",
        "Kode desa '{value}' di kolom {column} milik kabupaten/kota lain.",
        "Periksa apakah warga ini memang berdomisili di luar kabupaten.",
    ),
    _w(
        "desa-name-approximate",
        "Nama desa dicocokkan mirip",
        "Nama desa '{value}' di kolom {column} dicocokkan berdasarkan kemiripan ejaan.",
        "Periksa hasilnya; perbaiki ejaan nama desa di sumber.",
    ),
    _w(
        "phone-invalid",
        "Nomor telepon tidak sah",
        "Nomor telepon '{value}' di kolom {column} tidak sah.",
        "Tulis nomor lengkap, mis. 0812-3456-7890.",
    ),
    _w(
        "rt-rw-invalid",
        "RT/RW tidak sah",
        "Nilai RT/RW '{value}' di kolom {column} bukan nomor 1 sampai 3 digit.",
        "Tulis nomor RT/RW saja, mis. 3 atau 003.",
    ),
)

ISSUES: dict[str, IssueType] = {issue.code: issue for issue in _ALL}

_SEVERITY_ID = {"error": "galat (baris dikarantina)", "warning": "peringatan"}


def render_markdown() -> str:
    """The user document ``docs/issues.md`` (Bahasa Indonesia)."""
    lines = [
        "# Daftar masalah data (standardisasi)",
        "",
        "Dokumen ini dibuat otomatis dengan `python -m rajut.standardize.issues > docs/issues.md`.",
        "",
        "Setiap kolom yang dibakukan diperiksa dengan aturan di bawah. **Peringatan** tidak",
        "menolak baris: nilai asli tetap disimpan di samping nilai baku. **Galat** membuat baris",
        "dikarantina. Kontrak data dapat menaikkan peringatan menjadi galat untuk kolom",
        "tertentu (mis. `value-missing` untuk kolom wajib).",
        "",
        "| Kode | Tingkat | Judul | Pesan | Saran |",
        "| --- | --- | --- | --- | --- |",
    ]
    for issue in ISSUES.values():
        cells = [
            f"`{issue.code}`",
            _SEVERITY_ID[issue.severity],
            issue.title,
            issue.message.replace("|", "\\|"),
            issue.hint.replace("|", "\\|"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "`{column}` diganti nama kolom sumber dan `{value}` diganti nilai aslinya.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render_markdown())
