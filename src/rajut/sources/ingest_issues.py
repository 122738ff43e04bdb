"""Row-level issues raised by the ingest itself (not by a field rule)."""

from __future__ import annotations

from rajut.standardize import ISSUES, IssueType

INGEST_ISSUES: dict[str, IssueType] = {
    issue.code: issue
    for issue in (
        IssueType(
            code="record-id-missing",
            severity="error",
            title="ID baris kosong",
            message="Kolom ID baris {column} kosong, sehingga baris tidak bisa dilacak.",
            hint="Isi ID baris yang unik dan tetap untuk setiap baris.",
        ),
        IssueType(
            code="record-id-duplicate",
            severity="error",
            title="ID baris ganda",
            message="ID baris {value} muncul lebih dari sekali di berkas ini.",
            hint="Pastikan setiap baris punya ID sendiri; hapus baris kembar.",
        ),
        IssueType(
            code="identity-missing",
            severity="error",
            title="Identitas kosong",
            message="Baris tidak punya NIK maupun nama, sehingga tidak bisa dikenali.",
            hint="Lengkapi NIK atau nama orang pada baris ini.",
        ),
        IssueType(
            code="required-missing",
            severity="error",
            title="Kolom wajib kosong atau tidak sah",
            message="Kolom wajib {column} kosong atau nilainya tidak sah ({value}).",
            hint="Isi kolom ini dengan nilai yang sah; kontrak menandainya wajib.",
        ),
        IssueType(
            code="value-format",
            severity="warning",
            title="Format nilai tidak sesuai",
            message="Nilai {value} di kolom {column} tidak sesuai format baku medan ini.",
            hint="Periksa panjang dan jenis karakternya (mis. NISN 10 angka, NPSN 8 angka).",
        ),
        IssueType(
            code="period-invalid",
            severity="error",
            title="Periode baris tidak terbaca",
            message="Tanggal periode di kolom {column} tidak terbaca: {value}.",
            hint="Tulis tanggal seperti 31-01-2026 atau 2026-01-31.",
        ),
    )
}


def all_issues() -> dict[str, IssueType]:
    """Every issue code an ingest can record: field rules and ingest checks."""
    return {**ISSUES, **INGEST_ISSUES}
