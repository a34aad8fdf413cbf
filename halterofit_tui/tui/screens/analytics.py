"""Analytics: an exercise's e1RM line and records, weekly volume, muscles, the RPE heatmap and
plateau cards, over a range of 4 weeks, 12 weeks, 1 year or all history.

One worker call (`services.analytics.analytics_view`) reads everything for the range; charts
draw themselves from that data at every render, so a resize or a theme change redraws them.
The views sit in tabs so each gets the whole height, readable at 80x24. docs/METRICS.md defines
every figure shown.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from halterofit_tui.charts import draw_e1rm, draw_muscles, draw_weekly_volume
from halterofit_tui.domain.plateaus import DEFAULT_SETTINGS as PLATEAU_RULES
from halterofit_tui.domain.units import format_number
from halterofit_tui.services.analytics import (
    AnalyticsView,
    ExerciseRecords,
    analytics_view,
    records_for,
)
from halterofit_tui.services.plateaus import (
    PlateauReport,
    acknowledge_plateau,
    active_plateaus,
    dismiss_plateau,
)
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.adherence_line import AdherenceLine, programme_adherence
from halterofit_tui.tui.widgets.chart_panel import ChartPanel
from halterofit_tui.tui.widgets.format import day_text, grouped, long_date, volume_text
from halterofit_tui.tui.widgets.plateau_card import PlateauCard
from halterofit_tui.tui.widgets.pr_table import PrTable
from halterofit_tui.tui.widgets.range_selector import (
    DEFAULT_RANGE,
    RANGES,
    RangeSelector,
    range_named,
)
from halterofit_tui.tui.widgets.rpe_heatmap import HeatmapData, RpeHeatmap

if TYPE_CHECKING:
    from halterofit_tui.domain.records import Exercise

# Rows a horizontal bar chart needs besides its bars: the frame and the axis with its labels.
BAR_CHART_FRAME = 4


def window_text(start: date, end: date) -> str:
    """'Mon 14 Sep – Tue 1 Dec', with the years when they differ: '8 Dec 2025 – 1 Dec 2026'."""
    if start.year != end.year:
        return f"{long_date(start)} – {long_date(end)}"
    return f"{day_text(start)} – {day_text(end)}"


def headline_text(view: AnalyticsView) -> str:
    """The range's dates and numbers: sessions a week, volume, hard sets, ACWR, consistency."""
    if not view.trained:
        return "No workouts logged yet: log one in Workout (w) and your numbers appear here."
    h = view.headline
    parts = [f"[b]{window_text(view.window.start, view.window.end)}[/b]"]
    if h.sessions == 0:
        parts.append("no workouts in this range")
    else:
        parts += [
            f"{format_number(h.sessions_per_week, 1)} sessions/week",
            volume_text(h.volume_kg, view.unit),
            f"{grouped(h.hard_sets)} hard set{'' if h.hard_sets == 1 else 's'}",
        ]
        ratio = h.fatigue.ratio
        if ratio is None:
            parts.append("ACWR after 4 weeks of training")
        else:
            parts.append(f"ACWR {format_number(ratio, 2)} ({h.fatigue.zone})")
        if h.consistency is not None:
            parts.append(f"consistency {format_number(h.consistency.score, 0)}/100")
    # No-break spaces: a wrapped line breaks only after a separating dot.
    return "\u00a0· ".join(part.replace(" ", "\u00a0") for part in parts)


def muscle_name(muscle: str) -> str:
    return muscle.replace("_", " ")


