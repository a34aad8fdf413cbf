"""Analytics commands: stats, prs and chart. docs/METRICS.md defines every figure.

They read through the standard library's sqlite3 (services.analytics), so they skip the ~0.5 s
SQLAlchemy import; plotext is imported only when a chart is drawn.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from halterofit_tui.domain.units import Unit, format_number, format_weight, from_kg

if TYPE_CHECKING:
    from collections.abc import Callable

    from halterofit_tui.domain.analytics import Window
    from halterofit_tui.services.analytics import MuscleWeek, PeriodStats
    from halterofit_tui.store.analytics_queries import PrEvent, RecordRow
    from halterofit_tui.store.reader import Reader

JSON_HELP = "Print JSON (weights in kg) instead of text."
WEEKS_HELP = "How many weeks: this one (from Monday) and the ones before it."
DEFAULT_WEEKS = 12
RECENT_PR_WORKOUTS = 10

PR_KIND_TEXT = {
    "e1rm": "e1RM",
    "rep_max": "rep max",
    "set_volume": "set volume",
    "session_volume": "session volume",
}


def _reader() -> Reader:
    from halterofit_tui.services.analytics import open_analytics_reader

    return open_analytics_reader()


def _volume(kg: float, unit: Unit) -> str:
    """Tonnage to the unit, thousands grouped: "222,899 kg"."""
    return f"{from_kg(kg, unit):,.0f} {unit}"


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _window_json(window: Window) -> dict[str, Any]:
    return {"from": window.start.isoformat(), "to": window.end.isoformat(), "days": window.days}


def _muscles_json(muscles: tuple[MuscleWeek, ...]) -> list[dict[str, Any]]:
    return [
        {
            "muscle": m.totals.muscle,
            "volume_kg": round(m.totals.volume_kg, 3),
            "hard_sets": round(m.totals.hard_sets, 1),
            "hard_sets_per_week": round(m.hard_sets_per_week, 2),
        }
        for m in muscles
    ]


def _rpe_json(buckets: tuple[tuple[float, int], ...]) -> dict[str, int]:
    return {format_number(rpe): count for rpe, count in buckets}


# --- halterofit stats ---------------------------------------------------------------------------


def stats_json(s: PeriodStats) -> dict[str, Any]:
    return {
        "period": s.period,
        **_window_json(s.window),
        "trend_from": s.trend_window.start.isoformat(),
        "sessions": s.sessions,
        "sessions_per_week": round(s.sessions_per_week, 2),
        "sets": s.sets,
        "working_sets": s.working_sets,
        "hard_sets": s.hard_sets,
        "reps": s.reps,
        "volume_kg": round(s.volume_kg, 3),
        "avg_rpe": _round(s.avg_rpe, 2),
        "avg_intensity": _round(s.avg_intensity, 4),
        "rpe_distribution": _rpe_json(s.rpe_distribution),
        "intensity_zones": dict(s.intensity_zones),
        "muscles": _muscles_json(s.muscles),
        "consistency": None
        if s.consistency is None
        else {
            "score": round(s.consistency.score, 1),
            "usual_sessions_per_week": s.consistency.target,
            "weeks": s.consistency.weeks,
        },
        "fatigue": {
            "acwr": _round(s.fatigue.ratio, 3),
            "zone": s.fatigue.zone,
            "acute_kg": round(s.fatigue.acute_kg, 3),
            "chronic_weekly_kg": round(s.fatigue.chronic_weekly_kg, 3),
        },
        "readiness": {
            "check_ins": s.readiness.check_ins,
            "average": _round(s.readiness.average, 1),
            "trend_per_week": _round(s.readiness.trend_per_week, 2),
        },
        "lifts": [
            {
                "exercise_id": lift.exercise_id,
                "exercise": lift.name,
                "sessions": lift.sessions,
                "best_e1rm_kg": _round(lift.best_e1rm_kg),
                "progression_pct_per_month": _round(lift.progression_pct_per_month, 2),
                "trend_days": lift.trend_days,
            }
            for lift in s.lifts
        ],
    }


PERIOD_TEXT = {"week": "Last 7 days", "month": "Last 4 weeks", "year": "Last 52 weeks"}


def _signed(value: float, digits: int = 1) -> str:
    return f"{'+' if value > 0 else ''}{format_number(value, digits)}"


def stats_text(s: PeriodStats) -> list[str]:
    unit = s.unit
    title = PERIOD_TEXT.get(s.period, "All training")
    lines = [f"{title} ({s.window.start} to {s.window.end})"]
    if not s.sessions:
        return [*lines, "  No workouts in this period."]
    sessions = f"  Sessions     {s.sessions} ({format_number(s.sessions_per_week, 1)} per week)"
    if s.consistency is not None:
        sessions += f" · consistency {format_number(s.consistency.score, 0)}/100"
    lines.append(sessions)
    lines.append(
        f"  Volume       {_volume(s.volume_kg, unit)} · {s.sets} sets "
        f"({s.working_sets} working, {s.hard_sets} hard) · {s.reps} reps"
    )
    effort = []
    if s.avg_rpe is not None:
        effort.append(f"average RPE {format_number(s.avg_rpe, 1)}")
    if s.avg_intensity is not None:
        effort.append(f"average intensity {format_number(s.avg_intensity * 100, 0)}% of e1RM")
    if effort:
        lines.append(f"  Effort       {' · '.join(effort)}")
    fatigue = s.fatigue
    if fatigue.ratio is not None:
        lines.append(
            f"  Fatigue      ACWR {format_number(fatigue.ratio, 2)} ({fatigue.zone}): "
            f"{_volume(fatigue.acute_kg, unit)} in the last 7 days vs "
            f"{_volume(fatigue.chronic_weekly_kg, unit)} a week over 4 weeks"
        )
    readiness = s.readiness
    if readiness.average is not None:
        trend = readiness.trend_per_week
        trend_text = f", {_signed(trend)} a week" if trend is not None else ""
        lines.append(f"  Readiness    {format_number(readiness.average, 0)}/100{trend_text}")
    if s.muscles:
        lines.append("Muscles (hard sets per week · volume; secondary muscles count half)")
        for m in s.muscles:
            lines.append(
                f"  {m.totals.muscle:<14}{format_number(m.hard_sets_per_week, 1):>6}"
                f"  ·  {_volume(m.totals.volume_kg, unit)}"
            )
    if s.lifts:
        lines.append(f"Top lifts (best e1RM · progression per month since {s.trend_window.start})")
        for lift in s.lifts:
            best = format_weight(lift.best_e1rm_kg, unit) if lift.best_e1rm_kg else "-"
            rate = lift.progression_pct_per_month
            progress = f"{_signed(rate, 1)} %" if rate is not None else "too few sessions"
            lines.append(f"  {lift.name:<30}{best:>12}   {progress}")
    return lines


def stats(
    period: str = typer.Option(
        "month", "--period", "-p", help="week (7 days), month (4 weeks), year (52 weeks) or all."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Training numbers of a period: sessions, volume, hard sets, RPE, muscles, fatigue, lifts."""
    from halterofit_tui.domain.analytics import parse_period
    from halterofit_tui.services.analytics import period_stats

    chosen = parse_period(period)
    with _reader() as reader:
        numbers = period_stats(reader, chosen)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(stats_json(numbers))
        return
    for line in stats_text(numbers):
        typer.echo(line)


