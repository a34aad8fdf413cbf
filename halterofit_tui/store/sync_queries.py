"""The local side of sync (SYNC.md): the outbox of dirty rows, applying pulled rows, pull
checkpoints and the quarantine of rows the server refused.

Plain SQL on the session's sqlite3 connection: a first push reads every row of a history and a
pull writes pages of 500, where the ORM's per-object work would be most of the time. Values cross
this module's edge in the server's JSON form (datetimes ISO 8601 with offset, dates ISO, JSON
columns as JSON, booleans as booleans); stored values keep exactly the text the ORM writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, TypeDecorator
from sqlmodel import SQLModel

from halterofit_tui.store.tables import (
    BodyMetricRow,
    ExerciseRow,
    ExerciseSetRow,
    PlateauRow,
    ProfileRow,
    ProgramEnrollmentRow,
    TemplateRow,
    WorkoutExerciseRow,
    WorkoutRow,
)

PAGE_SIZE = 500
LOCAL_ONLY = frozenset({"dirty", "local_rev"})
# How SQLAlchemy's SQLite dialect stores a DateTime (naive UTC, microseconds always written).
STORED_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


@dataclass(frozen=True)
class SyncedColumn:
    local: str
    server: str
    kind: str  # "text", "int", "float", "bool", "date", "datetime" or "json"


@dataclass(frozen=True)
class SyncTable:
    """One server table and the local rows it holds."""

    server: str
    local: str
    columns: tuple[SyncedColumn, ...]
    # The server's key besides user_id ("" for profiles: one per user).
    key: str = "id"
    # Which local rows belong to it (exercises: custom ones; preferences: built-in ones).
    rows_where: str = ""
    # (local column, server table): while that parent row is quarantined the row is held back,
    # since the server would refuse it for the missing parent.
    parents: tuple[tuple[str, str], ...] = ()
    # Whether a pulled row unknown here becomes a new local row (preferences only mark rows
    # that the catalogue made).
    adds_rows: bool = True

    @property
    def on_conflict(self) -> str:
        return f"user_id,{self.key}" if self.key else "user_id"

    @cached_property
    def server_names(self) -> tuple[str, ...]:
        return tuple(c.server for c in self.columns)

    @cached_property
    def to_server(self) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
        """(server column, conversion) for the columns whose stored form is not the JSON one."""
        return tuple((c.server, _TO_SERVER[c.kind]) for c in self.columns if c.kind in _TO_SERVER)


def _kind(column: Any) -> str:
    kinds: tuple[tuple[type[Any], str], ...] = (
        (DateTime, "datetime"),
        (Date, "date"),
        (JSON, "json"),
        (Boolean, "bool"),
        (Float, "float"),
        (Integer, "int"),
    )
    stored = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    return next((kind for sa_type, kind in kinds if isinstance(stored, sa_type)), "text")


def _columns(table: type[SQLModel], skip: frozenset[str] = frozenset()) -> tuple[SyncedColumn, ...]:
    return tuple(
        SyncedColumn(c.name, c.name, _kind(c))
        for c in table.__table__.columns  # type: ignore[attr-defined]
        if c.name not in LOCAL_ONLY | skip
    )


def _table(row: type[SQLModel], **options: Any) -> SyncTable:
    name = str(row.__tablename__)
    return SyncTable(server=name, local=name, columns=_columns(row), **options)


_IN_WORKOUT = (("workout_id", "workouts"), ("exercise_id", "exercises"))

# Push order: parents before the rows that refer to them.
SYNC_TABLES: tuple[SyncTable, ...] = (
    # The server keys the profile by user alone: the local row's id never leaves the device.
    SyncTable("profiles", "profiles", _columns(ProfileRow, frozenset({"id"})), key=""),
    _table(ExerciseRow, rows_where="is_custom = 1"),
    # A lifter's marks on built-in exercises (the server holds the catalogue as shared rows).
    SyncTable(
        "exercise_preferences",
        "exercises",
        (
            SyncedColumn("id", "exercise_id", "text"),
            SyncedColumn("is_favourite", "is_favourite", "bool"),
            SyncedColumn("rest_seconds", "rest_seconds", "int"),
            *(
                c
                for c in _columns(ExerciseRow)
                if c.local in {"created_at", "updated_at", "hlc", "device_id", "deleted"}
            ),
        ),
        key="exercise_id",
        rows_where="is_custom = 0",
        adds_rows=False,
    ),
    _table(WorkoutRow),
    _table(WorkoutExerciseRow, parents=_IN_WORKOUT),
    _table(ExerciseSetRow, parents=_IN_WORKOUT),
    _table(BodyMetricRow),
    _table(PlateauRow, parents=(("exercise_id", "exercises"),)),
    _table(TemplateRow),
    _table(ProgramEnrollmentRow),
)
SYNC_TABLE_BY_NAME = {table.server: table for table in SYNC_TABLES}


# --- value conversions -----------------------------------------------------------------------


def _to_server_datetime(stored: str) -> str:
    return f"{stored.replace(' ', 'T', 1)}+00:00"


def _from_server_datetime(value: str) -> str:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(STORED_DATETIME)


def _from_server_bool(value: Any) -> int:
    return 1 if value else 0


_TO_SERVER: dict[str, Callable[[Any], Any]] = {
    "datetime": _to_server_datetime,
    "json": json.loads,
    "bool": bool,
    "float": float,
}
_FROM_SERVER: dict[str, Callable[[Any], Any]] = {
    "datetime": _from_server_datetime,
    "json": json.dumps,
    "bool": _from_server_bool,
    "float": float,
    "int": int,
    "date": str,
    "text": str,
}


def _same(kind: str, stored: Any, incoming: Any) -> bool:
    """Whether two stored values mean the same (jsonb reorders object keys, so JSON columns
    compare parsed)."""
    if stored is None or incoming is None:
        return stored is None and incoming is None
    if kind == "json":
        return bool(json.loads(stored) == json.loads(incoming))
    if kind == "float":
        return float(stored) == float(incoming)
    return bool(stored == incoming)


def _unchanged(table: SyncTable, stored: Sequence[Any], incoming: Sequence[Any]) -> bool:
    return all(
        _same(c.kind, old, new) for c, old, new in zip(table.columns, stored, incoming, strict=True)
    )


def server_values(table: SyncTable, stored: Sequence[Any]) -> dict[str, Any]:
    """A local row (its columns in `table.columns` order, as stored) in the server's JSON form."""
    values = dict(zip(table.server_names, stored, strict=True))
    for name, convert in table.to_server:
        value = values[name]
        if value is not None:
            values[name] = convert(value)
    return values


