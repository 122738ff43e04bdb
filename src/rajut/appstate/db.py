"""Open the app-state database and bring it to the newest Alembic revision."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from rajut.errors import RajutError

MIGRATIONS = Path(__file__).parent / "migrations"


class AppStateError(RajutError):
    code = "app-state-error"


def resolve_url(url: str, workspace_root: Path) -> str:
    """``url`` with a relative SQLite path made relative to the workspace folder."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise AppStateError(
            f"URL basis data status aplikasi {url!r} tidak sah.",
            "Isi storage.app_state_url dengan sqlite:///data/app.sqlite atau "
            "postgresql+psycopg://pengguna:sandi@host/nama_db.",
            code="app-state-url",
        ) from exc
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        if not path.is_absolute():
            path = workspace_root / path
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(parsed.set(database=str(path)))
    return url


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


@dataclass
class AppState:
    """The app-state engine and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]
    #: serialises writers that must read-then-write one row (the audit chain head)
    write_lock: threading.RLock = field(default_factory=threading.RLock)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def open_app_state(url: str, workspace_root: Path, *, migrate: bool = True) -> AppState:
    """Connect to the app-state database at ``url`` and migrate it to the newest revision."""
    resolved = resolve_url(url, workspace_root)
    engine = create_engine(resolved, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    try:
        if migrate:
            command.upgrade(alembic_config(engine), "head")
        else:
            inspect(engine).get_table_names()
    except OperationalError as exc:
        engine.dispose()
        raise AppStateError(
            f"Basis data status aplikasi tidak bisa dibuka: {exc.orig}.",
            "Periksa storage.app_state_url di rajut.toml dan pastikan server basis data hidup.",
            code="app-state-unreachable",
        ) from exc
    return AppState(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
