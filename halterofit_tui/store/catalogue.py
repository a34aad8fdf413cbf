"""The built-in exercise library: loaded from the packaged data/exercises.json into the store.

The file is fingerprinted so the catalogue is re-applied only when a new release changes it.
User choices on built-in exercises (favourite, rest override) survive an update.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from halterofit_tui.domain.catalogue import CATALOGUE_FIELDS, exercise_id
from halterofit_tui.store.engine import Database, StoreError
from halterofit_tui.store.tables import ExerciseRow

CATALOGUE_META_KEY = "catalogue_sha256"


def catalogue_bytes() -> bytes:
    """The catalogue shipped in the wheel, or the repository's data/ in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "data", package.parent / "data"):
        try:
            return (candidate / "exercises.json").read_bytes()
        except FileNotFoundError:
            continue
    raise StoreError("the exercise library (data/exercises.json) is missing from this install")


def load_catalogue(raw: bytes) -> list[dict[str, Any]]:
    document = json.loads(raw)
    exercises: list[dict[str, Any]] = document["exercises"]
    return exercises


def ensure_catalogue(db: Database) -> None:
    """Insert or refresh built-in exercises when the shipped catalogue changed."""
    raw = catalogue_bytes()
    fingerprint = hashlib.sha256(raw).hexdigest()
    with db.session() as session:
        if db.meta(session, CATALOGUE_META_KEY) == fingerprint:
            return
        _apply(db, session, load_catalogue(raw))
        db.set_meta(session, CATALOGUE_META_KEY, fingerprint)


def _apply(db: Database, session: Session, entries: list[dict[str, Any]]) -> None:
    existing = {
        row.slug: row
        for row in session.exec(select(ExerciseRow).where(ExerciseRow.is_custom == False))  # noqa: E712
    }
    for entry in entries:
        row = existing.get(entry["slug"])
        fields = {field: entry[field] for field in CATALOGUE_FIELDS}
        if row is None:
            row = ExerciseRow(id=exercise_id(entry["slug"]), slug=entry["slug"], **fields)
            db.stamp(session, row, created=True)
            # Every device ships the same built-ins and the server holds them as shared rows,
            # so they are never pushed.
            row.dirty = False
        elif any(getattr(row, name) != value for name, value in fields.items()):
            # A new release's description of the exercise, not an edit of the lifter's: the
            # stamp and dirty flag keep describing the lifter's own marks (favourite, rest),
            # which sync as preferences.
            for name, value in fields.items():
                setattr(row, name, value)
            session.add(row)
