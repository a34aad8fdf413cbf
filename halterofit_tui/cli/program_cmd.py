"""`halterofit program`: list, show and follow training programmes (docs/PROGRAMS.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.units import Unit, format_number, format_weight, to_kg

if TYPE_CHECKING:
    from halterofit_tui.domain.programs import Rule
    from halterofit_tui.services.programs import (
        Adherence,
        NextLift,
        NextSession,
        NextSet,
        ProgramDetail,
        ProgramEntry,
        ProgramStatus,
        WeekAdherence,
    )
    from halterofit_tui.store.engine import Database

JSON_HELP = "Print JSON (weights in kg) instead of text."
VALUE_HELP = "KEY=VALUE in your unit, e.g. squat=140; repeat for each lift."

app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Training programmes: list, show, start, the next session, status, stop.",
)


def _store() -> Database:
    from halterofit_tui.services.context import open_store

    return open_store()


def _emit(value: Any) -> None:
    from halterofit_tui.cli.output import emit_json

    emit_json(value)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{format_number(value * 100, 0)} %"


# --- list -------------------------------------------------------------------------------------


def entry_json(entry: ProgramEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "name": entry.name,
        "level": entry.level,
        "description": entry.description,
        "based_on": entry.based_on,
        "sessions_per_week": entry.sessions_per_week,
        "weeks": entry.weeks,
        "cycles": entry.cycles,
        "builtin": entry.builtin,
        "active": entry.active,
        "path": None if entry.builtin else str(entry.path),
        "problems": list(entry.problems),
    }


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Built-in programmes and your own (<data dir>/programs/*.json); * marks the active one."""
    from halterofit_tui.services.programs import list_programs

    entries = list_programs(_store())
    if as_json:
        _emit([entry_json(e) for e in entries])
        return
    for e in entries:
        mark = "*" if e.active else " "
        origin = "built-in" if e.builtin else "yours"
        if e.problems:
            more = f" (and {len(e.problems) - 1} more)" if len(e.problems) > 1 else ""
            typer.echo(f"{mark} {e.key:<20} invalid ({origin}): {e.problems[0]}{more}")
            continue
        cycles = f", {e.cycles} cycles" if e.cycles else ""
        typer.echo(
            f"{mark} {e.key:<20} {e.name} · {e.level} · {e.sessions_per_week} sessions a week · "
            f"{e.weeks}-week cycle{cycles} · {origin}"
        )


# --- show -------------------------------------------------------------------------------------


def _rule_json(rule: Rule) -> dict[str, Any]:
    from halterofit_tui.services.programs import rule_type

    return {"type": rule_type(rule), **dataclasses.asdict(rule)}


def detail_json(detail: ProgramDetail) -> dict[str, Any]:
    data = entry_json(detail.entry)
    data["progressions"] = [
        {
            "key": p.key,
            "exercise_id": p.exercise_id,
            "exercise": p.exercise_name,
            "loading": p.loading,
            "rule": _rule_json(p.rule),
            "rule_text": p.rule_text,
        }
        for p in detail.progressions
    ]
    data["start"] = [
        {
            "key": n.key,
            "exercise": n.exercise_name,
            "given": n.given,
            "option": n.option,
            "start_percent": n.start_percent,
            "optional": n.optional,
        }
        for n in detail.needs
    ]
    data["weeks"] = [
        {
            "first_week": w.first_week,
            "last_week": w.last_week,
            "deload": w.deload,
            "sessions": [
                {
                    "name": s.name,
                    "lifts": [
                        {
                            "exercise_id": lift.exercise_id,
                            "exercise": lift.exercise_name,
                            "progression": lift.progression,
                            "scheme": lift.scheme,
                            "sets": [dataclasses.asdict(spec) for spec in lift.sets],
                            "rest_s": lift.rest_s,
                            "note": lift.note,
                        }
                        for lift in s.lifts
                    ],
                }
                for s in w.sessions
            ],
        }
        for w in detail.weeks
    ]
    return data


