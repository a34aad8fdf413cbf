"""`halterofit demo`: a realistic generated training history in an empty home."""

from __future__ import annotations

import typer


def demo(
    sets: int = typer.Option(20_000, "--sets", help="About how many sets (1 to 200,000)."),
    seed: int = typer.Option(42, "--seed", help="Same seed, same history."),
) -> None:
    """Fill the current HALTEROFIT_HOME with years of seeded training history."""
    from halterofit_tui.domain.demo import MAX_DEMO_SETS
    from halterofit_tui.domain.errors import InvalidInput

    if not 1 <= sets <= MAX_DEMO_SETS:
        raise InvalidInput(f"--sets must be between 1 and {MAX_DEMO_SETS:,}")
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.demo import fill_demo

    db = open_store()
    typer.echo(f"Generating about {sets:,} sets into {db.paths.data_dir} ...", err=True)
    report = fill_demo(db, sets, seed=seed)
    typer.echo(
        f"Added {report.workouts:,} workouts and {report.sets:,} sets "
        f"from {report.first_day} to {report.last_day} ({report.plateaus} planted plateaus)."
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
