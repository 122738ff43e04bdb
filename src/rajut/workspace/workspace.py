"""Create and open workspaces.

A workspace is a folder::

    rajut.toml      settings (documented in docs/configuration.md)
    sources/        source contracts, one YAML per agency dataset
    data/           stores: DuckDB (analytics), SQLite (app state), raw/ (immutable raw files)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from rajut.errors import ConfigError, WorkspaceError
from rajut.reference.wilayah import Wilayah, load_wilayah
from rajut.workspace.settings import WorkspaceSettings

SETTINGS_FILE = "rajut.toml"
ENV_WORKSPACE = "RAJUT_WORKSPACE"


@dataclass
class Workspace:
    """An opened workspace: its root folder and validated settings."""

    root: Path
    settings: WorkspaceSettings

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def analytics_db(self) -> Path:
        return self.root / self.settings.storage.analytics_db

    @property
    def raw_dir(self) -> Path:
        return self.root / self.settings.storage.raw_dir

    def wilayah(self) -> Wilayah:
        configured = self.settings.reference.wilayah_dir
        return load_wilayah(Path(configured) if configured else None)


def resolve_workspace_dir(value: str | Path | None) -> Path:
    """``--workspace`` if given, else ``$RAJUT_WORKSPACE``, else the current directory."""
    if value:
        return Path(value)
    env = os.environ.get(ENV_WORKSPACE)
    return Path(env) if env else Path.cwd()


def render_settings_toml(settings: WorkspaceSettings) -> str:
    """``rajut.toml`` with every setting and its description as a comment."""
    lines = [
        "# Pengaturan ruang kerja rajut. Setiap kunci dijelaskan di docs/configuration.md.",
        "",
    ]
    for section_name, section_field in WorkspaceSettings.model_fields.items():
        section = getattr(settings, section_name)
        lines.append(f"# {section_field.description}")
        lines.append(f"[{section_name}]")
        for key, field in type(section).model_fields.items():
            lines.append(f"# {field.description}")
            value = getattr(section, key)
            if isinstance(value, bool):
                rendered = "true" if value else "false"
            elif isinstance(value, int | float):
                rendered = str(value)
            else:
                rendered = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            lines.append(f"{key} = {rendered}")
        lines.append("")
    return "\n".join(lines)


def init_workspace(
    directory: Path, *, name: str | None = None, kabupaten_code: str | None = None
) -> Workspace:
    """Create a workspace in ``directory`` (which may exist but must not hold one)."""
    settings_path = directory / SETTINGS_FILE
    if settings_path.exists():
        raise WorkspaceError(
            f"Folder {directory} sudah berisi ruang kerja ({SETTINGS_FILE}).",
            "Pakai folder lain, atau lanjutkan dengan ruang kerja yang sudah ada.",
            code="workspace-exists",
        )
    general: dict[str, str] = {}
    if name:
        general["name"] = name
    if kabupaten_code:
        general["kabupaten_code"] = kabupaten_code
    try:
        settings = WorkspaceSettings.model_validate({"general": general})
    except ValidationError as exc:
        raise ConfigError(
            f"Pengaturan ruang kerja tidak sah: {_describe(exc)}.",
            "Perbaiki nilai yang disebut lalu ulangi.",
        ) from exc
    load_wilayah().name(settings.general.kabupaten_code)  # unknown code → clear error
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sources").mkdir(exist_ok=True)
    (directory / "data").mkdir(exist_ok=True)
    settings_path.write_text(render_settings_toml(settings), encoding="utf-8")
    return Workspace(root=directory, settings=settings)


def open_workspace(directory: Path) -> Workspace:
    """Open and validate the workspace in ``directory``."""
    settings_path = directory / SETTINGS_FILE
    if not settings_path.is_file():
        raise WorkspaceError(
            f"Tidak ada ruang kerja rajut di {directory} ({SETTINGS_FILE} tidak ditemukan).",
            "Buat dengan `rajut init FOLDER`, atau arahkan --workspace / RAJUT_WORKSPACE "
            "ke ruang kerja yang ada.",
            code="workspace-not-found",
        )
    try:
        raw = tomllib.loads(settings_path.read_text(encoding="utf-8"))
        settings = WorkspaceSettings.model_validate(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{settings_path} bukan TOML yang sah: {exc}.",
            "Perbaiki penulisan berkas (lihat docs/configuration.md).",
        ) from exc
    except ValidationError as exc:
        raise ConfigError(
            f"Pengaturan di {settings_path} tidak sah: {_describe(exc)}.",
            "Perbaiki nilai yang disebut (lihat docs/configuration.md).",
        ) from exc
    return Workspace(root=directory, settings=settings)


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


#: settings the walidata may change from the web app (the rest stay with the file's owner)
EDITABLE_SETTINGS: tuple[str, ...] = (
    "general.name",
    "linkage.match_threshold",
    "linkage.review_low",
    "linkage.review_high",
    "notify.due_days",
    "notify.smtp_host",
    "notify.smtp_port",
    "notify.sender",
    "web.session_hours",
    "web.max_upload_mb",
)


def setting_value(settings: WorkspaceSettings, key: str) -> object:
    section, _, name = key.partition(".")
    return getattr(getattr(settings, section), name)


def update_settings(ws: Workspace, changes: dict[str, str]) -> dict[str, tuple[object, object]]:
    """Validate and save ``changes`` (``section.key`` → text) to ``rajut.toml``.

    Returns what changed (key → (old, new)). The file is replaced atomically and the whole
    new settings are validated first, so a bad value changes nothing.
    """
    unknown = sorted(set(changes) - set(EDITABLE_SETTINGS))
    if unknown:
        raise ConfigError(
            f"Pengaturan {', '.join(unknown)} tidak bisa diubah dari sini.",
            "Ubah langsung di rajut.toml (lihat docs/configuration.md).",
        )
    data = ws.settings.model_dump()
    for key, value in changes.items():
        section, _, name = key.partition(".")
        data[section][name] = value.strip()
    try:
        updated = WorkspaceSettings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            f"Pengaturan tidak sah: {_describe(exc)}.",
            "Perbaiki nilai yang disebut; tidak ada yang disimpan.",
        ) from exc
    if updated.linkage.review_low > updated.linkage.review_high:
        raise ConfigError(
            "Batas bawah pita ragu lebih besar dari batas atasnya.",
            "Isi review_low lebih kecil dari review_high (mis. 0.5 dan 0.9).",
        )
    changed = {
        key: (setting_value(ws.settings, key), setting_value(updated, key))
        for key in EDITABLE_SETTINGS
        if setting_value(ws.settings, key) != setting_value(updated, key)
    }
    if changed:
        path = ws.root / SETTINGS_FILE
        tmp = path.with_suffix(".toml.tmp")
        tmp.write_text(render_settings_toml(updated), encoding="utf-8")
        os.replace(tmp, path)
        ws.settings = updated
    return changed