def stored_values(table: SyncTable, row: dict[str, Any]) -> list[Any]:
    """A server row's synced columns, in `table.columns` order, as the local store keeps them."""
    values: list[Any] = []
    for column in table.columns:
        value = row[column.server]
        values.append(None if value is None else _FROM_SERVER[column.kind](value))
    return values


# --- the outbox ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxRow:
    row_id: str
    local_rev: int
    values: dict[str, Any]  # server JSON, without user_id


def _where(table: SyncTable, *conditions: str) -> str:
    clauses = [c for c in (table.rows_where, *conditions) if c]
    return " AND ".join(clauses) if clauses else "1"


def _not_quarantined(table: SyncTable) -> str:
    return (
        "NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.table_name = "
        f"'{table.server}' AND q.row_id = t.id AND q.local_rev = t.local_rev)"
    )


def _parents_clear(table: SyncTable) -> str:
    return " AND ".join(
        f"t.{column} NOT IN (SELECT row_id FROM sync_quarantine WHERE table_name = '{parent}')"
        for column, parent in table.parents
    )


def outbox(connection: sqlite3.Connection, table: SyncTable) -> list[OutboxRow]:
    """The rows of `table` waiting to be pushed, oldest first: dirty, not quarantined at their
    current revision, and not held back by a quarantined parent."""
    columns = ", ".join(f"t.{c.local}" for c in table.columns)
    where = _where(table, "t.dirty = 1", _not_quarantined(table), _parents_clear(table))
    cursor = connection.execute(
        f"SELECT t.id, t.local_rev, {columns} FROM {table.local} t WHERE {where} ORDER BY t.rowid"
    )
    return [OutboxRow(row[0], row[1], server_values(table, row[2:])) for row in cursor]


def mark_pushed(connection: sqlite3.Connection, table: SyncTable, rows: Iterable[OutboxRow]) -> int:
    """The server has these revisions: clean the rows not edited since they were read, and lift
    their quarantine. Returns how many rows became clean."""
    pairs = [(row.row_id, row.local_rev) for row in rows]
    before = connection.total_changes
    connection.executemany(
        f"UPDATE {table.local} SET dirty = 0 WHERE id = ? AND local_rev = ?", pairs
    )
    cleaned = connection.total_changes - before
    connection.executemany(
        "DELETE FROM sync_quarantine WHERE table_name = ? AND row_id = ?",
        [(table.server, row_id) for row_id, _ in pairs],
    )
    return cleaned


