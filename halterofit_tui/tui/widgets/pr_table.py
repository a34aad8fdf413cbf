"""An exercise's personal records: rep maxes for 1-12 reps, best e1RM, best set and session
volume, then the workouts that set PRs most recently (docs/METRICS.md defines each record)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from halterofit_tui.domain.units import Unit, format_weight
from halterofit_tui.tui.widgets.format import long_date, volume_text

if TYPE_CHECKING:
    from halterofit_tui.services.analytics import ExerciseRecords
    from halterofit_tui.store.analytics_queries import PrEvent, RecordRow

RECENT_PR_WORKOUTS = 5
KIND_TEXT = {"e1rm": "e1RM", "set_volume": "set volume", "session_volume": "session volume"}


def _set(row: RecordRow, unit: Unit) -> str:
    if row.weight_kg is None or row.reps_done is None:
        return ""
    return f"{format_weight(row.weight_kg, unit)} x {row.reps_done}"


def records_table(records: ExerciseRecords) -> Table:
    unit = records.unit
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Record")
    table.add_column("Best", justify="right")
    table.add_column("Set")
    table.add_column("Date")
    for row in records.rep_maxes:
        lifted = f"x {row.reps_done}" if row.reps_done != row.reps else ""
        table.add_row(
            f"{row.reps} RM", format_weight(row.value_kg, unit), lifted, long_date(row.date)
        )
    best = records.best_e1rm
    if best is not None:
        table.add_row(
            "e1RM", format_weight(best.value_kg, unit), _set(best, unit), long_date(best.date)
        )
    best = records.best_set_volume
    if best is not None:
        table.add_row(
            "Set volume", volume_text(best.value_kg, unit), _set(best, unit), long_date(best.date)
        )
    best = records.best_session_volume
    if best is not None:
        table.add_row("Session volume", volume_text(best.value_kg, unit), "", long_date(best.date))
    return table


def event_text(event: PrEvent, unit: Unit) -> str:
    if event.kind == "rep_max":
        return f"{format_weight(event.value_kg, unit)} x {event.reps}"
    value = (
        volume_text(event.value_kg, unit)
        if "volume" in event.kind
        else format_weight(event.value_kg, unit)
    )
    return f"{KIND_TEXT[event.kind]} {value}"


def recent_prs(records: ExerciseRecords, limit: int = RECENT_PR_WORKOUTS) -> list[str]:
    """One line per workout that set PRs, newest first: '27 Feb 2026  e1RM 118.13 kg, ...'."""
    by_workout: dict[tuple[date, str], list[PrEvent]] = {}
    for event in records.events:
        by_workout.setdefault((event.date, event.workout_id), []).append(event)
    lines = []
    for events in list(by_workout.values())[-limit:]:
        texts = ", ".join(event_text(e, records.unit) for e in events)
        lines.append(f"{long_date(events[0].date)}  {texts}")
    return lines[::-1]


def records_renderable(records: ExerciseRecords | None) -> RenderableType:
    if records is None:
        return Text("No exercise to show: log a working set of 1 to 12 reps with a load.")
    if not (records.rep_maxes or records.best_e1rm or records.best_set_volume):
        return Text(f"{records.name}: no working sets logged yet.")
    parts: list[RenderableType] = [records_table(records)]
    recent = recent_prs(records)
    if recent:
        parts.append(Text("\nLatest PRs, newest first", style="bold"))
        parts.extend(Text(line) for line in recent)
    return Group(*parts)


class PrTable(Static):
    """The records of the chosen exercise, or a sentence when it has none."""

    DEFAULT_CSS = """
    PrTable { height: auto; padding: 0 1; }
    """

    def show(self, records: ExerciseRecords | None) -> None:
        self.update(records_renderable(records))
