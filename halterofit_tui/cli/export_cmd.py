"""`halterofit export FILE`: the whole log as lossless JSON, or as CSV in Strong's layout."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from datetime import date
from pathlib import Path

import typer

from halterofit_tui.domain.errors import InvalidInput

STDOUT = "-"
SIGPIPE_EXIT = 141  # 128 + SIGPIPE, what a shell reports for `export - | head`


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date: use YYYY-MM-DD") from None


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def export(
    file: str = typer.Argument(..., metavar="FILE", help="Where to write; - for stdout."),
    export_format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="json (lossless, for `halterofit import`), csv or strong (Strong's CSV layout). "
        "Default: csv for a .csv file, else json.",
    ),
    since: str | None = typer.Option(
        None,
        "--since",
        help="Only workouts, body metrics and plateaus still going on from this date (YYYY-MM-DD).",
    ),
) -> None:
    """Export your training log: JSON that imports back exactly, or CSV other apps read."""
    from halterofit_tui.services.exporting import (
        export_target,
        export_to_file,
        parse_export_format,
        write_export,
    )

    chosen = parse_export_format(export_format, file)
    since_date = _since(since)
    to_stdout = file == STDOUT
    if not to_stdout:
        # Refuse a bad path before the store is opened and the export built.
        export_target(Path(file))
    from halterofit_tui.services.context import open_store

    db = open_store()
    if to_stdout:
        sys.stdout.flush()
        # UTF-8 whatever the terminal's locale: names and notes hold accents and emoji.
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            report = write_export(db, out, chosen, since=since_date)
            out.flush()
        except BrokenPipeError:
            # The reader stopped early (`| head`): nothing to report, as with other tools.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(SIGPIPE_EXIT) from None
        finally:
            with contextlib.suppress(BrokenPipeError):
                out.detach()
    else:
        report = export_to_file(db, Path(file), chosen, since=since_date)
    parts = [_count(report.workouts, "workout"), _count(report.sets, "set")]
    if report.body_metrics:
        parts.append(_count(report.body_metrics, "body metric"))
    what = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    where = "stdout" if to_stdout else file
    typer.echo(f"Exported {what} to {where} ({chosen}).", err=to_stdout)


def register(app: typer.Typer) -> None:
    app.command()(export)