# --- halterofit prs -----------------------------------------------------------------------------


def _record_json(row: RecordRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "value_kg": round(row.value_kg, 3),
        "weight_kg": row.weight_kg,
        "reps": row.reps_done,
        "date": row.date.isoformat(),
        "workout_id": row.workout_id,
    }


def _event_json(event: PrEvent) -> dict[str, Any]:
    return {
        "date": event.date.isoformat(),
        "workout_id": event.workout_id,
        "kind": event.kind,
        "reps": event.reps,
        "value_kg": round(event.value_kg, 3),
        "previous_kg": round(event.previous_kg, 3),
    }


def _event_text(event: PrEvent, unit: Unit) -> str:
    if event.kind == "rep_max":
        return f"{format_weight(event.value_kg, unit)} x {event.reps}"
    return f"{PR_KIND_TEXT[event.kind]} {format_weight(event.value_kg, unit)}"


def _exercise_prs(reader: Reader, exercise: str, as_json: bool) -> None:
    from halterofit_tui.services.analytics import exercise_records

    records = exercise_records(reader, exercise)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(
            {
                "exercise_id": records.exercise_id,
                "exercise": records.name,
                "rep_maxes": [
                    {
                        "reps": row.reps,
                        "weight_kg": row.value_kg,
                        "reps_done": row.reps_done,
                        "date": row.date.isoformat(),
                        "workout_id": row.workout_id,
                    }
                    for row in records.rep_maxes
                ],
                "best_e1rm": _record_json(records.best_e1rm),
                "best_set_volume": _record_json(records.best_set_volume),
                "best_session_volume": _record_json(records.best_session_volume),
                "history": [_event_json(event) for event in records.events],
            }
        )
        return
    unit = records.unit
    typer.echo(f"{records.name}: personal records")
    if not (records.rep_maxes or records.best_e1rm or records.best_set_volume):
        typer.echo("  No working sets logged yet.")
        return
    for row in records.rep_maxes:
        done = f" (x {row.reps_done})" if row.reps_done != row.reps else ""
        typer.echo(f"  {row.reps:>2} RM  {format_weight(row.value_kg, unit):>10}{done}  {row.date}")
    best = records.best_e1rm
    if best is not None and best.weight_kg is not None:
        typer.echo(
            f"  e1RM   {format_weight(best.value_kg, unit):>10}  {best.date} "
            f"({format_weight(best.weight_kg, unit)} x {best.reps_done})"
        )
    best = records.best_set_volume
    if best is not None and best.weight_kg is not None:
        typer.echo(
            f"  best set volume      {_volume(best.value_kg, unit)}  {best.date} "
            f"({format_weight(best.weight_kg, unit)} x {best.reps_done})"
        )
    best = records.best_session_volume
    if best is not None:
        typer.echo(f"  best session volume  {_volume(best.value_kg, unit)}  {best.date}")
    by_workout: dict[tuple[date, str], list[PrEvent]] = {}
    for event in records.events:
        by_workout.setdefault((event.date, event.workout_id), []).append(event)
    if by_workout:
        recent = list(by_workout.items())[-RECENT_PR_WORKOUTS:]
        typer.echo(f"PRs by workout ({len(recent)} most recent of {len(by_workout)})")
        for (day, workout_id), events in reversed(recent):
            texts = ", ".join(_event_text(e, unit) for e in events)
            typer.echo(f"  {day}  [{workout_id[:8]}]  {texts}")


