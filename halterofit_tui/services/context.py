"""Opening the local store for a use-case: directories, migrations, catalogue, profile."""

from __future__ import annotations

from halterofit_tui.config import resolve_paths
from halterofit_tui.store.catalogue import ensure_catalogue
from halterofit_tui.store.engine import Database, open_database


def open_store() -> Database:
    """The ready-to-use store in HALTEROFIT_HOME (or the platform's data directory)."""
    from halterofit_tui.services.profile import ensure_profile

    db = open_database(resolve_paths())
    ensure_catalogue(db)
    ensure_profile(db)
    return db
