"""Alembic, driven from code: the migrations ship inside the package, no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(database: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{database}")
    return config


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_config(Path("unused.db")))
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    heads = ScriptDirectory.from_config(_config(Path("unused.db"))).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def upgrade(database: Path, revision: str = "head") -> None:
    """Apply migrations up to `revision`, each in its own transaction."""
    config = _config(database)
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
