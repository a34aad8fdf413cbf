"""`halterofit backup` and `halterofit restore`: a consistent copy of the store, and back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from halterofit_tui.services.backup import StoreSummary


def _size(size_bytes: int) -> str:
    if size_bytes < 1000:
        return f"{size_bytes} bytes"
    if size_bytes < 1_000_000:
        return f"{size_bytes / 1000:.1f} KB"
    return f"{size_bytes / 1_000_000:.1f} MB"


def _can_ask() -> bool:
    return sys.stdin.isatty()


def _described(summary: StoreSummary | None) -> str:
    if summary is None:
        return "unreadable"
    last = f", last on {summary.last_workout}" if summary.last_workout else ""
    workouts = f"{summary.workouts} workout{'' if summary.workouts == 1 else 's'}"
    return f"{workouts}, {summary.sets} set{'' if summary.sets == 1 else 's'}{last}"


def backup(
    file: Path | None = typer.Argument(
        None,
        metavar="FILE",
        help="Where to write the copy (default: a timestamped file in backups/).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Copy the database to FILE: consistent even while the app or another command writes."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.config import resolve_paths
    from halterofit_tui.services.backup import create_backup

    result = create_backup(resolve_paths(), file, force=force)
    if as_json:
        emit_json({"path": str(result.path), "size_bytes": result.size_bytes})
    else:
        typer.echo(f"Backed up to {result.path} ({_size(result.size_bytes)}).")


def restore(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="A backup made by `halterofit backup` (or any copy)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Replace the database without asking."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Replace the database with FILE, after checking it; the current one is kept in backups/."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.config import resolve_paths
    from halterofit_tui.domain.errors import InvalidInput
    from halterofit_tui.services.backup import apply_restore, prepare_restore, summarise
    from halterofit_tui.services.context import open_store

    paths = resolve_paths()
    with prepare_restore(paths, file) as prepared:
        if not yes:
            prompt = (
                f"Replace the current database ({_described(summarise(paths.database))}) with "
                f"{prepared.source} ({_described(prepared.summary)})? "
                f"The current one is kept in {paths.backups}."
            )
            if not _can_ask():
                raise InvalidInput(
                    "restore replaces the current database: add --yes to confirm "
                    "(there is no terminal to ask)"
                )
            if not typer.confirm(prompt, err=True):
                raise typer.Exit(1)
        result = apply_restore(paths, prepared)
    # The normal start-up path: catalogue and profile as this release expects them.
    open_store().dispose()
    if as_json:
        emit_json(
            {
                "restored_from": str(result.source),
                "kept_aside": str(result.kept_aside) if result.kept_aside else None,
                "found_schema": result.found_schema,
                "schema": result.summary.schema,
                "workouts": result.summary.workouts,
                "sets": result.summary.sets,
                "last_workout": result.summary.last_workout,
            }
        )
        return
    if result.kept_aside:
        typer.echo(f"The replaced database is kept in {result.kept_aside}")
    upgraded = (
        f" (schema {result.found_schema} brought up to {result.summary.schema})"
        if result.found_schema != result.summary.schema
        else ""
    )
    typer.echo(f"Restored {result.source}{upgraded}: {_described(result.summary)}.")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
