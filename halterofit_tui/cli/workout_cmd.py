"""Workout commands: start, log, status, finish, undo, edit, delete, history, show."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import typer

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import ACCEPTED_FORMS, parse_sets
from halterofit_tui.domain.units import (
    Unit,
    format_duration,
    format_number,
    format_weight,
    parse_unit,
)

if TYPE_CHECKING:
    from halterofit_tui.domain.records import PersonalRecord
    from halterofit_tui.services.anomalies import AnomalyPolicy
    from halterofit_tui.services.workouts import LogResult
    from halterofit_tui.store.engine import Database

JSON_HELP = "Print JSON (weights in kg) instead of text."
_SPEC_START = re.compile(r"^(-?[\d.]|bw\b|bw\+|bodyweight\b)", re.IGNORECASE)


def stdin_is_terminal() -> bool:
    """Whether a question can be asked (a person at a terminal, not a script or a pipe)."""
    return sys.stdin.isatty()


def _store() -> Database:
    from halterofit_tui.services.context import open_store

    return open_store()


def _unit(db: Database) -> Unit:
    from halterofit_tui.services.profile import get_profile

    return parse_unit(get_profile(db).unit)


def split_exercise_and_specs(words: list[str]) -> tuple[str, list[str]]:
    """`log bench press 100x5` works unquoted: the name runs until the first set spec."""
    for index, word in enumerate(words[1:], start=1):
        if _SPEC_START.match(word):
            return " ".join(words[:index]), words[index:]
    return " ".join(words), []


def _pr_text(pr: PersonalRecord, unit: Unit) -> str:
    if pr.kind == "e1rm":
        what = f"e1RM {format_weight(pr.value_kg, unit)}"
    else:
        what = f"{format_weight(pr.value_kg, unit)} x {pr.reps}"
    return f"{pr.exercise_name}: {what} (was {format_weight(pr.previous_kg, unit)})"


def start(
    name: str | None = typer.Argument(None, help="Workout name (default: Morning/Afternoon/...)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Start a workout."""
    from halterofit_tui.cli.output import emit_json, workout_json
    from halterofit_tui.services.workouts import start_workout

    workout = start_workout(_store(), name)
    if as_json:
        emit_json(workout_json(workout))
    else:
        typer.echo(f"Started '{workout.name}' (id {workout.id[:8]}).")


