"""`halterofit sync`, `halterofit sync status` and `halterofit doctor`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from halterofit_tui.services.doctor import Check
    from halterofit_tui.services.sync import QuarantinedRow, SyncReport, SyncStatus

JSON_HELP = "Print JSON instead of text."
# Pushes smaller than this finish before a progress bar would be worth drawing.
PROGRESS_FROM_ROWS = 1000

sync_app = typer.Typer(
    rich_markup_mode=None,
    invoke_without_command=True,
    help="Sync this device with your Supabase project (after `halterofit login`).",
)


def _count(n: int, what: str = "row") -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _per_table(counts: dict[str, int]) -> str:
    return ", ".join(f"{table} {n:,}" for table, n in counts.items() if n)


def _quarantined_json(row: QuarantinedRow) -> dict[str, Any]:
    from halterofit_tui.cli.output import iso

    return {
        "table": row.table,
        "id": row.row_id,
        "local_rev": row.local_rev,
        "http_status": row.http_status,
        "code": row.code,
        "message": row.message,
        "quarantined_at": iso(row.quarantined_at),
    }


def _quarantined_line(row: QuarantinedRow) -> str:
    label = f"HTTP {row.http_status}, {row.code}" if row.code else f"HTTP {row.http_status}"
    return f"  {row.table} {row.row_id[:8]}: {row.message} ({label})"


def report_json(report: SyncReport) -> dict[str, Any]:
    return {
        "status": "offline" if report.offline else "ok",
        "offline_reason": report.offline,
        "pushed": report.pushed,
        "pushed_total": report.pushed_total,
        "pulled": report.pulled,
        "pulled_total": report.pulled_total,
        "quarantined": [_quarantined_json(q) for q in report.quarantined],
        "held_back": report.held_back,
    }


def _progress_bar() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress callback drawing a bar on stderr for large pushes, and its closer."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if total <= PROGRESS_FROM_ROWS:
                return
            from rich.progress import Progress

            bar = Progress(transient=True, console=_stderr_console())
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("Pushing", total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    def close() -> None:
        if "bar" in state:
            state["bar"].stop()

    return update, close


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@sync_app.callback(invoke_without_command=True)
def sync(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    retry_quarantined: bool = typer.Option(
        False, "--retry-quarantined", help="Offer rows the server refused to it again."
    ),
) -> None:
    """Push this device's changes, then pull the others'; rows the server refuses are kept."""
    if ctx.invoked_subcommand is not None:
        return
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.sync import remote_client
    from halterofit_tui.services.sync import sync as run_sync

    db = open_store()
    update, close = _progress_bar() if sys.stderr.isatty() and not as_json else (None, None)
    try:
        with remote_client(db.paths) as rest:
            report = run_sync(db, rest, progress=update, retry_quarantined=retry_quarantined)
    finally:
        if close is not None:
            close()
        db.dispose()
    if as_json:
        emit_json(report_json(report))
    else:
        _print_report(report)
    if report.offline:
        if not as_json:
            waiting = "everything not pushed stays queued for the next sync"
            typer.echo(f"halterofit: offline: {report.offline}; {waiting}", err=True)
        raise typer.Exit(1)


def _print_report(report: SyncReport) -> None:
    pushed = _count(report.pushed_total)
    if report.pushed_total:
        pushed += f" ({_per_table(report.pushed)})"
    pulled = f"{report.pulled_total:,}"
    if report.pulled_total:
        pulled += f" ({_per_table(report.pulled)})"
    typer.echo(f"Pushed {pushed}, pulled {pulled}, quarantined {len(report.quarantined):,}.")
    if report.quarantined:
        typer.echo("Refused by the server (kept here; edit them or `sync --retry-quarantined`):")
        for row in report.quarantined:
            typer.echo(_quarantined_line(row))
    if report.held_back:
        typer.echo(
            f"{_count(report.held_back)} wait for a refused parent (`halterofit sync status`)."
        )


def _ago(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((now - moment).total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"{_count(seconds // size, unit)} ago"
    return "just now"


def status_json(status: SyncStatus) -> dict[str, Any]:
    from halterofit_tui.cli.output import iso

    return {
        "last_sync": iso(status.last_sync),
        "pending": {table: p.waiting for table, p in status.pending.items()},
        "pending_total": status.pending_total,
        "held_back": {table: p.held_back for table, p in status.pending.items()},
        "quarantined": [_quarantined_json(q) for q in status.quarantined],
    }


@sync_app.command("status")
def sync_status(
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """What waits to be pushed, what the server refused, and when the last sync finished."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.sync import sync_status as read_status

    db = open_store()
    try:
        status = read_status(db)
    finally:
        db.dispose()
    if as_json:
        emit_json(status_json(status))
        return
    if status.last_sync is None:
        typer.echo("Last sync: never.")
    else:
        when = status.last_sync.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        typer.echo(f"Last sync: {when} ({_ago(status.last_sync, datetime.now(UTC))}).")
    waiting = {table: p.waiting for table, p in status.pending.items()}
    if status.pending_total:
        typer.echo(f"Pending: {_count(status.pending_total)} ({_per_table(waiting)}).")
    else:
        typer.echo("Pending: nothing to push.")
    held = sum(p.held_back for p in status.pending.values())
    if held:
        typer.echo(f"Held back: {_count(held)} waiting for a refused parent row.")
    if status.quarantined:
        typer.echo(f"Quarantined: {_count(len(status.quarantined))} refused by the server:")
        for row in status.quarantined:
            typer.echo(_quarantined_line(row))
    else:
        typer.echo("Quarantined: none.")


def check_json(check: Check) -> dict[str, Any]:
    return {
        "name": check.name,
        "status": check.status,
        "detail": check.detail,
        "value": check.value,
    }


def doctor(
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Check that this device can sync: keyring, database, server, schema, clock."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.config import resolve_paths
    from halterofit_tui.services.doctor import run_doctor

    checks = run_doctor(resolve_paths())
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        emit_json({"ok": not failed, "checks": [check_json(c) for c in checks]})
    else:
        for check in checks:
            typer.echo(f"{check.status:<4}  {check.name:<8}  {check.detail}")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")
    app.command()(doctor)
