"""The raw-file archive: every ingested file kept as it was, named by its SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_path(raw_dir: Path, sha256: str, suffix: str) -> Path:
    return raw_dir / sha256[:2] / f"{sha256}{suffix.lower()}"


def archive(raw_dir: Path, source: Path, sha256: str) -> tuple[Path, bool]:
    """Copy ``source`` into the archive (read-only). Returns (path, newly_created)."""
    target = archive_path(raw_dir, sha256, source.suffix)
    if target.exists():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(tmp, target)
    return target, True


def discard(path: Path) -> None:
    """Remove an archived file created by a run that then failed."""
    try:
        os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
        path.unlink()
    except FileNotFoundError:
        pass