# --- quarantine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarantinedRow:
    table: str  # server table name
    row_id: str
    local_rev: int
    http_status: int
    code: str
    message: str
    quarantined_at: datetime


def quarantine(connection: sqlite3.Connection, entry: QuarantinedRow) -> None:
    """Keep a refused row out of the pushes until it changes (or the lifter asks for a retry)."""
    connection.execute(
        "INSERT OR REPLACE INTO sync_quarantine (table_name, row_id, local_rev, http_status, "
        "code, message, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            entry.table,
            entry.row_id,
            entry.local_rev,
            entry.http_status,
            entry.code,
            entry.message,
            entry.quarantined_at.astimezone(UTC).strftime(STORED_DATETIME),
        ),
    )


def quarantined_rows(connection: sqlite3.Connection) -> list[QuarantinedRow]:
    """Rows the server refused that are still waiting at the refused revision."""
    found: list[QuarantinedRow] = []
    for table in SYNC_TABLES:
        cursor = connection.execute(
            "SELECT q.row_id, q.local_rev, q.http_status, q.code, q.message, q.quarantined_at "
            f"FROM sync_quarantine q JOIN {table.local} t ON t.id = q.row_id "
            f"WHERE q.table_name = ? AND t.local_rev = q.local_rev AND t.dirty = 1 "
            "ORDER BY q.quarantined_at, q.row_id",
            (table.server,),
        )
        found.extend(
            QuarantinedRow(
                table.server,
                row_id,
                local_rev,
                status,
                code,
                message,
                datetime.strptime(moment, STORED_DATETIME).replace(tzinfo=UTC),
            )
            for row_id, local_rev, status, code, message, moment in cursor
        )
    return found


def any_quarantined(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT 1 FROM sync_quarantine LIMIT 1").fetchone() is not None


def release_quarantine(connection: sqlite3.Connection) -> int:
    """Forget every refusal, so the rows are offered to the server again; how many there were."""
    return connection.execute("DELETE FROM sync_quarantine").rowcount


@dataclass(frozen=True)
class Pending:
    waiting: int  # dirty rows the next push will send
    quarantined: int  # refused at their current revision
    held_back: int  # waiting for a quarantined parent


def pending(connection: sqlite3.Connection) -> dict[str, Pending]:
    """Per server table: the rows not yet on the server, and why."""
    counts: dict[str, Pending] = {}
    for table in SYNC_TABLES:
        parents = _parents_clear(table) or "1"
        total, waiting, quarantined = connection.execute(
            f"SELECT count(*), coalesce(sum({_not_quarantined(table)} AND {parents}), 0), "
            f"coalesce(sum(NOT {_not_quarantined(table)}), 0) "
            f"FROM {table.local} t WHERE {_where(table, 't.dirty = 1')}"
        ).fetchone()
        counts[table.server] = Pending(waiting, quarantined, total - waiting - quarantined)
    return counts


# --- pulling -----------------------------------------------------------------------------------


def checkpoint(connection: sqlite3.Connection, table: SyncTable) -> int:
    """The highest server_version pulled for `table` (0 before the first pull)."""
    row = connection.execute(
        "SELECT server_version FROM sync_checkpoints WHERE table_name = ?", (table.server,)
    ).fetchone()
    return int(row[0]) if row else 0


def set_checkpoint(connection: sqlite3.Connection, table: SyncTable, server_version: int) -> None:
    connection.execute(
        "INSERT INTO sync_checkpoints (table_name, server_version) VALUES (?, ?) "
        "ON CONFLICT (table_name) DO UPDATE SET server_version = excluded.server_version",
        (table.server, server_version),
    )


@dataclass
class AppliedPage:
    """What one page of pulled rows changed here."""

    applied: int = 0
    newest_hlc: str = ""
    # Workouts whose roll-ups may no longer match their sets, and days whose summaries may be off.
    workouts: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)


