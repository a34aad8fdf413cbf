"""A new release's exercise catalogue updates the built-ins without touching the lifter's marks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from halterofit_tui.config import DATABASE_NAME
from halterofit_tui.services.library import get_exercise, set_favourite
from halterofit_tui.store.catalogue import ensure_catalogue
from halterofit_tui.store.engine import Database
from halterofit_tui.store.reader import CATALOGUE_META_KEY

SYNC_STATE = "SELECT is_favourite, dirty, local_rev, hlc, description FROM exercises WHERE id = ?"


def test_a_catalogue_update_keeps_an_unsynced_favourite_queued_with_its_stamp(
    db: Database, home: Path
) -> None:
    bench = get_exercise(db, "bench press")
    set_favourite(db, bench.id, True)
    connection = sqlite3.connect(home / DATABASE_NAME)
    (favourite, dirty, rev, hlc, shipped) = connection.execute(SYNC_STATE, (bench.id,)).fetchone()
    # The store as an older release left it: another description, another catalogue.
    with connection:
        connection.execute("UPDATE exercises SET description = 'old' WHERE id = ?", (bench.id,))
        connection.execute(
            "UPDATE local_meta SET value = 'older' WHERE key = ?", (CATALOGUE_META_KEY,)
        )

    ensure_catalogue(db)

    # The description is the shipped one again; the favourite still waits for the next sync
    # with the stamp of the lifter's edit, so it neither gets lost nor beats a later edit made
    # on another device.
    assert connection.execute(SYNC_STATE, (bench.id,)).fetchone() == (
        favourite,
        dirty,
        rev,
        hlc,
        shipped,
    )
    assert (favourite, dirty) == (1, 1)
    connection.close()