def prs(
    exercise: list[str] | None = typer.Argument(
        None, metavar="[EXERCISE]", help="An exercise; without one, every best e1RM."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Personal records: an exercise's rep maxes, e1RM and volumes, or every best e1RM."""
    from halterofit_tui.services.analytics import best_e1rm_table

    with _reader() as reader:
        if exercise:
            _exercise_prs(reader, " ".join(exercise), as_json)
            return
        unit, table = best_e1rm_table(reader)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(
            [
                {
                    "exercise_id": row.exercise_id,
                    "exercise": row.name,
                    "best_e1rm_kg": round(row.e1rm_kg, 3),
                    "date": row.date.isoformat(),
                }
                for row in table
            ]
        )
        return
    if not table:
        typer.echo("No e1RM yet: log a working set of 1 to 12 reps with a load.")
        return
    typer.echo("Best e1RM per exercise")
    for row in table:
        typer.echo(f"  {row.name:<36}{format_weight(row.e1rm_kg, unit):>12}  {row.date}")


# --- halterofit chart ---------------------------------------------------------------------------

chart_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Charts in the terminal: e1rm EXERCISE, volume, muscles, rpe.",
)


def _plot(title: str, draw: Callable[[Any, int], None]) -> None:
    """Draw at the terminal's size (80x24 without a terminal), in colour only on a terminal."""
    from halterofit_tui.charts import render_text

    columns, lines = shutil.get_terminal_size((80, 24))
    width, height = max(columns, 40), max(lines - 1, 12)
    typer.echo(render_text(draw, title, width, height, colour=sys.stdout.isatty()))


def _weeks_text(weeks: int) -> str:
    return "this week" if weeks == 1 else f"the last {weeks} weeks"


@chart_app.command("e1rm")
def chart_e1rm(
    exercise: list[str] = typer.Argument(..., metavar="EXERCISE", help="The exercise."),
    weeks: int = typer.Option(DEFAULT_WEEKS, "--weeks", "-w", help=WEEKS_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Best e1RM of each training day, new bests marked."""
    from halterofit_tui.services.analytics import e1rm_history

    with _reader() as reader:
        history = e1rm_history(reader, " ".join(exercise), weeks)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        prs = set(history.pr_days)
        emit_json(
            {
                "chart": "e1rm",
                "exercise_id": history.exercise_id,
                "exercise": history.name,
                **_window_json(history.window),
                "points": [
                    {"date": day.isoformat(), "e1rm_kg": round(e1rm, 3), "pr": day in prs}
                    for day, e1rm in history.points
                ],
            }
        )
        return
    if not history.points:
        typer.echo(f"No e1RM for {history.name} in {_weeks_text(weeks)}.")
        return
    unit = history.unit

    def draw(plt: Any, width: int) -> None:
        from halterofit_tui.charts import draw_e1rm

        window = (history.window.start, history.window.end)
        draw_e1rm(plt, history.points, set(history.pr_days), unit, window=window, width=width)

    _plot(f"{history.name}: best e1RM per training day, {_weeks_text(weeks)}", draw)


@chart_app.command("volume")
def chart_volume(
    weeks: int = typer.Option(DEFAULT_WEEKS, "--weeks", "-w", help=WEEKS_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Volume load of each week (warm-ups included)."""
    from halterofit_tui.services.analytics import volume_history

    with _reader() as reader:
        history = volume_history(reader, weeks)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(
            {
                "chart": "volume",
                **_window_json(history.window),
                "weeks": [
                    {"week_start": monday.isoformat(), "volume_kg": round(volume, 3)}
                    for monday, volume in history.weeks
                ],
            }
        )
        return
    if not any(volume for _, volume in history.weeks):
        typer.echo(f"No sets in {_weeks_text(weeks)}.")
        return
    unit = history.unit

    def draw(plt: Any, width: int) -> None:
        from halterofit_tui.charts import draw_weekly_volume

        draw_weekly_volume(plt, history.weeks, unit, width)

    _plot(f"Weekly volume, {_weeks_text(weeks)}", draw)


@chart_app.command("muscles")
def chart_muscles(
    weeks: int = typer.Option(DEFAULT_WEEKS, "--weeks", "-w", help=WEEKS_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Hard sets per week for each muscle (primary 1, secondary 0.5)."""
    from halterofit_tui.services.analytics import muscle_history

    with _reader() as reader:
        history = muscle_history(reader, weeks)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(
            {
                "chart": "muscles",
                **_window_json(history.window),
                "muscles": _muscles_json(history.muscles),
            }
        )
        return
    if not history.muscles:
        typer.echo(f"No sets in {_weeks_text(weeks)}.")
        return

    def draw(plt: Any, width: int) -> None:
        from halterofit_tui.charts import draw_muscle_hard_sets

        draw_muscle_hard_sets(
            plt, [(m.totals.muscle, m.hard_sets_per_week) for m in history.muscles]
        )

    _plot(f"Hard sets per week by muscle, {_weeks_text(weeks)}", draw)


@chart_app.command("rpe")
def chart_rpe(
    weeks: int = typer.Option(DEFAULT_WEEKS, "--weeks", "-w", help=WEEKS_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """How many sets were logged at each RPE (6 includes everything below)."""
    from halterofit_tui.services.analytics import rpe_history

    with _reader() as reader:
        history = rpe_history(reader, weeks)
    if as_json:
        from halterofit_tui.cli.output import emit_json

        emit_json(
            {
                "chart": "rpe",
                **_window_json(history.window),
                "rpe_distribution": _rpe_json(history.buckets),
            }
        )
        return
    if not any(count for _, count in history.buckets):
        typer.echo(f"No sets with an RPE in {_weeks_text(weeks)}.")
        return

    def draw(plt: Any, width: int) -> None:
        from halterofit_tui.charts import draw_rpe_distribution

        draw_rpe_distribution(plt, history.buckets)

    _plot(f"Sets by RPE, {_weeks_text(weeks)}", draw)


def register(app: typer.Typer) -> None:
    app.command()(stats)
    app.command()(prs)
    app.add_typer(chart_app, name="chart")
