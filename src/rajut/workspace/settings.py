"""Workspace settings, read from ``rajut.toml`` and validated by pydantic.

Every field has a description; ``docs/configuration.md`` lists them and a test fails
when one is undocumented.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_KAB_RE = re.compile(r"^\d{2}\.\d{2}$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GeneralSettings(_Section):
    name: str = Field(
        "Ruang kerja rajut",
        description="Nama ruang kerja yang tampil di laporan dan aplikasi web.",
    )
    kabupaten_code: str = Field(
        "33.10",
        description="Kode Kemendagri kabupaten/kota yang dilayani ruang kerja, mis. 33.10.",
    )
    locale: str = Field("id", description="Bahasa tampilan: 'id' (bawaan) atau 'en'.")

    @field_validator("kabupaten_code")
    @classmethod
    def _check_kab(cls, value: str) -> str:
        if not _KAB_RE.match(value):
            raise ValueError("kode kabupaten harus berformat PP.KK, mis. 33.10")
        return value

    @field_validator("locale")
    @classmethod
    def _check_locale(cls, value: str) -> str:
        if value not in {"id", "en"}:
            raise ValueError("locale harus 'id' atau 'en'")
        return value


class StorageSettings(_Section):
    analytics_db: str = Field(
        "data/rajut.duckdb",
        description="Berkas DuckDB untuk data analitik (relatif terhadap ruang kerja).",
    )
    app_state_url: str = Field(
        "sqlite:///data/app.sqlite",
        description=(
            "URL basis data status aplikasi (pengguna, keputusan, audit). SQLite di ruang "
            "kerja secara bawaan; PostgreSQL dengan postgresql+psycopg://..."
        ),
    )
    raw_dir: str = Field(
        "data/raw",
        description="Folder arsip berkas mentah yang tidak pernah diubah (per hash isi).",
    )


class ReferenceSettings(_Section):
    wilayah_dir: str = Field(
        "",
        description=(
            "Folder data kode wilayah Kemendagri. Kosong: dicari otomatis "
            "(RAJUT_WILAYAH_DIR, lalu shared/data/wilayah di folder induk)."
        ),
    )


class LinkageSettings(_Section):
    match_threshold: float = Field(
        0.9,
        ge=0.5,
        le=1.0,
        description="Peluang kecocokan minimum agar dua rekaman dianggap orang yang sama.",
    )
    review_low: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description=(
            "Batas bawah pita ragu: pasangan dengan peluang di atasnya masuk antrean tinjauan."
        ),
    )
    review_high: float = Field(
        0.9,
        ge=0.0,
        le=1.0,
        description="Batas atas pita ragu (biasanya sama dengan match_threshold).",
    )
    backend: str = Field(
        "duckdb",
        description="Mesin linkage probabilistik: 'duckdb' (bawaan, satu komputer) atau 'spark'.",
    )
    spark_master: str = Field(
        "local[2]",
        description="Alamat master Spark bila backend = 'spark', mis. local[2] atau spark://host:7077.",
    )

    @field_validator("backend")
    @classmethod
    def _check_backend(cls, value: str) -> str:
        if value not in {"duckdb", "spark"}:
            raise ValueError("backend harus 'duckdb' atau 'spark'")
        return value


class PrivacySettings(_Section):
    mask_nik: bool = Field(
        True,
        description="Samarkan NIK dan No. KK di semua keluaran kecuali ada izin dan tujuan.",
    )


class WebSettings(_Section):
    host: str = Field("127.0.0.1", description="Alamat dengar 'rajut serve'.")
    port: int = Field(8450, description="Porta 'rajut serve'.")
    secure_cookies: bool = Field(
        False,
        description=(
            "Kirim kuki sesi hanya lewat HTTPS. Nyalakan bila server berada di balik HTTPS."
        ),
    )
    session_hours: int = Field(8, description="Lama sesi masuk berlaku (jam).")
    max_upload_mb: int = Field(200, description="Ukuran berkas unggahan terbesar (MB).")


class NotifySettings(_Section):
    smtp_host: str = Field(
        "",
        description="Server SMTP untuk salinan notifikasi lewat surel. Kosong: hanya di aplikasi.",
    )
    smtp_port: int = Field(25, description="Porta server SMTP.")
    sender: str = Field("rajut@localhost", description="Alamat pengirim surel notifikasi.")
    starttls: bool = Field(False, description="Pakai STARTTLS ke server SMTP.")
    username: str = Field("", description="Nama pengguna SMTP (kosong: tanpa login).")
    password_env: str = Field(
        "RAJUT_SMTP_PASSWORD",
        description="Nama variabel lingkungan yang berisi kata sandi SMTP (tidak ditulis di sini).",
    )
    due_days: int = Field(14, description="Batas hari pemilik data menjawab usulan koreksi.")


class WorkspaceSettings(_Section):
    """All settings of one workspace (``rajut.toml``)."""

    general: GeneralSettings = Field(
        default_factory=GeneralSettings, description="Identitas ruang kerja."
    )
    storage: StorageSettings = Field(
        default_factory=StorageSettings, description="Letak penyimpanan data."
    )
    reference: ReferenceSettings = Field(
        default_factory=ReferenceSettings, description="Data referensi."
    )
    linkage: LinkageSettings = Field(
        default_factory=LinkageSettings, description="Penautan rekaman antardinas."
    )
    privacy: PrivacySettings = Field(
        default_factory=PrivacySettings, description="Pelindungan data pribadi (UU 27/2022)."
    )
    web: WebSettings = Field(default_factory=WebSettings, description="Aplikasi web.")
    notify: NotifySettings = Field(
        default_factory=NotifySettings, description="Notifikasi dan usulan koreksi."
    )
