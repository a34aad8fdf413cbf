"""The summary after finishing a workout: duration, sets, reps, volume, average RPE, PRs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from halterofit_tui.domain.records import WorkoutSummary
from halterofit_tui.domain.units import Unit, format_duration, format_number, format_weight


def summary_text(summary: WorkoutSummary, unit: Unit) -> str:
    w = summary.workout
    lines = [
        f"[b]{w.name}[/b] finished",
        "",
        f"Duration   {format_duration(w.duration_s)}",
        f"Sets       {w.total_sets}",
        f"Reps       {w.total_reps}",
        f"Volume     {format_weight(w.total_volume_kg, unit)}",
        f"Avg RPE    {format_number(w.avg_rpe, 2) if w.avg_rpe is not None else '-'}",
        "",
    ]
    if summary.prs:
        lines.append(f"[b]New PRs ({len(summary.prs)})[/b]")
        for pr in summary.prs:
            what = (
                f"e1RM {format_weight(pr.value_kg, unit)}"
                if pr.kind == "e1rm"
                else f"{format_weight(pr.value_kg, unit)} x {pr.reps}"
            )
            lines.append(
                f"  {pr.exercise_name}: {what} (was {format_weight(pr.previous_kg, unit)})"
            )
    else:
        lines.append("No new PRs this time.")
    return "\n".join(lines)


class FinishSummaryScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss(None)", "Close", id="summary.close"),
    ]

    def __init__(self, summary: WorkoutSummary, unit: Unit) -> None:
        super().__init__()
        self.summary = summary
        self.unit = unit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(summary_text(self.summary, self.unit), id="summary-text")
            yield Static("[dim]Enter to close[/]")
