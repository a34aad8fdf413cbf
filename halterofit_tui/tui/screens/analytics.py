"""Analytics: for now the frame the analytics work will fill, with the headline numbers.

The numbers come from the workout history service (no queries of their own): workouts, sets,
reps and volume this week and over the last four weeks, and the last workout. No charts yet, and
nothing pretends to be one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from halterofit_tui.domain.records import Workout
from halterofit_tui.domain.units import Unit, format_weight
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service

if TYPE_CHECKING:
    from halterofit_tui.store.engine import Database

WINDOW_DAYS = 28
MAX_WORKOUTS = 500  # far more than four weeks of training ever holds

COMING = (
    "e1RM trends per lift",
    "weekly volume",
    "volume per muscle group",
    "RPE heatmap",
    "personal records",
    "plateau alerts",
)


@dataclass(frozen=True)
class Tally:
    workouts: int
    sets: int
    reps: int
    volume_kg: float

    @classmethod
    def of(cls, workouts: list[Workout]) -> Tally:
        return cls(
            workouts=len(workouts),
            sets=sum(w.total_sets for w in workouts),
            reps=sum(w.total_reps for w in workouts),
            volume_kg=sum(w.total_volume_kg for w in workouts),
        )


@dataclass(frozen=True)
class Headline:
    week_start: date
    window_start: date
    week: Tally
    window: Tally
    last: Workout | None


def headline_numbers(db: Database, now: datetime) -> Headline:
    """This week (from Monday) and the last four weeks, from the history service."""
    from halterofit_tui.services.profile import get_profile, local_today
    from halterofit_tui.services.workouts import history

    today = local_today(get_profile(db), now)
    week_start = today - timedelta(days=today.weekday())
    window_start = today - timedelta(days=WINDOW_DAYS - 1)
    recent = [d.workout for d in history(db, limit=MAX_WORKOUTS, since=window_start)]
    latest = recent[:1] or [d.workout for d in history(db, limit=1)]
    return Headline(
        week_start=week_start,
        window_start=window_start,
        week=Tally.of([w for w in recent if w.date >= week_start]),
        window=Tally.of(recent),
        last=latest[0] if latest else None,
    )


def headline_text(numbers: Headline, unit: Unit) -> str:
    def row(label: str, tally: Tally) -> str:
        volume = format_weight(tally.volume_kg, unit)
        return f"{label:<14}{tally.workouts:>9}{tally.sets:>7}{tally.reps:>7}{volume:>15}"

    lines = [
        f"[b]{'':<14}{'Workouts':>9}{'Sets':>7}{'Reps':>7}{'Volume':>15}[/b]",
        row("This week", numbers.week),
        row("Last 4 weeks", numbers.window),
        "",
    ]
    last = numbers.last
    if last is None:
        lines.append("No workouts logged yet: start one in the Workout area.")
    else:
        status = " (in progress)" if last.status == "in_progress" else ""
        lines.append(f"Last workout: [b]{last.name}[/b] on {last.date:%a %d %b %Y}{status}")
    lines.append(
        f"[dim]Week from {numbers.week_start:%a %d %b}; "
        f"4 weeks from {numbers.window_start:%a %d %b}. Warm-ups count in volume.[/]"
    )
    return "\n".join(lines)


class AnalyticsScreen(AreaScreen):
    AREA_TITLE = "Analytics"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="analytics.reload"),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="analytics-body", classes="body"):
            yield Static("Loading…", id="analytics-numbers", classes="panel")
            yield Static(
                "Charts and trends will appear here:\n"
                + "\n".join(f"  • {item}" for item in COMING),
                id="analytics-coming",
                classes="panel muted",
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#analytics-numbers").border_title = "Your numbers"
        self.query_one("#analytics-coming").border_title = "Coming soon"

    def refresh_data(self) -> None:
        call_service(
            self,
            headline_numbers,
            self.app.clock(),  # type: ignore[attr-defined]
            then=self.show_numbers,
            group="analytics",
            exclusive=True,
        )

    def show_numbers(self, numbers: Headline) -> None:
        unit: Unit = self.app.unit  # type: ignore[attr-defined]
        self.query_one("#analytics-numbers", Static).update(headline_text(numbers, unit))

    def action_reload(self) -> None:
        self.refresh_data()
