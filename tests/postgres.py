"""A real, throw-away PostgreSQL server for the suite (never a mock).

Started once per test session when a PostgreSQL server binary is found (``make test``
installs it with the Debian package when missing): ``initdb`` into a temporary folder,
listening only on a Unix socket there, stopped at the end. As root, the server runs as
the ``postgres`` system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def server_bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").is_file():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server; yield a SQLAlchemy URL of an empty database ``rajut`` on it."""
    bindir = server_bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="rajut-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (root, sock):
            os.chown(path, user.pw_uid, user.pw_gid)
        root.chmod(0o755)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        _as_server_user(
            [str(bindir / "initdb"), "-D", str(data), "-U", "rajut", "-A", "trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    options = f"-k {sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    subprocess.run(
        _as_server_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "-l",
                str(root / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        for _ in range(100):
            probe = subprocess.run(
                [str(bindir / "pg_isready"), "-h", str(sock), "-U", "rajut"],
                capture_output=True,
            )
            if probe.returncode == 0:
                break
            time.sleep(0.1)
        subprocess.run(
            [str(bindir / "createdb"), "-h", str(sock), "-U", "rajut", "rajut"],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://rajut@/rajut?host={sock}"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(base_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``base_url``; return its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        con.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base_url.replace("/rajut?", f"/{name}?")
