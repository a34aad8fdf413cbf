"""`halterofit exercises`: browse, search and extend the exercise library."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from halterofit_tui.domain.records import Exercise

JSON_HELP = "Print JSON instead of text."

app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="Browse, search and add exercises."
)


def _print_table(exercises: list[Exercise]) -> None:
    if not exercises:
        typer.echo("No exercises match.")
        return
    width = max(len(e.name) for e in exercises)
    for e in exercises:
        flags = ("*" if e.is_favourite else "") + (" (custom)" if e.is_custom else "")
        muscles = ", ".join(e.primary_muscles)
        typer.echo(f"{e.name:<{width}}  {', '.join(e.equipment):<24}  {muscles}{flags}")


@app.command("list")
def list_command(
    muscle: str | None = typer.Option(None, "--muscle", "-m", help="e.g. chest, quadriceps."),
    equipment: str | None = typer.Option(None, "--equipment", "-q", help="e.g. barbell."),
    category: str | None = typer.Option(None, "--category", "-c", help="e.g. strength."),
    pattern: str | None = typer.Option(None, "--pattern", "-p", help="e.g. hinge, squat."),
    custom: bool = typer.Option(False, "--custom", help="Only your own exercises."),
    favourites: bool = typer.Option(False, "--favourites", help="Only favourites."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List exercises, optionally filtered."""
    from halterofit_tui.cli.output import emit_json, exercise_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.library import list_exercises

    found = list_exercises(
        open_store(),
        muscle=muscle,
        equipment=equipment,
        category=category,
        pattern=pattern,
        custom_only=custom,
        favourites_only=favourites,
    )
    if as_json:
        emit_json([exercise_json(e) for e in found])
    else:
        _print_table(found)


