"""Header names → candidate standard fields, by normalised name and Indonesian synonyms.

Headers are compared after :func:`normalize_header` (upper case, every character that is not
a letter or digit removed), so ``Tgl. Lahir``, ``TGL_LAHIR`` and ``tgl lahir`` are the same.
Candidates come from each field's ``source_columns`` in the data standard and from the
synonym table below (agency spellings seen in SIAK, DTKS/SIKS-NG, BPJS, Dapodik, e-PPGBM).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rajut.standard import load_standard

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")

# Pseudo-fields the ingest resolves to person.desa_code (not in the standard itself).
DESA_NAME = "person.desa_name"
KECAMATAN_NAME = "person.kecamatan_name"

SYNONYMS: dict[str, tuple[str, ...]] = {
    "person.nik": ("NIK", "NO NIK", "NIK ART", "NIK ANAK", "NIK PESERTA", "NIK SISWA", "NIK KTP"),
    "person.kk_number": ("NO KK", "NOMOR KK", "NO KARTU KELUARGA", "NKK", "NOMOR KARTU KELUARGA"),
    "person.name": (
        "NAMA",
        "NAMA LENGKAP",
        "NAMA ART",
        "NM ANAK",
        "NAMA ANAK",
        "NAMA PESERTA",
        "NAMA SISWA",
        "NAMA PESERTA DIDIK",
        "NAMA BALITA",
        "NM PESERTA",
        "NAMA PENDUDUK",
    ),
    "person.birth_date": ("TGL LAHIR", "TANGGAL LAHIR", "TTL", "TGL LHR", "TANGGAL LHR"),
    "person.birth_place": ("TEMPAT LAHIR", "TMPT LAHIR", "TMP LAHIR", "TMPT LHR"),
    "person.sex": ("JK", "L/P", "LP", "JENIS KELAMIN", "JNS KELAMIN", "KELAMIN", "GENDER", "SEX"),
    "person.mother_nik": ("NIK IBU", "NIK ORTU", "NIK IBU KANDUNG", "NIK ORANG TUA"),
    "person.mother_name": (
        "NAMA IBU",
        "NAMA IBU KANDUNG",
        "NAMA ORTU",
        "NM IBU",
        "NAMA GADIS IBU KANDUNG",
        "IBU KANDUNG",
        "NAMA ORANG TUA",
    ),
    "person.father_name": ("NAMA AYAH", "NM AYAH", "NAMA BAPAK"),
    "person.address": ("ALAMAT", "ALAMAT JALAN", "ALAMAT LENGKAP", "ALAMAT RUMAH"),
    "person.rt": ("RT", "NO RT"),
    "person.rw": ("RW", "NO RW"),
    "person.desa_code": ("KD DESA", "KODE DESA", "KODE WILAYAH", "KD WILAYAH", "KODE KELURAHAN"),
    DESA_NAME: (
        "DESA",
        "KELURAHAN",
        "DESA KELURAHAN",
        "DESA/KELURAHAN",
        "NAMA DESA",
        "NAMA KELURAHAN",
        "NM DESA",
        "KEL/DESA",
        "NAMA KEL",
        "DESA KEL",
    ),
    KECAMATAN_NAME: ("KECAMATAN", "NAMA KECAMATAN", "NM KEC", "NAMA KEC", "KEC"),
    "person.shdk": ("SHDK", "HUB KRT", "HUB KELUARGA", "HUBUNGAN KELUARGA", "STATUS HUBUNGAN"),
    "household.relationship": ("HUB KRT", "SHDK", "HUB KELUARGA", "HUBUNGAN KELUARGA"),
    "household.kk_number": ("NO KK", "NOMOR KK", "NO KARTU KELUARGA"),
    "person.alive": ("STATUS HIDUP", "KET MATI", "STATUS KEMATIAN"),
    "person.death_date": ("TANGGAL MENINGGAL", "TGL MENINGGAL", "TGL MATI", "TANGGAL KEMATIAN"),
    "person.religion": ("AGAMA",),
    "person.education": ("PENDIDIKAN", "PENDIDIKAN TERAKHIR", "PDDK AKH"),
    "person.occupation": ("PEKERJAAN", "JENIS PEKERJAAN", "JENIS PKRJN"),
    "person.marital_status": ("STATUS PERKAWINAN", "STATUS KAWIN", "STAT KWN"),
    "person.bpjs_card_number": ("NO KARTU", "NOKA", "NO KARTU JKN", "NO KARTU BPJS"),
    "welfare.desil": ("DESIL", "DESIL NASIONAL"),
    "program.pkh": ("PKH", "PENERIMA PKH", "STATUS PKH"),
    "program.bpnt": ("BPNT", "PENERIMA BPNT", "SEMBAKO"),
    "program.pbi_jk": ("PBI", "PBI JK", "PENERIMA PBI", "KIS"),
    "program.pip": ("PIP", "PENERIMA PIP", "LAYAK PIP"),
    "program.kip": ("KIP", "PENERIMA KIP"),
    "program.membership_status": ("STATUS", "STATUS PESERTA", "STATUS KEPESERTAAN"),
    "growth.weight_kg": ("BERAT", "BB"),
    "growth.height_cm": ("TINGGI", "TB", "PB"),
    "enrollment.grade": ("TINGKAT PENDIDIKAN", "KELAS", "TINGKAT"),
}


def normalize_header(header: str) -> str:
    """Upper case with every non-alphanumeric character removed.

    Examples:
        >>> normalize_header(" Tgl. Lahir ")
        'TGLLAHIR'
        >>> normalize_header("nama_ibu_kandung")
        'NAMAIBUKANDUNG'
        >>> normalize_header("L/P")
        'LP'
    """
    text = unicodedata.normalize("NFKC", header).upper()
    return _NON_ALNUM.sub("", text)


@dataclass(frozen=True)
class HeaderMatch:
    """A standard field whose known column names include the header."""

    field: str
    origin: str  # "standar" (source_columns) or "sinonim" (this module's table)


@cache
def _index() -> dict[str, tuple[HeaderMatch, ...]]:
    index: dict[str, list[HeaderMatch]] = {}

    def put(name: str, match: HeaderMatch) -> None:
        bucket = index.setdefault(normalize_header(name), [])
        if all(m.field != match.field for m in bucket):
            bucket.append(match)

    std = load_standard()
    for table in std.tables.values():
        for fld in table.fields.values():
            for column in fld.source_columns:
                put(column, HeaderMatch(f"{table.name}.{fld.name}", "standar"))
    for qualified, names in SYNONYMS.items():
        for name in names:
            put(name, HeaderMatch(qualified, "sinonim"))
    return {key: tuple(value) for key, value in index.items()}


def header_candidates(header: str) -> tuple[HeaderMatch, ...]:
    """Every field whose known column names match ``header`` after normalisation.

    Examples:
        >>> [m.field for m in header_candidates("Nama Ibu Kandung")]
        ['person.mother_name']
    """
    return _index().get(normalize_header(header), ())