def _start_text(detail: ProgramDetail) -> list[str]:
    required = [n for n in detail.needs if not n.optional]
    lines = []
    if required:
        example = " ".join(f"{n.option} {n.key}=N" for n in required)
        lines.append(f"Start: halterofit program start {detail.entry.key} {example}")
        for n in required:
            share = (
                f", the programme starts at {format_number(n.start_percent)} % of it"
                if n.start_percent != 100
                else ""
            )
            given = {"weight": "working weight", "training_max": "training max"}.get(
                n.given, "one-rep max"
            )
            lines.append(f"  {n.key}: your {n.exercise_name} {given} in {detail.unit}{share}")
    optional = [n for n in detail.needs if n.optional]
    if optional:
        keys = ", ".join(n.key for n in optional)
        lines.append(f"  Optional ({keys}): without one, the first weight you log is the start.")
    return lines


def detail_text(detail: ProgramDetail) -> list[str]:
    e = detail.entry
    origin = "built-in" if e.builtin else str(e.path)
    cycles = f", {e.cycles} cycles" if e.cycles else ", repeats until stopped"
    lines = [
        f"{e.name} ({e.key}, {origin}){' · active' if e.active else ''}",
        f"{e.level} · {e.sessions_per_week} sessions a week · {e.weeks}-week cycle{cycles}",
    ]
    if e.based_on:
        lines.append(f"Based on: {e.based_on}")
    if e.description:
        lines.append(e.description)
    lines.append("")
    lines.extend(_start_text(detail))
    lines.append("Progressions:")
    lines.extend(f"  {p.key} ({p.exercise_name}): {p.rule_text}" for p in detail.progressions)
    for week in detail.weeks:
        span = (
            f"Week {week.first_week}"
            if week.first_week == week.last_week
            else f"Weeks {week.first_week}-{week.last_week}"
        )
        lines.append(f"{span}{' (deload)' if week.deload else ''}:")
        for s in week.sessions:
            lines.append(f"  {s.name}:")
            for lift in s.lifts:
                rest = f" · rest {lift.rest_s} s" if lift.rest_s is not None else ""
                note = f" · {lift.note}" if lift.note else ""
                lines.append(f"    {lift.exercise_name} {lift.scheme}{rest}{note}")
    return lines


