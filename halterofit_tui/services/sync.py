"""Two-way sync of the local store with the lifter's Supabase project (docs: SYNC.md).

Push, then pull. The push sends every dirty row, table by table in foreign-key order, as
idempotent upserts of up to 500 rows; the server's trigger keeps the row with the later
(hlc, device_id) stamp, so resending after a lost answer is harmless. A row is cleaned only if it
was not edited while its batch was in flight. Rows the server refuses (bad value, constraint,
row-level security) are found by halving the batch, quarantined and reported, and stay dirty:
they go again once edited, or with `retry_quarantined`. The pull reads each table past its
checkpoint (the server's per-user commit counter) in pages, skipping this device's own writes;
each page, the checkpoint and the clock advance land in one transaction.

Workout roll-ups (totals) are derived from the sets on both sides: the server recomputes a
workout's totals whenever its sets change, and after a pull this store does the same for the
workouts whose sets or rows arrived, so both agree without either side's totals being an edit.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from halterofit_tui.config import Paths
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.hlc import Hlc, receive
from halterofit_tui.services.analytics import refresh_performance_metrics
from halterofit_tui.services.file_lock import LockBusy, exclusive_lock
from halterofit_tui.services.remote_config import load_remote_config
from halterofit_tui.services.supabase_auth import SessionManager
from halterofit_tui.services.supabase_rest import (
    RestClient,
    RestError,
    ServerUnreachable,
    open_http_client,
)
from halterofit_tui.services.workouts import refresh_totals
from halterofit_tui.store.analytics_queries import session_connection
from halterofit_tui.store.sync_queries import (
    PAGE_SIZE,
    SYNC_TABLE_BY_NAME,
    SYNC_TABLES,
    AppliedPage,
    OutboxRow,
    Pending,
    QuarantinedRow,
    SyncTable,
    any_quarantined,
    apply_page,
    checkpoint,
    mark_pushed,
    missing_parents,
    outbox,
    pending,
    quarantine,
    quarantined_rows,
    release_quarantine,
    set_checkpoint,
)
from halterofit_tui.store.tables import WorkoutRow

if TYPE_CHECKING:
    from sqlmodel import Session

    from halterofit_tui.store.engine import Database

__all__ = [
    "LAST_SYNC_KEY",
    "Pending",
    "QuarantinedRow",
    "SyncBusy",
    "SyncReport",
    "SyncStatus",
    "remote_client",
    "sync",
    "sync_status",
]

LAST_SYNC_KEY = "last_sync_at"
SYNC_LOCK_FILE = "sync.lock"
# An untouched default profile carries the lowest stamp: any setting made on any device wins
# over it, so a new device never resets the lifter's settings to the defaults.
GROUND_HLC = Hlc(0).encode()

Progress = Callable[[int, int], None]


class SyncBusy(HalterofitError):
    """Another process is syncing this store right now."""


@dataclass(frozen=True)
class SyncReport:
    pushed: dict[str, int]  # rows the server took, per server table
    pulled: dict[str, int]  # rows changed here by the pull, per server table
    quarantined: tuple[QuarantinedRow, ...]  # rows refused during this sync
    held_back: int  # rows waiting for a quarantined parent
    offline: str | None = None  # why the server could not be reached; None when completed

    @property
    def pushed_total(self) -> int:
        return sum(self.pushed.values())

    @property
    def pulled_total(self) -> int:
        return sum(self.pulled.values())


@dataclass(frozen=True)
class SyncStatus:
    pending: dict[str, Pending]  # per server table
    quarantined: tuple[QuarantinedRow, ...]
    last_sync: datetime | None

    @property
    def pending_total(self) -> int:
        return sum(p.waiting for p in self.pending.values())


@dataclass
class _Run:
    """What one sync has done so far."""

    user_id: str
    device: str
    progress: Progress | None
    total: int = 0
    done: int = 0
    pushed: Counter[str] = field(default_factory=Counter)
    pulled: Counter[str] = field(default_factory=Counter)
    refused: list[QuarantinedRow] = field(default_factory=list)

    def report(self, db: Database, offline: str | None = None) -> SyncReport:
        return SyncReport(
            pushed={t.server: self.pushed[t.server] for t in SYNC_TABLES},
            pulled={t.server: self.pulled[t.server] for t in SYNC_TABLES},
            quarantined=tuple(self.refused),
            held_back=_held_back(db),
            offline=offline,
        )


def _held_back(db: Database) -> int:
    with db.session() as session:
        connection = session_connection(session)
        if not any_quarantined(connection):  # the usual case: no need to count
            return 0
        return sum(p.held_back for p in pending(connection).values())


@contextmanager
def _exclusive(db: Database) -> Iterator[None]:
    """One sync of a store at a time, across processes (the app and the CLI)."""
    try:
        with exclusive_lock(db.paths.data_dir / SYNC_LOCK_FILE, wait=False):
            yield
    except LockBusy:
        raise SyncBusy("another Halterofit is syncing this store; try again shortly") from None


def sync(
    db: Database,
    rest: RestClient,
    *,
    progress: Progress | None = None,
    retry_quarantined: bool = False,
) -> SyncReport:
    """Push this store's edits, then pull everyone else's. `progress(done, total)` follows the
    push. Returns what moved; an unreachable server ends the sync early with `offline` set,
    everything not pushed still queued."""
    with _exclusive(db):
        user_id = rest.user_id
        with db.session() as session:
            connection = session_connection(session)
            if retry_quarantined:
                release_quarantine(connection)
            connection.execute(
                "UPDATE profiles SET hlc = ? WHERE dirty = 1 AND local_rev = 1", (GROUND_HLC,)
            )
            run = _Run(user_id, db.device_id(session), progress)
            if progress is not None:
                run.total = sum(p.waiting for p in pending(connection).values())
                progress(0, run.total)
        try:
            _push(db, rest, run)
            _pull(db, rest, run)
        except ServerUnreachable as exc:
            return run.report(db, offline=str(exc))
        with db.session() as session:
            db.set_meta(session, LAST_SYNC_KEY, datetime.now(UTC).isoformat())
        return run.report(db)


@contextmanager
def remote_client(
    paths: Paths, *, sleep: Callable[[float], None] = time.sleep
) -> Iterator[RestClient]:
    """The REST client of this device's project and session (RemoteNotConfigured when no
    project is set; SignInRequired surfaces at the first request when nobody is signed in).
    `sleep` waits between retries (the app's can be cut short when it quits)."""
    config = load_remote_config(paths)
    with open_http_client() as http:
        yield RestClient(config, SessionManager(paths, config, http), http, sleep=sleep)


# --- push --------------------------------------------------------------------------------------


def _push(db: Database, rest: RestClient, run: _Run) -> None:
    for table in SYNC_TABLES:
        with db.session() as session:
            rows = outbox(session_connection(session), table)
        accepted: list[OutboxRow] = []
        try:
            for start in range(0, len(rows), PAGE_SIZE):
                _send(rest, run, table, rows[start : start + PAGE_SIZE], accepted)
        finally:
            # One transaction per table: a crash before it only means sending those rows again,
            # which the server takes as the same rows.
            with db.session() as session:
                connection = session_connection(session)
                mark_pushed(connection, table, accepted)
                for entry in run.refused:
                    if entry.table == table.server:
                        quarantine(connection, entry)


def _send(
    rest: RestClient,
    run: _Run,
    table: SyncTable,
    rows: Sequence[OutboxRow],
    accepted: list[OutboxRow],
) -> None:
    """Upsert `rows`, adding them to `accepted`; when the server refuses rows, halve the batch
    until each refused row is alone (to quarantine) and send the others."""
    try:
        rest.upsert(
            table.server,
            [{"user_id": run.user_id, **row.values} for row in rows],
            table.on_conflict,
        )
    except RestError as exc:
        if not exc.rejects_rows:
            raise
        if len(rows) > 1:
            half = len(rows) // 2
            _send(rest, run, table, rows[:half], accepted)
            _send(rest, run, table, rows[half:], accepted)
            return
        (row,) = rows
        run.refused.append(
            QuarantinedRow(
                table.server,
                row.row_id,
                row.local_rev,
                exc.status,
                exc.code,
                exc.message,
                datetime.now(UTC),
            )
        )
        return
    accepted.extend(rows)
    run.pushed[table.server] += len(rows)
    run.done += len(rows)
    if run.progress is not None:
        run.progress(run.done, max(run.total, run.done))


# --- pull --------------------------------------------------------------------------------------


def _pull(db: Database, rest: RestClient, run: _Run) -> None:
    """Pull every table past its checkpoint, in foreign-key order."""
    for table in SYNC_TABLES:
        _pull_table(db, rest, run, table)


def _pull_table(db: Database, rest: RestClient, run: _Run, table: SyncTable) -> None:
    """Page through one table; each page, its checkpoint and the clock land in one
    transaction."""
    with db.session() as session:
        since = checkpoint(session_connection(session), table)
    while True:
        rows = rest.select(
            table.server,
            {
                "select": "*",
                "server_version": f"gt.{since}",
                # This device's own writes are here already (or newer).
                "device_id": f"neq.{run.device}",
                "order": "server_version.asc",
                "limit": str(PAGE_SIZE),
            },
        )
        if rows:
            _take_page(db, rest, run, table, rows)
            since = max(int(row["server_version"]) for row in rows)
        if len(rows) < PAGE_SIZE:
            return


def _take_page(
    db: Database, rest: RestClient, run: _Run, table: SyncTable, rows: list[dict[str, Any]]
) -> None:
    """Apply one page. Rows whose parent is not here yet (committed on the server after the
    parent's table was pulled) wait until the parents' tables are pulled again."""
    newest = max(int(row["server_version"]) for row in rows)
    for attempt in (1, 2):
        with db.session() as session:
            connection = session_connection(session)
            # A write first, so this transaction holds the write lock before it reads.
            set_checkpoint(connection, table, newest)
            missing = missing_parents(connection, table, rows)
            if not missing:
                applied = apply_page(connection, table, rows)
                _advance_clock(db, session, applied.newest_hlc)
                _refresh_derived(session, applied)
                run.pulled[table.server] += applied.applied
                return
            session.rollback()
        if attempt == 1:
            for parent in missing:
                _pull_table(db, rest, run, SYNC_TABLE_BY_NAME[parent])
    parent, ids = next(iter(missing.items()))
    raise HalterofitError(
        f"the server has {table.server} rows that refer to {parent} this Halterofit does not "
        f"know (e.g. {ids[0]}); upgrade Halterofit, then sync again"
    )


def _advance_clock(db: Database, session: Session, newest: str) -> None:
    """Our next edit must carry a later stamp than any edit we have seen."""
    last = db.meta(session, "hlc")
    now_ms = time.time_ns() // 1_000_000
    stamp = receive(Hlc.decode(last) if last else None, Hlc.decode(newest), now_ms)
    db.set_meta(session, "hlc", stamp.encode())


def _refresh_derived(session: Session, applied: AppliedPage) -> None:
    """Bring workout totals and the analytics summary in line with the rows pulled.

    Totals are derived: the server recomputes them from its sets as this store does from its
    own, so once both hold the same sets they agree, and nothing here is an edit to push.
    """
    days = {date.fromisoformat(day) for day in applied.days}
    for workout_id in sorted(applied.workouts):
        workout = session.get(WorkoutRow, workout_id)
        if workout is None:
            continue
        if workout.deleted:  # a deleted workout keeps its totals (as services/workouts.py does)
            days.add(workout.date)
            continue
        refresh_totals(session, workout)  # also refreshes the summary of its day
        days.discard(workout.date)
    refresh_performance_metrics(session, days)


# --- status --------------------------------------------------------------------------------------


def sync_status(db: Database) -> SyncStatus:
    """What waits to be pushed, what the server refused, and when the last sync completed."""
    with db.session() as session:
        connection = session_connection(session)
        last = db.meta(session, LAST_SYNC_KEY)
        return SyncStatus(
            pending=pending(connection),
            quarantined=tuple(quarantined_rows(connection)),
            last_sync=datetime.fromisoformat(last) if last else None,
        )
