"""Home: the workout in progress (or how to start one), this week, recent workouts and PRs."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from halterofit_tui.domain.units import Unit, format_duration, format_number, format_weight
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service

if TYPE_CHECKING:
    from halterofit_tui.services.overview import Overview


class HomeScreen(AreaScreen):
    AREA_TITLE = "Home"
    DEFAULT_CSS = """
    HomeScreen #home-top { height: auto; }
    HomeScreen #home-active { width: 2fr; }
    HomeScreen #home-week { width: 1fr; }
    HomeScreen #home-recent, HomeScreen #home-prs { margin-top: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "start_workout", "Start workout", id="home.start"),
        Binding("enter", "continue_workout", "Open workout", id="home.continue"),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="body"):
            with Horizontal(id="home-top"):
                yield Static("Loading…", id="home-active", classes="panel")
                yield Static("", id="home-week", classes="panel")
            yield Static("", id="home-recent", classes="panel")
            yield Static("", id="home-prs", classes="panel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#home-active").border_title = "Workout"
        self.query_one("#home-week").border_title = "This week"
        self.query_one("#home-recent").border_title = "Recent workouts"
        self.query_one("#home-prs").border_title = "Recent PRs"

    def refresh_data(self) -> None:
        from halterofit_tui.services.overview import home_overview

        call_service(
            self,
            home_overview,
            self.app.clock(),  # type: ignore[attr-defined]
            then=self.show_overview,
            group="home",
            exclusive=True,
        )

    def show_overview(self, overview: Overview) -> None:
        unit: Unit = self.app.unit  # type: ignore[attr-defined]
        self.query_one("#home-active", Static).update(self._active_text(overview, unit))
        self.query_one("#home-week", Static).update(
            f"[b]{overview.week_sessions}[/b] session{'s' if overview.week_sessions != 1 else ''}\n"
            f"[b]{format_weight(overview.week_volume_kg, unit)}[/b] volume\n"
            f"[dim]since {overview.week_start:%a %d %b}[/]"
        )
        self.query_one("#home-recent", Static).update(self._recent_text(overview, unit))
        self.query_one("#home-prs", Static).update(self._prs_text(overview, unit))

    def _active_text(self, overview: Overview, unit: Unit) -> str:
        active = overview.active
        if active is None:
            return "No workout in progress.\n[b]n[/b] start a workout"
        w = active.workout
        now = self.app.clock()  # type: ignore[attr-defined]
        elapsed = int((now - w.started_at).total_seconds()) if w.started_at else None
        exercises = ", ".join(e.name for e in active.exercises) or "no exercises yet"
        return (
            f"[b]{w.name}[/b] · in progress for {format_duration(elapsed)}\n"
            f"{w.total_sets} sets · {format_weight(w.total_volume_kg, unit)}\n"
            f"[dim]{exercises}[/]\n"
            "[b]Enter[/b] continue"
        )

    def _recent_text(self, overview: Overview, unit: Unit) -> str:
        if not overview.recent:
            return "[dim]Your finished workouts will show here.[/]"
        lines = []
        for w in overview.recent:
            rpe = f"  RPE {format_number(w.avg_rpe, 1)}" if w.avg_rpe is not None else ""
            lines.append(
                f"{w.date:%a %d %b}  {w.name[:22]:<22} {w.total_sets:>3} sets"
                f"  {format_weight(w.total_volume_kg, unit):>10}"
                f"  {format_duration(w.duration_s):>7}{rpe}"
            )
        return "\n".join(lines)

    def _prs_text(self, overview: Overview, unit: Unit) -> str:
        if not overview.recent_prs:
            return "[dim]No PRs in your last workouts yet. Keep lifting.[/]"
        lines = []
        for day, pr in overview.recent_prs[:6]:
            what = (
                f"e1RM {format_weight(pr.value_kg, unit)}"
                if pr.kind == "e1rm"
                else f"{format_weight(pr.value_kg, unit)} x {pr.reps}"
            )
            lines.append(f"{day:%d %b}  {pr.exercise_name}: {what}")
        return "\n".join(lines)

    def action_start_workout(self) -> None:
        self.app.run_area_action("workout", "start_workout")  # type: ignore[attr-defined]

    def action_continue_workout(self) -> None:
        self.app.run_area_action("workout", "")  # type: ignore[attr-defined]