def missing_parents(
    connection: sqlite3.Connection, table: SyncTable, rows: Sequence[dict[str, Any]]
) -> dict[str, list[str]]:
    """Parent rows that pulled rows refer to and this store lacks: parent server table ->
    ids. (A parent committed on the server after its table was pulled, or a built-in exercise
    of a newer catalogue.)"""
    missing: dict[str, list[str]] = {}
    for column, parent in table.parents:
        wanted = sorted({str(row[column]) for row in rows})
        marks = ", ".join("?" for _ in wanted)
        known = {
            found
            for (found,) in connection.execute(
                f"SELECT id FROM {SYNC_TABLE_BY_NAME[parent].local} WHERE id IN ({marks})",
                wanted,
            )
        }
        if absent := [w for w in wanted if w not in known]:
            missing[parent] = absent
    return missing


def _local_rows(
    connection: sqlite3.Connection, table: SyncTable, ids: list[str]
) -> dict[str, tuple[Any, ...]]:
    """id -> (dirty, stored values in column order) of the local rows a page names."""
    columns = ", ".join(f"t.{c.local}" for c in table.columns)
    if table.server == "profiles":
        cursor = connection.execute(
            f"SELECT t.id, t.dirty, {columns} FROM profiles t WHERE t.deleted = 0 "
            "ORDER BY t.rowid LIMIT 1"
        )
    else:
        marks = ", ".join("?" for _ in ids)
        where = _where(table, f"t.id IN ({marks})")
        cursor = connection.execute(
            f"SELECT t.id, t.dirty, {columns} FROM {table.local} t WHERE {where}", ids
        )
    return {row[0]: (row[1], row[2:]) for row in cursor}


def _wins(incoming: list[Any], stored: Sequence[Any], stamp: tuple[int, int]) -> bool:
    """(hlc, device_id) of the incoming row above the stored row's: last writer wins."""
    hlc, device = stamp
    return bool((incoming[hlc], incoming[device]) > (stored[hlc], stored[device]))


def apply_page(
    connection: sqlite3.Connection, table: SyncTable, rows: Sequence[dict[str, Any]]
) -> AppliedPage:
    """Bring pulled server rows into the store, in the caller's transaction.

    A row edited here and not yet pushed (dirty) gives way only to a later (hlc, device) stamp;
    a clean row takes the server's as soon as it differs. Rows the server now holds lift their
    quarantine. Preferences on built-in exercises this release does not ship are skipped.
    """
    result = AppliedPage()
    if not rows:
        return result
    names = [c.local for c in table.columns]
    stamp = (names.index("hlc"), names.index("device_id"))
    incoming = [stored_values(table, row) for row in rows]
    result.newest_hlc = max(values[stamp[0]] for values in incoming)
    profile = table.server == "profiles"
    key = 0 if profile else names.index("id")
    local = _local_rows(connection, table, [] if profile else [v[key] for v in incoming])
    local_profile_id = next(iter(local), None)
    updates: list[list[Any]] = []
    inserts: list[list[Any]] = []
    replaced: list[str] = []
    for values in incoming:
        row_id: str | None = local_profile_id if profile else values[key]
        if row_id is None:
            continue
        existing = local.get(row_id)
        if existing is None:
            if not table.adds_rows:
                continue
            inserts.append(values)
            replaced.append(row_id)
            local[row_id] = (0, values)
            continue
        dirty, stored = existing
        if dirty:
            if not _wins(values, stored, stamp):
                continue
        elif _unchanged(table, stored, values):
            continue
        updates.append([*values, row_id])
        replaced.append(row_id)
        if table.server == "workouts":
            result.days.add(stored[names.index("date")])
        if table.server == "exercise_sets":
            result.workouts.add(stored[names.index("workout_id")])
        local[row_id] = (0, values)
    if inserts:
        connection.executemany(
            f"INSERT INTO {table.local} ({', '.join(names)}, dirty, local_rev) "
            f"VALUES ({', '.join('?' for _ in names)}, 0, 1)",
            inserts,
        )
    if updates:
        settings = ", ".join(f"{name} = ?" for name in names)
        connection.executemany(
            f"UPDATE {table.local} SET {settings}, dirty = 0, local_rev = local_rev + 1 "
            "WHERE id = ?",
            updates,
        )
    connection.executemany(
        "DELETE FROM sync_quarantine WHERE table_name = ? AND row_id = ?",
        [(table.server, row_id) for row_id in replaced],
    )
    result.applied = len(replaced)
    changed = {row_id: local[row_id][1] for row_id in replaced}
    if table.server == "workouts":
        result.workouts.update(changed)
        result.days.update(values[names.index("date")] for values in changed.values())
    if table.server == "exercise_sets":
        result.workouts.update(values[names.index("workout_id")] for values in changed.values())
    return result