def log(
    words: list[str] = typer.Argument(
        ..., metavar="EXERCISE SPEC...", help=f"Exercise then sets; {ACCEPTED_FORMS}."
    ),
    rpe: float | None = typer.Option(None, "--rpe", help="RPE for sets that give none."),
    set_type: str = typer.Option(
        "working",
        "--type",
        "-t",
        help="warmup, working, drop, cluster, rest_pause, failure, amrap.",
    ),
    tempo: str | None = typer.Option(None, "--tempo", help="Tempo, e.g. 3-1-1-0."),
    rest: int | None = typer.Option(None, "--rest", help="Rest taken before the set, seconds."),
    notes: str = typer.Option("", "--notes", help="Notes for these sets."),
    technique: int | None = typer.Option(None, "--technique", help="Technique rating 1-5."),
    unit: str | None = typer.Option(None, "--unit", help="kg or lb for unitless weights."),
    yes: bool = typer.Option(
        False,
        "--yes",
        "-y",
        help="Log sets that look like typos without asking; they count for records once you "
        "`halterofit anomalies confirm` them.",
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Log sets: `halterofit log "bench press" 100x5@8 100x5@8.5` (starts a workout if needed)."""
    from halterofit_tui.services.anomalies import ImplausibleSet
    from halterofit_tui.services.workouts import SetDetails, log_sets

    exercise, spec_words = split_exercise_and_specs(words)
    if not spec_words:
        raise InvalidInput(f"no sets given for '{exercise}'; {ACCEPTED_FORMS}")
    typed_unit = parse_unit(unit) if unit else None
    details = SetDetails(set_type, tempo, rest, notes, technique)
    db = _store()

    def log_with(policy: AnomalyPolicy) -> LogResult:
        return log_sets(
            db,
            exercise,
            details=details,
            notation=spec_words,
            unit=typed_unit,
            rpe=rpe,
            anomalies=policy,
        )

    try:
        result = log_with("flag" if yes else "refuse")
    except ImplausibleSet as implausible:
        if not stdin_is_terminal():
            raise InvalidInput(
                f"{implausible}; nothing logged (add --yes to log it anyway)"
            ) from None
        typer.echo(str(implausible), err=True)
        if not typer.confirm("Log anyway?", default=False, err=True):
            raise typer.Exit(1) from None
        result = log_with("confirm")
    shown_unit = result.unit
    if as_json:
        from halterofit_tui.cli.output import emit_json, set_json, workout_json

        emit_json(
            {
                "workout": workout_json(result.workout),
                "sets": [set_json(s) for s in result.sets],
                "anomalies": [
                    {
                        "set_id": flag.set_id,
                        "confirmed": flag.confirmed,
                        "reasons": [r.message for r in flag.reasons],
                    }
                    for flag in result.flags
                ],
            }
        )
        return
    from halterofit_tui.cli.output import totals_line
    from halterofit_tui.domain.describe import set_text

    if result.started_workout:
        typer.echo(f"Started '{result.workout.name}' (id {result.workout.id[:8]}).")
    for s in result.sets:
        e1rm = f" · e1RM {format_weight(s.estimated_1rm, shown_unit)}" if s.estimated_1rm else ""
        typer.echo(
            f"Logged {s.exercise_name} set {s.set_number}: {set_text(s, shown_unit)}{e1rm}"
            f"  [{s.id[:8]}]"
        )
    for flag in result.flags:
        if not flag.confirmed:
            typer.echo(
                f"  [{flag.set_id[:8]}] flagged: {'; '.join(r.message for r in flag.reasons)}; "
                f"not in records until `halterofit anomalies confirm {flag.set_id[:8]}`"
            )
    typer.echo(f"Workout so far: {totals_line(result.workout, shown_unit)}")


def status(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Show the workout in progress."""
    from halterofit_tui.cli.output import detail_json, detail_text, emit_json
    from halterofit_tui.services.workouts import active_workout

    db = _store()
    detail = active_workout(db)
    if as_json:
        emit_json(detail_json(detail) if detail else None)
        return
    if detail is None:
        typer.echo("No workout in progress. Start one with `halterofit start` or `halterofit log`.")
        return
    started = detail.workout.started_at
    elapsed = int((datetime.now(UTC) - started).total_seconds()) if started else None
    for line in detail_text(detail, _unit(db)):
        typer.echo(line)
    typer.echo(f"  elapsed {format_duration(elapsed)}")


def finish(
    notes: str | None = typer.Option(None, "--notes", help="Notes for the workout."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Finish the workout in progress and print its summary."""
    from halterofit_tui.cli.output import emit_json, totals_line, workout_json
    from halterofit_tui.services.workouts import finish_workout

    db = _store()
    summary = finish_workout(db, notes)
    w = summary.workout
    if as_json:
        data = workout_json(w)
        data["prs"] = [
            {
                "exercise": pr.exercise_name,
                "kind": pr.kind,
                "reps": pr.reps,
                "value_kg": round(pr.value_kg, 3),
                "previous_kg": round(pr.previous_kg, 3),
                "set_id": pr.set_id,
            }
            for pr in summary.prs
        ]
        emit_json(data)
        return
    unit = _unit(db)
    typer.echo(f"Finished '{w.name}' in {format_duration(w.duration_s)}.")
    typer.echo(f"  {totals_line(w, unit)}")
    if summary.prs:
        typer.echo(f"  New PRs ({len(summary.prs)}):")
        for pr in summary.prs:
            typer.echo(f"    {_pr_text(pr, unit)}")
    else:
        typer.echo("  No new PRs.")


def undo(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Remove the last logged set."""
    from halterofit_tui.cli.output import emit_json, set_json
    from halterofit_tui.domain.describe import set_text
    from halterofit_tui.services.workouts import undo_last_set

    db = _store()
    removed = undo_last_set(db)
    if as_json:
        emit_json(set_json(removed))
    else:
        typer.echo(
            f"Removed {removed.exercise_name} set {removed.set_number}: "
            f"{set_text(removed, _unit(db))}"
        )


def edit(
    set_id: str = typer.Argument(..., help="Set id (or its first characters)."),
    spec: str | None = typer.Argument(None, help="New weight x reps [@RPE], e.g. 102.5x5@8."),
    weight: float | None = typer.Option(None, "--weight", help="New weight."),
    unit: str | None = typer.Option(None, "--unit", help="Unit of --weight or SPEC."),
    reps: int | None = typer.Option(None, "--reps", help="New reps."),
    rpe: float | None = typer.Option(None, "--rpe", help="New RPE."),
    no_rpe: bool = typer.Option(False, "--no-rpe", help="Clear the RPE."),
    set_type: str | None = typer.Option(None, "--type", "-t", help="New set type."),
    tempo: str | None = typer.Option(None, "--tempo", help="New tempo."),
    rest: int | None = typer.Option(None, "--rest", help="New rest, seconds."),
    notes: str | None = typer.Option(None, "--notes", help="New notes."),
    technique: int | None = typer.Option(None, "--technique", help="Technique rating 1-5."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Change a logged set."""
    from halterofit_tui.cli.output import emit_json, set_json
    from halterofit_tui.domain.describe import set_text
    from halterofit_tui.services.workouts import SetChanges, edit_set

    db = _store()
    chosen_unit = parse_unit(unit) if unit else None
    if spec is not None:
        specs = parse_sets(spec, chosen_unit or _unit(db))
        if len(specs) != 1 or specs[0].count != 1:
            raise InvalidInput("edit takes one set, e.g. 102.5x5@8")
        parsed = specs[0]
        weight, reps, chosen_unit = parsed.weight, parsed.reps, parsed.unit
        rpe = parsed.rpe if parsed.rpe is not None else rpe
    changes = SetChanges(
        weight=weight,
        unit=chosen_unit,
        reps=reps,
        rpe=rpe,
        clear_rpe=no_rpe,
        set_type=set_type,
        tempo=tempo,
        rest_seconds=rest,
        notes=notes,
        technique_rating=technique,
    )
    if changes == SetChanges(unit=chosen_unit):
        raise InvalidInput("nothing to change: give a SPEC or an option such as --reps")
    updated = edit_set(db, set_id, changes)
    if as_json:
        emit_json(set_json(updated))
    else:
        typer.echo(
            f"Updated {updated.exercise_name} set {updated.set_number}: "
            f"{set_text(updated, _unit(db))}"
        )


def delete(
    some_id: str = typer.Argument(..., metavar="SET_ID|WORKOUT_ID", help="Id or first characters."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete a workout without asking."),
) -> None:
    """Delete a set, or a whole workout with its sets."""
    from halterofit_tui.services.workouts import delete as delete_record
    from halterofit_tui.services.workouts import show_workout

    db = _store()
    if not yes:
        from halterofit_tui.domain.errors import NotFound

        try:
            workout = show_workout(db, some_id).workout
        except (NotFound, InvalidInput):
            workout = None
        if workout is not None:
            prompt = (
                f"Delete workout '{workout.name}' of {workout.date} ({workout.total_sets} sets)?"
            )
            if not sys.stdin.isatty():
                raise InvalidInput(f"{prompt} Add --yes to confirm")
            if not typer.confirm(prompt):
                raise typer.Exit(1)
    deleted = delete_record(db, some_id)
    typer.echo(f"Deleted {deleted.description}.")


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date: use YYYY-MM-DD") from None


def history(
    limit: int = typer.Option(20, "--limit", "-n", help="How many workouts."),
    since: str | None = typer.Option(None, "--since", help="Only from this date (YYYY-MM-DD)."),
    exercise: str | None = typer.Option(None, "--exercise", "-e", help="Only this exercise."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List workouts, newest first."""
    from halterofit_tui.cli.output import detail_json, detail_text, emit_json
    from halterofit_tui.services.history_reads import read_history

    details, unit = read_history(limit=limit, since=_parse_date(since), exercise=exercise)
    if as_json:
        emit_json([detail_json(d) for d in details])
        return
    if not details:
        typer.echo("No workouts yet.")
        return
    for detail in details:
        for line in detail_text(detail, unit, compact=True):
            typer.echo(line)
        typer.echo("")


def show(
    workout_id: str = typer.Argument(..., help="Workout id (or its first characters)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Show one workout with its sets and their ids."""
    from halterofit_tui.cli.output import detail_json, detail_text, emit_json
    from halterofit_tui.services.workouts import show_workout

    db = _store()
    detail = show_workout(db, workout_id)
    if as_json:
        emit_json(detail_json(detail))
        return
    for line in detail_text(detail, _unit(db)):
        typer.echo(line)
    if detail.workout.intensity is not None:
        typer.echo(f"  intensity {format_number(detail.workout.intensity * 100, 1)}% of e1RM")


def register(app: typer.Typer) -> None:
    for command in (start, status, finish, undo, edit, delete, history, show):
        app.command()(command)
    # "-100x5" is a (bad) set, not an option: let the set parser explain what is wrong with it.
    app.command(context_settings={"ignore_unknown_options": True})(log)
