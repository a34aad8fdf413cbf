"""`halterofit import FILE`: bring a Strong, Hevy or FitNotes history (or our JSON export)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from halterofit_tui.services.importing import ImportReport
    from halterofit_tui.services.json_import import JsonImportResult


def _report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "format": report.format,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "workouts_added": report.workouts_added,
        "sets_added": report.sets_added,
        "workouts_already_present": report.workouts_present,
        "exercises_matched": report.exercises_matched,
        "exercises_created": report.exercises_created,
        "ignored_rows": report.ignored_rows,
        "repaired_rows": report.repaired_rows,
        "mappings": [
            {
                "source_name": m.source_name,
                "exercise_id": m.exercise_id,
                "exercise_name": m.exercise_name,
                "how": m.how,
                "score": m.score,
                "sets": m.sets,
            }
            for m in report.mappings
        ],
        "problems": [{"line": p.line, "reason": p.reason} for p in report.problems],
        "backup": str(report.backup) if report.backup else None,
    }


def _json_result_json(result: JsonImportResult, backup: Path | None) -> dict[str, Any]:
    return {
        "format": "json",
        "dry_run": result.dry_run,
        "workouts_added": result.workouts,
        "sets_added": result.sets,
        "body_metrics_added": result.body_metrics,
        "plateaus_added": result.plateaus,
        "exercises_created": result.exercises_created,
        "exercises_matched": [
            {"source_name": m.document_name, "exercise_name": m.existing_name}
            for m in result.exercises_matched
        ],
        "already_present": result.already_present,
        "profile": result.profile,
        "problems": list(result.problems),
        "remarks": list(result.remarks),
        "backup": str(backup) if backup else None,
    }


# Bad rows beyond these are counted; `--json` lists them all.
PROBLEMS_SHOWN = 20


def import_file(
    file: Path = typer.Argument(..., help="The export file (CSV, or a Halterofit JSON export)."),
    source_format: str = typer.Option(
        "auto", "--format", help="auto, strong, hevy, fitnotes or json."
    ),
    unit: str | None = typer.Option(
        None, "--unit", help="kg or lb: the unit of a file that does not say (Strong)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would happen; write nothing."),
    strict: bool = typer.Option(False, "--strict", help="Write nothing if any row is bad."),
    mapping: list[str] = typer.Option(
        [], "--map", help='"Their name=Our exercise"; repeat for more.'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import a Strong, Hevy or FitNotes export; importing the same file twice adds nothing."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.domain.errors import InvalidInput
    from halterofit_tui.domain.imports.model import UnitNeeded
    from halterofit_tui.domain.units import parse_unit
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.importing import (
        JsonImportOutcome,
        import_data,
        json_summary_lines,
        mapping_lines,
        parse_mappings,
        read_export,
        summary_lines,
    )

    typed_unit = parse_unit(unit) if unit else None
    mappings = parse_mappings(mapping)
    data = read_export(file)
    db = open_store()
    show_progress = sys.stderr.isatty() and not as_json
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = typer.progressbar(length=total, label="Importing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        outcome = import_data(
            db,
            data,
            source_format=source_format,
            unit=typed_unit,
            dry_run=dry_run,
            strict=strict,
            mappings=mappings,
            progress=progress if show_progress else None,
        )
    except UnitNeeded as exc:
        raise InvalidInput(f"{exc}: rerun with --unit kg or --unit lb") from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if isinstance(outcome, JsonImportOutcome):
        if as_json:
            emit_json(_json_result_json(outcome.result, outcome.backup))
            return
        lines = json_summary_lines(outcome.result, outcome.backup, PROBLEMS_SHOWN)
        problems = len(outcome.result.problems)
    else:
        if as_json:
            emit_json(_report_json(outcome))
            return
        lines = [*mapping_lines(outcome), ""] if dry_run else []
        lines += summary_lines(outcome, PROBLEMS_SHOWN)
        problems = len(outcome.problems)
    for line in lines:
        typer.echo(line)
    if problems > PROBLEMS_SHOWN:
        typer.echo("Every bad row: add --json.")


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