@app.command("show")
def show(
    name: str = typer.Argument(..., help="Programme key (see `program list`) or name."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A programme's weeks, sessions and sets, its progression rules, and how to start it."""
    from halterofit_tui.services.programs import show_program

    detail = show_program(_store(), name)
    if as_json:
        _emit(detail_json(detail))
        return
    for line in detail_text(detail):
        typer.echo(line)


# --- start, status, stop ----------------------------------------------------------------------


def parse_values(texts: Sequence[str], option: str) -> dict[str, float]:
    """['squat=140', 'bench=100'] -> {'squat': 140.0, 'bench': 100.0}."""
    values: dict[str, float] = {}
    for text in texts:
        key, sep, number = text.partition("=")
        try:
            value = float(number)
        except ValueError:
            value = float("nan")
        if not sep or not key.strip() or not value > 0 or value == float("inf"):
            raise InvalidInput(
                f"{option} takes KEY=VALUE with a positive number, like squat=140 (got '{text}')"
            )
        if key.strip().lower() in values:
            raise InvalidInput(f"{key.strip()} is given twice")
        values[key.strip().lower()] = value
    return values


def _week_json(w: WeekAdherence) -> dict[str, Any]:
    return {
        "week": w.week,
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "planned": w.planned,
        "done": w.done,
    }


def adherence_json(a: Adherence) -> dict[str, Any]:
    return {
        "enrollment_id": a.enrollment_id,
        "planned": a.planned,
        "done": a.done,
        "rate": a.rate,
        "this_week": _week_json(a.this_week) if a.this_week is not None else None,
        "by_week": [_week_json(w) for w in a.by_week],
    }


def status_json(s: ProgramStatus) -> dict[str, Any]:
    return {
        "enrollment_id": s.enrollment_id,
        "program_key": s.program_key,
        "program": s.program_name,
        "status": s.status,
        "started_on": s.started_on.isoformat(),
        "ended_on": s.ended_on.isoformat() if s.ended_on else None,
        "cycle": s.cycle,
        "cycles": s.cycles,
        "week": s.week,
        "weeks": s.weeks,
        "day": s.day,
        "sessions_in_week": s.sessions_in_week,
        "next_session": s.next_session,
        "sessions_done": s.sessions_done,
        "tracks": [
            {
                "key": t.key,
                "exercise_id": t.exercise_id,
                "exercise": t.exercise_name,
                "rule": t.rule_type,
                "label": t.label,
                "value_kg": t.value_kg,
                "failures": t.failures,
                "stage": t.stage,
                "stage_scheme": t.stage_scheme,
                "missed": t.missed,
            }
            for t in s.tracks
        ],
        "adherence": adherence_json(s.adherence),
    }


def status_text(s: ProgramStatus) -> list[str]:
    unit: Unit = s.unit
    ended = f", {s.status} on {s.ended_on}" if s.ended_on else ""
    lines = [f"{s.program_name} ({s.program_key}) · started {s.started_on}{ended}"]
    done = f"{s.sessions_done} session{'s' if s.sessions_done != 1 else ''} done"
    if s.next_session is None:
        lines.append(f"Complete: every cycle is done · {done}")
    else:
        cycles = f" of {s.cycles}" if s.cycles else ""
        lines.append(
            f"Next: {s.next_session} · cycle {s.cycle}{cycles}, week {s.week} of {s.weeks}, "
            f"day {s.day} of {s.sessions_in_week} · {done}"
        )
    for t in s.tracks:
        value = (
            format_weight(t.value_kg, unit) if t.value_kg is not None else "set by your first log"
        )
        parts = [f"  {t.exercise_name} ({t.key}): {t.label} {value}"]
        if t.stage is not None:
            parts.append(f"stage {t.stage} ({t.stage_scheme})")
        if t.failures:
            parts.append(f"{t.failures} miss{'es' if t.failures > 1 else ''} in a row")
        if t.missed:
            parts.append("a set fell short this cycle")
        lines.append(" · ".join(parts))
    a = s.adherence
    week = f"this week {a.this_week.done}/{a.this_week.planned} · " if a.this_week else ""
    rate = f" ({_percent(a.rate)})" if a.rate is not None else ""
    lines.append(f"Adherence: {week}overall {a.done}/{a.planned}{rate}")
    return lines


def _show_status(s: ProgramStatus, as_json: bool, headline: str) -> None:
    if as_json:
        _emit(status_json(s))
        return
    typer.echo(headline)
    for line in status_text(s):
        typer.echo(line)


@app.command("start")
def start_command(
    name: str = typer.Argument(..., help="Programme key or name."),
    tm: list[str] = typer.Option([], "--tm", help=f"Training max: {VALUE_HELP}"),
    one_rm: list[str] = typer.Option([], "--1rm", help=f"One-rep max: {VALUE_HELP}"),
    weight: list[str] = typer.Option([], "--weight", help=f"Working weight: {VALUE_HELP}"),
    replace: bool = typer.Option(
        False, "--replace", help="Stop the programme in progress and start this one."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Start a programme with your numbers (`program show NAME` says which it needs)."""
    from halterofit_tui.services.programs import start_program

    status = start_program(
        _store(),
        name,
        training_maxes=parse_values(tm, "--tm"),
        one_rep_maxes=parse_values(one_rm, "--1rm"),
        weights=parse_values(weight, "--weight"),
        replace=replace,
    )
    _show_status(status, as_json, f"Started {status.program_name}.")


@app.command("status")
def status_command(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """The active programme: where you are, each lift's number, misses, adherence."""
    from halterofit_tui.services.programs import program_status

    status = program_status(_store())
    if as_json:
        _emit(status_json(status))
        return
    for line in status_text(status):
        typer.echo(line)


@app.command("stop")
def stop_command(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Stop the active programme (its workouts and numbers stay in your history)."""
    from halterofit_tui.services.programs import stop_program

    status = stop_program(_store())
    _show_status(status, as_json, f"Stopped {status.program_name}.")


# --- next -------------------------------------------------------------------------------------


def _set_json(s: NextSet, unit: Unit) -> dict[str, Any]:
    return {
        "reps": s.reps,
        "reps_max": s.reps_max,
        "amrap": s.amrap,
        "rpe": s.rpe,
        "basis": s.basis,
        "percent": s.percent,
        "weight_kg": s.weight_kg,
        "plates_per_side_kg": [to_kg(p, unit) for p in s.plates] if s.plates is not None else None,
    }


def _lift_json(lift: NextLift, unit: Unit) -> dict[str, Any]:
    return {
        "exercise_id": lift.exercise_id,
        "exercise": lift.exercise_name,
        "progression": lift.progression,
        "label": lift.label,
        "loading": lift.loading,
        "rest_s": lift.rest_s,
        "note": lift.note,
        "sets": [_set_json(s, unit) for s in lift.sets],
    }


def next_json(n: NextSession) -> dict[str, Any]:
    return {
        "enrollment_id": n.enrollment_id,
        "program_key": n.program_key,
        "program": n.program_name,
        "cycle": n.cycle,
        "week": n.week,
        "day": n.day,
        "name": n.name,
        "deload": n.deload,
        "workout_name": n.workout_name,
        "lifts": [_lift_json(lift, n.unit) for lift in n.lifts],
    }


def _next_set_text(s: NextSet, lift: NextLift, unit: Unit) -> str:
    reps = f"{s.reps}-{s.reps_max}" if s.reps_max is not None else str(s.reps)
    load = "your choice" if s.weight is None else f"{format_number(s.weight)} {unit}"
    text = f"{reps}{'+' if s.amrap else ''} {load}"
    if s.rpe is not None:
        text += f" @RPE {format_number(s.rpe, 1)}"
    if s.basis == "backoff" and s.percent is not None:
        text += f" ({format_number(s.percent)}% of the top set)"
    elif s.basis == "value" and s.percent is not None and s.percent != 100 and lift.label:
        text += f" ({format_number(s.percent)}% of {lift.label})"
    return text


def next_text(n: NextSession) -> list[str]:
    deload = " · deload" if n.deload else ""
    lines = [f"{n.program_name}: {n.name} · cycle {n.cycle}, week {n.week}, day {n.day}{deload}"]
    for lift in n.lifts:
        groups: list[tuple[str, int, NextSet]] = []
        for s in lift.sets:
            text = _next_set_text(s, lift, n.unit)
            if groups and groups[-1][0] == text:
                groups[-1] = (text, groups[-1][1] + 1, s)
            else:
                groups.append((text, 1, s))
        sets = ", ".join(f"{count}x{text}" for text, count, _ in groups)
        extras = []
        plates = [s.plates for _, _, s in groups if s.plates is not None and s.weight is not None]
        if plates and len(groups) == 1:
            per_side = " + ".join(format_number(p) for p in plates[0]) or "empty bar"
            extras.append(f"per side {per_side}")
        if lift.rest_s is not None:
            extras.append(f"rest {lift.rest_s} s")
        if lift.note:
            extras.append(lift.note)
        tail = f"  ({'; '.join(extras)})" if extras else ""
        lines.append(f"  {lift.exercise_name}: {sets}{tail}")
    return lines


@app.command("next")
def next_command(
    start: bool = typer.Option(False, "--start", help="Start the workout with these sets planned."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The next session of the active programme, with weights rounded to your plates."""
    from halterofit_tui.services.programs import upcoming_session
    from halterofit_tui.services.workouts import start_workout

    db = _store()
    upcoming = upcoming_session(db)
    workout = None
    if start:
        workout = start_workout(db, upcoming.workout_name, plan=upcoming.plan)
    if as_json:
        data = next_json(upcoming)
        if workout is not None:
            from halterofit_tui.cli.output import workout_json

            data["workout"] = workout_json(workout)
        _emit(data)
        return
    for line in next_text(upcoming):
        typer.echo(line)
    if workout is not None:
        typer.echo(
            f"Started '{workout.name}' (id {workout.id[:8]}): log its sets with `halterofit log`; "
            "`halterofit finish` applies the programme's rules."
        )


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="program")
