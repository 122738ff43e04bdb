"""The scorecard's metrics: label and definition of each, in one place.

The workbook, the web page and docs/scorecard.md all read these; a test checks that the
docs define every one.
"""

from __future__ import annotations

from rajut.governance.roles import N_

#: field of :class:`~rajut.governance.scorecard.compute.AgencyScore` → (label, definition)
AGENCY_METRICS: dict[str, tuple[str, str]] = {
    "deliveries_due": (
        N_("Kiriman jatuh tempo"),
        N_(
            "Banyaknya periode data (sesuai frekuensi di kontrak sumber) yang batas kirimnya jatuh "
            "dalam periode kartu dan sudah lewat pada tanggal hitung. Batas kirim = akhir periode "
            "data + satu periode (data Juni paling lambat 31 Juli)."
        ),
    ),
    "deliveries_on_time": (
        N_("Kiriman tepat waktu"),
        N_(
            "Dari kiriman jatuh tempo, yang berkasnya dimuat ke rajut (selesai) paling lambat pada "
            "batas kirim dan mencakup periode itu."
        ),
    ),
    "on_time_pct": (
        N_("Ketepatan waktu (%)"),
        N_(
            "Kiriman tepat waktu ÷ kiriman jatuh tempo × 100. "
            "Kosong bila tidak ada yang jatuh tempo."
        ),
    ),
    "acceptance_pct": (
        N_("Baris diterima (%)"),
        N_(
            "Baris yang lolos standardisasi ÷ semua baris masuk × 100, dari semua pemuatan berkas "
            "dinas yang selesai dalam periode."
        ),
    ),
    "acceptance_trend_pp": (
        N_("Tren mutu (poin %)"),
        N_("Baris diterima (%) periode ini dikurangi periode sebelumnya. Positif = membaik."),
    ),
    "warnings_per_100": (
        N_("Peringatan per 100 baris"),
        N_("Banyaknya peringatan mutu (nilai yang diperbaiki atau meragukan) per 100 baris masuk."),
    ),
    "proposals_made": (
        N_("Usulan koreksi dibuat"),
        N_("Usulan koreksi ke dinas lain yang dikirim staf dinas ini dalam periode."),
    ),
    "proposals_made_accepted": (
        N_("Usulan dibuat yang diterima"),
        N_(
            "Dari usulan yang dibuat dalam periode, yang diterima pemilik data "
            "(sampai tanggal hitung)."
        ),
    ),
    "proposals_received": (
        N_("Usulan koreksi masuk"),
        N_("Usulan dari dinas lain untuk data milik dinas ini yang dikirim dalam periode."),
    ),
    "proposals_answered": (
        N_("Usulan dijawab"),
        N_("Usulan untuk data dinas ini yang diterima atau ditolak (dengan alasan) dalam periode."),
    ),
    "proposals_answered_on_time": (
        N_("Dijawab tepat waktu"),
        N_(
            "Dari usulan dijawab, yang dijawab sebelum batas jawab "
            "(bawaan 14 hari setelah dikirim)."
        ),
    ),
    "proposals_overdue": (
        N_("Usulan terlambat dijawab"),
        N_(
            "Usulan untuk data dinas ini yang masih menunggu jawaban padahal batas jawabnya sudah "
            "lewat pada akhir periode (atau tanggal hitung bila lebih awal)."
        ),
    ),
    "median_response_days": (
        N_("Median hari menjawab"),
        N_(
            "Median lama (hari) dari usulan dikirim sampai dijawab, "
            "untuk usulan yang dijawab dalam periode."
        ),
    ),
    "persons_linked_across": (
        N_("Orang tertaut lintas dinas"),
        N_(
            "Orang (ID rajut) yang punya rekaman di data dinas ini dan juga di data dinas lain, "
            "menurut linkage terakhir: warga yang tersambung berkat data dinas ini. "
            "Potret saat ini, bukan per periode."
        ),
    ),
    "target_results_using": (
        N_("Hasil sasaran memakai data"),
        N_(
            "Calon sasaran pada pembangunan data terpadu terakhir yang orangnya (atau anggota "
            "keluarganya) punya rekaman di data dinas ini. Potret saat ini."
        ),
    ),
    "ideas_made": (
        N_("Ide perbaikan dikirim"),
        N_("Ide perbaikan proses data yang dikirim staf dinas ini ke dinas lain dalam periode."),
    ),
    "ideas_received": (
        N_("Ide perbaikan masuk"),
        N_("Ide dari dinas lain untuk dinas ini yang masuk dalam periode."),
    ),
    "ideas_answered": (
        N_("Ide ditanggapi"),
        N_("Dari ide yang masuk dalam periode, yang sudah ditanggapi."),
    ),
}

UNIT_METRICS: dict[str, tuple[str, str]] = {
    "proposals_made": AGENCY_METRICS["proposals_made"],
    "proposals_made_accepted": AGENCY_METRICS["proposals_made_accepted"],
    "proposals_answered": (
        N_("Usulan dijawab"),
        N_("Usulan yang dijawab oleh staf unit ini dalam periode."),
    ),
    "median_response_days": AGENCY_METRICS["median_response_days"],
    "ideas_made": AGENCY_METRICS["ideas_made"],
}
