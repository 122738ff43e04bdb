"""Alembic migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from rajut.appstate import Base, open_app_state


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrated_schema_matches_models(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = "sqlite:///app.sqlite" if backend == "sqlite" else request.getfixturevalue("pg_url")
    state = open_app_state(url, tmp_path)
    assert state.backend == backend
    tables = set(inspect(state.engine).get_table_names())
    assert {"users", "audit_log", "agreements", "jobs", "api_tokens", "alembic_version"} <= tables
    with state.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
    assert diff == [], "models changed without an Alembic revision: " + repr(diff)
    # migrating twice is a no-op
    open_app_state(url, tmp_path).dispose()
    state.dispose()


def test_unreachable_postgres_is_a_clear_error(tmp_path: Path) -> None:
    from rajut.appstate import AppStateError

    with pytest.raises(AppStateError) as info:
        open_app_state("postgresql+psycopg://x@/nodb?host=/nonexistent", tmp_path)
    assert "app_state_url" in info.value.hint
