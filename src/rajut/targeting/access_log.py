"""Record requests to see unmasked NIK (until the web app's audit log exists).

One JSON object per line in ``<workspace>/data/access_log.jsonl``: who, when, purpose, what.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rajut.targeting.errors import TargetingError
from rajut.workspace import Workspace

MIN_PURPOSE_LENGTH = 10


def access_log_path(ws: Workspace) -> Path:
    return ws.data_dir / "access_log.jsonl"


def current_user() -> str:
    """The operating-system user name (``RAJUT_USER`` wins when set)."""
    explicit = os.environ.get("RAJUT_USER")
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "tidak-diketahui"


def check_purpose(purpose: str | None) -> str:
    """The stripped purpose; a :class:`TargetingError` when missing or too short."""
    text = (purpose or "").strip()
    if len(text) < MIN_PURPOSE_LENGTH:
        raise TargetingError(
            "NIK tanpa samaran hanya boleh diminta dengan tujuan yang jelas.",
            f'Tambahkan --purpose "..." (minimal {MIN_PURPOSE_LENGTH} karakter), mis. '
            '"verifikasi lapangan PKH Desa Sengon oleh TKSK".',
            code="targeting-unmask-purpose",
        )
    return text


def log_unmask(ws: Workspace, purpose: str, what: dict[str, Any]) -> dict[str, Any]:
    """Append one access record and return it."""
    entry = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "who": current_user(),
        "action": "unmask_nik",
        "purpose": check_purpose(purpose),
        "what": what,
    }
    path = access_log_path(ws)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
    return entry