@app.command()
def search(
    query: str = typer.Argument(..., help="A few letters or words of a name or alias."),
    limit: int = typer.Option(20, "--limit", "-n", help="How many results."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Search names and aliases, best matches first."""
    from halterofit_tui.cli.output import emit_json, exercise_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.library import search_exercises

    found = search_exercises(open_store(), query, limit)
    if as_json:
        emit_json([exercise_json(e) for e in found])
    else:
        _print_table(found)


@app.command()
def show(
    name: str = typer.Argument(..., help="Exercise name or alias."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Show an exercise: muscles, equipment, how to do it."""
    from halterofit_tui.cli.output import emit_json, exercise_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.library import get_exercise

    e = get_exercise(open_store(), name)
    if as_json:
        emit_json(exercise_json(e))
        return
    typer.echo(f"{e.name}{' (custom)' if e.is_custom else ''}")
    if e.aliases:
        typer.echo(f"  also: {', '.join(e.aliases)}")
    typer.echo(f"  {e.category} · {e.subcategory} · {e.movement_pattern} · {e.plane_of_motion}")
    typer.echo(f"  equipment: {', '.join(e.equipment)}")
    typer.echo(f"  primary: {', '.join(e.primary_muscles)}")
    if e.secondary_muscles:
        typer.echo(f"  secondary: {', '.join(e.secondary_muscles)}")
    typer.echo(f"  difficulty {e.difficulty}/5 · progression by {e.progression_type}")
    if e.description:
        typer.echo(f"\n{e.description}")
    for title, items in (
        ("How to", e.instructions),
        ("Tips", e.tips),
        ("Common mistakes", e.common_mistakes),
    ):
        if items:
            typer.echo(f"\n{title}:")
            for index, item in enumerate(items, start=1):
                typer.echo(f"  {index}. {item}")


@app.command()
def rest(
    name: str = typer.Argument(..., help="Exercise name or alias."),
    seconds: str = typer.Argument(..., help="Seconds of rest after a set, or 'default'."),
) -> None:
    """Set an exercise's own rest time (the app's rest timer uses it)."""
    from halterofit_tui.domain.errors import InvalidInput
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.library import get_exercise, set_rest_override

    if seconds.strip().lower() == "default":
        value = None
    elif seconds.strip().isdigit():
        value = int(seconds)
    else:
        raise InvalidInput(f"rest is whole seconds or 'default' (got '{seconds}')")
    db = open_store()
    exercise = set_rest_override(db, get_exercise(db, name).id, value)
    shown = f"{exercise.rest_seconds} s" if exercise.rest_seconds is not None else "the default"
    typer.echo(f"{exercise.name}: rest {shown}")


@app.command()
def add(
    name: str = typer.Argument(..., help="Name of the new exercise."),
    primary: list[str] = typer.Option(..., "--primary", help="Primary muscle (repeatable)."),
    secondary: list[str] = typer.Option([], "--secondary", help="Secondary muscle (repeatable)."),
    equipment: list[str] = typer.Option([], "--equipment", help="Equipment (repeatable)."),
    alias: list[str] = typer.Option([], "--alias", help="Other name (repeatable)."),
    category: str = typer.Option("strength", "--category", help="strength, cardio, ..."),
    mechanic: str = typer.Option("compound", "--mechanic", help="compound or isolation."),
    pattern: str = typer.Option("core", "--pattern", help="Movement pattern, e.g. hinge."),
    plane: str = typer.Option("sagittal", "--plane", help="Plane of motion."),
    progression: str = typer.Option(
        "weight", "--progression", help="weight, reps, time, distance."
    ),
    difficulty: int = typer.Option(3, "--difficulty", help="1 (easy) to 5 (hard)."),
    description: str = typer.Option("", "--description", help="A sentence or two."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Add a custom exercise."""
    from halterofit_tui.cli.output import emit_json, exercise_json
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.library import add_custom_exercise

    exercise = add_custom_exercise(
        open_store(),
        name,
        primary_muscles=primary,
        secondary_muscles=secondary,
        equipment=equipment or None,
        aliases=alias,
        category=category,
        subcategory=mechanic,
        movement_pattern=pattern,
        plane_of_motion=plane,
        progression_type=progression,
        difficulty=difficulty,
        description=description,
    )
    if as_json:
        emit_json(exercise_json(exercise))
    else:
        typer.echo(f"Added '{exercise.name}'.")


@app.command("import")
def import_command(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="A JSON catalogue in the free-exercise-db layout."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    strict: bool = typer.Option(False, "--strict", help="Import nothing if any entry is bad."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Add an exercise catalogue to the library: known exercises are matched, not duplicated."""
    from halterofit_tui.cli.output import emit_json
    from halterofit_tui.services.catalogue_import import import_catalogue
    from halterofit_tui.services.context import open_store

    report = import_catalogue(open_store(), file, dry_run=dry_run, strict=strict)
    if as_json:
        emit_json(
            {
                "file": str(report.path),
                "dry_run": report.dry_run,
                "entries": report.entries,
                "created": len(report.created),
                "matched": len(report.matched),
                "already_imported": report.already_imported,
                "aliases_added": report.aliases_added,
                "backup": str(report.backup) if report.backup else None,
                "matches": [
                    {
                        "index": m.index,
                        "name": m.source_name,
                        "exercise_id": m.exercise_id,
                        "exercise": m.exercise_name,
                        "how": m.how,
                        "alias_added": m.alias_added,
                    }
                    for m in report.matched
                ],
                "renamed": [
                    {"index": c.index, "name": c.name, "reason": c.reason} for c in report.renamed
                ],
                "skipped": [
                    {"index": s.index, "name": s.name, "reason": s.reason} for s in report.skipped
                ],
            }
        )
        return
    prefix = "Dry run, nothing written. " if dry_run else ""
    typer.echo(
        f"{prefix}{report.path}: {report.entries} entries; new exercises: {len(report.created)}; "
        f"already in the library: {len(report.matched)}; imported before: "
        f"{report.already_imported}; not imported: {len(report.skipped)}."
    )
    if dry_run:
        for m in report.matched:
            alias = " (name added as an alias)" if m.alias_added else ""
            typer.echo(f"  {m.source_name} -> {m.exercise_name}{alias}")
    for renamed in report.renamed:
        typer.echo(f"  renamed: {renamed.describe()}")
    for problem in report.skipped:
        typer.echo(f"  not imported: {problem.describe()}")
    if report.backup:
        typer.echo(f"Copy of the store from before the import: {report.backup}")
