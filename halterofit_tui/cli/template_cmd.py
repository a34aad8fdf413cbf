"""`halterofit template`: reusable workouts, saved from a finished one or written as lift specs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from halterofit_tui.domain.template_spec import SPEC_FORM, describe_sets
from halterofit_tui.domain.units import Unit, format_number, from_kg

if TYPE_CHECKING:
    from halterofit_tui.domain.records import Workout
    from halterofit_tui.services.templates import Template, TemplatePreview
    from halterofit_tui.store.engine import Database

JSON_HELP = "Print JSON (weights in kg) instead of text."
LIFT_HELP = f"An exercise and its sets: {SPEC_FORM}. Repeat for each exercise."

app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Workout templates: list, show, save, create, edit, delete, start.",
)


def _store() -> Database:
    from halterofit_tui.services.context import open_store

    return open_store()


def _unit(db: Database) -> Unit:
    from halterofit_tui.domain.units import parse_unit
    from halterofit_tui.services.profile import get_profile

    return parse_unit(get_profile(db).unit)


def template_json(t: Template, unit: Unit) -> dict[str, Any]:
    from halterofit_tui.cli.output import iso

    return {
        "id": t.id,
        "name": t.name,
        "notes": t.notes,
        "source_workout_id": t.source_workout_id,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "exercise": e.exercise_name,
                "spec": describe_sets(e.sets, unit),
                "sets": [
                    {
                        "reps_min": s.reps_min,
                        "reps_max": s.reps_max,
                        "amrap": s.amrap,
                        "weight_kg": s.weight_kg,
                        "rpe": s.rpe,
                        "percent_1rm": s.percent_1rm,
                        "rest_s": s.rest_s,
                    }
                    for s in e.sets
                ],
            }
            for e in t.exercises
        ],
    }


def _summary(t: Template) -> str:
    sets = sum(len(e.sets) for e in t.exercises)
    names = ", ".join(e.exercise_name for e in t.exercises)
    return f"{t.name}  [{t.id[:8]}]  {len(t.exercises)} exercises, {sets} sets: {names}"


def _weights_text(weights: tuple[float | None, ...], unit: Unit) -> str:
    """'100 kg ×3, 95 kg': planned weights, identical neighbours folded."""
    runs: list[tuple[str, int]] = []
    for weight in weights:
        text = "your choice" if weight is None else f"{format_number(from_kg(weight, unit))} {unit}"
        if runs and runs[-1][0] == text:
            runs[-1] = (text, runs[-1][1] + 1)
        else:
            runs.append((text, 1))
    return ", ".join(f"{text} ×{count}" if count > 1 else text for text, count in runs)


def preview_text(preview: TemplatePreview) -> list[str]:
    t, unit = preview.template, preview.unit
    lines = [f"{t.name}  [{t.id[:8]}]"]
    if t.notes:
        lines.append(f"  notes: {t.notes}")
    for e in preview.exercises:
        lines.append(f"  {e.exercise_name}: {describe_sets(e.targets, unit)}")
        lines.append(f"    next time: {_weights_text(e.weights_kg, unit)}")
    return lines


def _show_template(db: Database, t: Template, as_json: bool, verb: str) -> None:
    unit = _unit(db)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(template_json(t, unit))
        return
    typer.echo(f"{verb} template '{t.name}' [{t.id[:8]}]:")
    for e in t.exercises:
        typer.echo(f"  {e.exercise_name}: {describe_sets(e.sets, unit)}")


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Your templates by name."""
    from halterofit_tui.services.templates import list_templates

    db = _store()
    templates = list_templates(db)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        unit = _unit(db)
        emit_json([template_json(t, unit) for t in templates])
        return
    if not templates:
        typer.echo(
            "No templates yet: `halterofit template save` keeps your last workout, "
            '`halterofit template create NAME --lift "bench press: 3x8-12 @8"` writes one.'
        )
    for t in templates:
        typer.echo(_summary(t))


@app.command("show")
def show(
    name: str = typer.Argument(..., help="Template name or id."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A template's exercises and sets, with the weights it would plan today."""
    from halterofit_tui.services.templates import preview_template

    preview = preview_template(_store(), name)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        data = template_json(preview.template, preview.unit)
        for exercise, planned in zip(data["exercises"], preview.exercises, strict=True):
            exercise["planned_weights_kg"] = list(planned.weights_kg)
        emit_json(data)
        return
    for line in preview_text(preview):
        typer.echo(line)


@app.command("save")
def save(
    workout_id: str | None = typer.Argument(
        None, metavar="[WORKOUT_ID]", help="A finished workout (default: the last one)."
    ),
    name: str | None = typer.Option(None, "--name", "-n", help="Default: the workout's name."),
    notes: str = typer.Option("", "--notes", help="Notes for the template."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Keep a finished workout as a template: each exercise's work sets."""
    from halterofit_tui.services.templates import save_workout_as_template

    db = _store()
    _show_template(db, save_workout_as_template(db, workout_id, name, notes), as_json, "Saved")


@app.command("create")
def create(
    name: str = typer.Argument(..., help="Template name."),
    lifts: list[str] = typer.Option(..., "--lift", "-l", help=LIFT_HELP),
    notes: str = typer.Option("", "--notes", help="Notes for the template."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Write a template: --lift "bench press: 3x8-12 @8 rest 120" --lift "squat: 5x5 @75%"."""
    from halterofit_tui.services.templates import create_template

    db = _store()
    _show_template(db, create_template(db, name, lifts, notes), as_json, "Created")


@app.command("edit")
def edit(
    name: str = typer.Argument(..., help="Template name or id."),
    lifts: list[str] = typer.Option(
        [], "--lift", "-l", help="Replaces that exercise's sets, or adds the exercise."
    ),
    remove: list[str] = typer.Option([], "--remove", help="Take an exercise out."),
    rename: str | None = typer.Option(None, "--rename", help="A new name."),
    notes: str | None = typer.Option(None, "--notes", help="New notes ('' clears them)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Change a template's exercises, name or notes."""
    from halterofit_tui.services.templates import edit_template

    db = _store()
    changed = edit_template(db, name, lifts=lifts, remove=remove, rename=rename, notes=notes)
    _show_template(db, changed, as_json, "Updated")


@app.command("delete")
def delete(name: str = typer.Argument(..., help="Template name or id.")) -> None:
    """Delete a template (workouts started from it keep their plan)."""
    from halterofit_tui.services.templates import delete_template

    removed = delete_template(_store(), name)
    typer.echo(f"Deleted template '{removed.name}'.")


def _started_text(workout: Workout, preview: TemplatePreview) -> list[str]:
    lines = [f"Started '{workout.name}' (id {workout.id[:8]}) with its sets planned:"]
    for e in preview.exercises:
        lines.append(
            f"  {e.exercise_name}: {describe_sets(e.targets, preview.unit)} · "
            f"{_weights_text(e.weights_kg, preview.unit)}"
        )
    return lines


@app.command("start")
def start(
    name: str = typer.Argument(..., help="Template name or id."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Start a workout from a template, its sets planned with today's weights."""
    from halterofit_tui.services.templates import preview_template
    from halterofit_tui.services.workouts import start_workout

    db = _store()
    preview = preview_template(db, name)
    workout = start_workout(db, preview.template.name, plan=preview.plan)
    if as_json:
        from halterofit_tui.cli.output import emit_json, workout_json

        emit_json({**workout_json(workout), "plan": preview.plan.as_dict()})
        return
    for line in _started_text(workout, preview):
        typer.echo(line)


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="template")