class AnalyticsScreen(AreaScreen):
    AREA_TITLE = "Analytics"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "pick_exercise", "Exercise", id="analytics.exercise"),
        Binding("r", "next_range", "Range", id="analytics.next_range"),
        *(
            Binding(
                choice.shortcut,
                f"choose_range('{choice.key}')",
                f"Range: {choice.label}",
                id=f"analytics.range_{choice.key}",
                show=False,
            )
            for choice in RANGES
        ),
        Binding(
            "right_square_bracket",
            "switch_tab(1)",
            "Next view",
            id="analytics.next_view",
            key_display="]",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "switch_tab(-1)",
            "Previous view",
            id="analytics.previous_view",
            key_display="[",
            show=False,
        ),
        Binding("a", "acknowledge", "Acknowledge", id="analytics.acknowledge"),
        Binding("d", "dismiss_plateau", "Not a plateau", id="analytics.dismiss"),
        Binding("R", "reload", "Reload", id="analytics.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.range = DEFAULT_RANGE
        self.exercise_id: str | None = None
        self._generation = 0
        self._plateau_generation = 0
        self._records_generation = 0
        self._records_exercise: str | None = None  # whose records were asked for last

    def compose_body(self) -> ComposeResult:
        with Vertical(id="analytics-body", classes="body"):
            with Horizontal(id="analytics-controls"):
                yield Static("", id="analytics-exercise")
                yield RangeSelector(self.range, id="analytics-range")
            yield Static("Loading…", id="analytics-headline")
            yield AdherenceLine(id="analytics-programme", markup=False)
            with TabbedContent(id="analytics-tabs"):
                with TabPane("e1RM", id="tab-e1rm"):
                    yield ChartPanel(id="chart-e1rm")
                with TabPane("Volume", id="tab-volume"):
                    yield ChartPanel(id="chart-volume")
                with TabPane("Muscles", id="tab-muscles"):
                    yield ChartPanel(id="chart-muscles")
                with TabPane("RPE", id="tab-rpe"), VerticalScroll():
                    yield RpeHeatmap(id="rpe-heatmap")
                    yield Static("", id="rpe-empty", classes="muted")
                with TabPane("Records", id="tab-records"), VerticalScroll():
                    yield PrTable("Loading…", id="pr-table")
                with TabPane("Plateaus", id="tab-plateaus"):
                    yield VerticalScroll(id="plateau-list", can_focus=False)
                    yield Static("Loading…", id="plateau-empty", classes="muted")

    def on_mount(self) -> None:
        super().on_mount()
        self.show_exercise_name(None)
        self.query_one(Tabs).focus()

    # --- loading -------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Everything shown again, in parallel workers: the range's numbers, the plateaus, the
        exercise's records when their tab is the one open (they are read when it opens), and
        the programme's adherence."""
        self._records_exercise = None
        self.load_view()
        self.load_plateaus()
        self.ensure_records()
        call_service(
            self,
            programme_adherence,
            self.app.clock(),  # type: ignore[attr-defined]
            then=self.query_one(AdherenceLine).show,
            group="analytics-programme",
        )

    def load_view(self) -> None:
        """Read the range's numbers (again); a result older than the latest request is dropped."""
        self._generation += 1
        call_service(
            self,
            analytics_view,
            self.exercise_id,
            self.range.weeks,
            self.app.clock(),  # type: ignore[attr-defined]
            then=partial(self._loaded, self._generation),
            group="analytics",
        )

    def ensure_records(self) -> None:
        """Read the exercise's records if their tab is open and they are not those shown."""
        tab_open = self.query_one(TabbedContent).active == "tab-records"
        if tab_open and self.exercise_id and self._records_exercise != self.exercise_id:
            self.load_records(self.exercise_id)

    def load_records(self, exercise_id: str) -> None:
        self._records_exercise = exercise_id
        self._records_generation += 1
        call_service(
            self,
            records_for,
            exercise_id,
            then=partial(self._records_loaded, self._records_generation),
            group="analytics-records",
        )

    def load_plateaus(self) -> None:
        self._plateau_generation += 1
        call_service(
            self,
            active_plateaus,
            self.app.clock(),  # type: ignore[attr-defined]
            then=partial(self._plateaus_loaded, self._plateau_generation),
            group="analytics-plateaus",
        )

    def _loaded(self, generation: int, view: AnalyticsView) -> None:
        if generation == self._generation:  # else a newer request is on its way
            self.show_view(view)

    def _records_loaded(self, generation: int, records: ExerciseRecords) -> None:
        if generation == self._records_generation:
            self.query_one(PrTable).show(records)

    def _plateaus_loaded(self, generation: int, reports: list[PlateauReport]) -> None:
        if generation == self._plateau_generation:
            self.show_plateaus(reports)

    def show_view(self, view: AnalyticsView) -> None:
        if view.exercise is not None:
            self.exercise_id = view.exercise.exercise_id
        self.show_exercise_name(view.exercise.name if view.exercise else None)
        self.query_one("#analytics-headline", Static).update(headline_text(view))
        self.show_e1rm(view)
        self.show_volume(view)
        self.show_muscles(view)
        self.show_rpe(view)
        if view.exercise is None:
            self._records_exercise = None
            self.query_one(PrTable).show(None)
        elif view.exercise.exercise_id != self._records_exercise:
            self.query_one(PrTable).update("Loading…")
            self.ensure_records()

    def show_exercise_name(self, name: str | None) -> None:
        shown = f"[b]{name}[/b]" if name else "[dim]none yet[/]"
        self.query_one("#analytics-exercise", Static).update(
            f"[@click=screen.pick_exercise]Exercise[/] {shown}"
        )

    def show_e1rm(self, view: AnalyticsView) -> None:
        panel = self.query_one("#chart-e1rm", ChartPanel)
        exercise = view.exercise
        if exercise is None:
            panel.show_empty(
                "No e1RM yet: log a working set of 1 to 12 reps with a load, "
                "or press e to choose an exercise."
            )
            return
        if not exercise.points:
            panel.show_empty(f"No e1RM for {exercise.name} in {self.range.phrase}.")
            return
        window = (view.window.start, view.window.end)
        prs = set(exercise.pr_days)

        def draw(plt: object, width: int, height: int) -> None:
            draw_e1rm(plt, exercise.points, prs, view.unit, window=window, width=width)

        panel.show(draw)

    def show_volume(self, view: AnalyticsView) -> None:
        panel = self.query_one("#chart-volume", ChartPanel)
        if not any(volume for _, volume in view.volume_weeks):
            panel.show_empty(f"No sets in {self.range.phrase}.")
            return

        def draw(plt: object, width: int, height: int) -> None:
            draw_weekly_volume(plt, view.volume_weeks, view.unit, width)

        panel.show(draw)

    def show_muscles(self, view: AnalyticsView) -> None:
        panel = self.query_one("#chart-muscles", ChartPanel)
        if not view.muscles:
            panel.show_empty(f"No sets in {self.range.phrase}.")
            return
        rows = [
            (muscle_name(m.totals.muscle), m.hard_sets_per_week, m.totals.volume_kg)
            for m in view.muscles
        ]

        def draw(plt: object, width: int, height: int) -> None:
            draw_muscles(plt, rows, view.unit, height - BAR_CHART_FRAME)

        panel.show(draw)

    def show_rpe(self, view: AnalyticsView) -> None:
        heatmap = self.query_one(RpeHeatmap)
        empty = self.query_one("#rpe-empty", Static)
        heatmap.show(
            HeatmapData(
                first_week=view.window.start,
                weeks=view.weeks,
                today=view.window.end,
                cells={(d.week, d.weekday): d.avg_rpe for d in view.rpe_days},
            )
        )
        heatmap.display = bool(view.rpe_days)
        empty.display = not view.rpe_days
        empty.update(f"No RPE logged in {self.range.phrase}.")

    def show_plateaus(self, reports: list[PlateauReport]) -> None:
        listing = self.query_one("#plateau-list", VerticalScroll)
        had_focus = isinstance(self.focused, PlateauCard)
        listing.remove_children()
        listing.mount_all(PlateauCard(report) for report in reports)
        listing.display = bool(reports)
        empty = self.query_one("#plateau-empty", Static)
        empty.display = not reports
        empty.update(
            "No plateau: every lift with enough history is still making progress. A lift "
            f"needs {PLATEAU_RULES.min_sessions} sessions over "
            f"{PLATEAU_RULES.min_history_days // 7} weeks, and no new best for "
            f"{PLATEAU_RULES.window_days // 7} weeks, to be called stalled."
        )
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("tab-plateaus").label = f"Plateaus ({len(reports)})" if reports else "Plateaus"
        if had_focus and reports:
            self.call_after_refresh(self.focus_first_card)
        self.refresh_bindings()

    def focus_first_card(self) -> None:
        cards = self.query(PlateauCard)
        if cards:
            cards.first().focus()

    def focused_card(self) -> PlateauCard | None:
        return self.focused if isinstance(self.focused, PlateauCard) else None

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"acknowledge", "dismiss_plateau"}:
            # Shown (in the footer too) only on the plateaus, with a card to act on.
            if self.query_one(TabbedContent).active != "tab-plateaus":
                return False
            return True if self.query(PlateauCard) else None
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.ensure_records()
        self.refresh_bindings()

    def _target_card(self) -> PlateauCard | None:
        card = self.focused_card()
        if card is None:
            cards = self.query(PlateauCard)
            card = cards.first() if cards else None
        return card

    def action_acknowledge(self) -> None:
        card = self._target_card()
        if card is None:
            return
        call_service(self, acknowledge_plateau, card.report.id, then=card.show)

    def action_dismiss_plateau(self) -> None:
        card = self._target_card()
        if card is None:
            return
        from halterofit_tui.tui.screens.prompt import PromptScreen

        report = card.report

        def answered(feedback: str | None) -> None:
            if feedback is None:
                return

            def dismissed(_: PlateauReport) -> None:
                self.notify(f"{report.exercise_name}: not shown again for this stall.", timeout=4)
                self.load_plateaus()

            call_service(
                self,
                dismiss_plateau,
                report.id,
                feedback,
                self.app.clock(),  # type: ignore[attr-defined]
                then=dismissed,
            )

        question = f"Not a plateau for {report.exercise_name}? Say why, if you like (Enter)."
        self.app.push_screen(
            PromptScreen(question, placeholder="e.g. planned deload, injury"), callback=answered
        )

    def action_choose_range(self, key: str) -> None:
        chosen = range_named(key)
        if chosen == self.range:
            return
        self.range = chosen
        self.query_one(RangeSelector).select(chosen)
        self.load_view()

    def action_next_range(self) -> None:
        index = RANGES.index(self.range)
        self.action_choose_range(RANGES[(index + 1) % len(RANGES)].key)

    def action_switch_tab(self, step: int) -> None:
        tabs = self.query_one(Tabs)
        if step > 0:
            tabs.action_next_tab()
        else:
            tabs.action_previous_tab()

    def action_reload(self) -> None:
        self.refresh_data()

    def action_pick_exercise(self) -> None:
        from halterofit_tui.services.workouts import exercise_choices
        from halterofit_tui.tui.screens.exercise_picker import ExercisePicker

        def open_picker(choices: list[Exercise]) -> None:
            ids = {e.name: e.id for e in choices}

            def picked(name: str | None) -> None:
                chosen = ids.get(name or "")
                if chosen is not None and chosen != self.exercise_id:
                    self.exercise_id = chosen
                    self.load_view()

            picker = ExercisePicker(
                choices,
                set(),
                heading="Show an exercise",
                placeholder="type a few letters, Enter to show it",
            )
            self.app.push_screen(picker, callback=picked)

        call_service(self, exercise_choices, then=open_picker, group="choices")
