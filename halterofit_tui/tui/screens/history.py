"""History: every workout, newest first, grouped by week, a page at a time.

The list is an OptionList (line-rendered, cheap for thousands of rows): week headers are disabled
options, so the cursor skips them. The next page loads when the cursor or the scroll position
nears the end. Enter opens a workout; d deletes one after a confirmation; f filters the list to
workouts containing an exercise (also reachable from a workout's sets), c or Esc clears it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from halterofit_tui.domain.describe import plural
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.domain.records import Exercise, Workout
from halterofit_tui.services.history import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    HistoryEntry,
    HistoryPage,
    WeekTotals,
    history_page,
    week_start,
)
from halterofit_tui.services.library import get_exercise
from halterofit_tui.services.workouts import Deleted, delete
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.screens.confirm import ConfirmScreen
from halterofit_tui.tui.screens.workout_detail import WorkoutDetailScreen
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.format import (
    day_text,
    duration_text,
    fit,
    long_date,
    rpe_text,
    set_text,
    volume_text,
    week_header,
)

LOAD_AHEAD = 10  # rows from the end at which the next page is fetched
WEEK_PREFIX = "week-"

# Column widths of a workout row; the name takes what is left (within bounds).
DATE_W, SETS_W, VOLUME_W, TIME_W, RPE_W, TOP_W = 10, 4, 11, 7, 4, 17
NAME_MIN, NAME_MAX = 10, 48
GUTTER = 4  # list padding and scrollbar


@dataclass(frozen=True)
class ExerciseFilterChoice:
    id: str
    name: str


def name_width(total: int, filtered: bool) -> int:
    fixed = DATE_W + SETS_W + VOLUME_W + TIME_W + RPE_W + 5
    if filtered:
        fixed += TOP_W + 1
    return max(NAME_MIN, min(NAME_MAX, total - GUTTER - fixed))


def header_line(width: int, filtered: bool) -> str:
    line = (
        f"{fit('Date', DATE_W)} {fit('Workout', name_width(width, filtered))} "
        f"{'Sets':>{SETS_W}} {'Volume':>{VOLUME_W}} {'Time':>{TIME_W}} {'RPE':>{RPE_W}}"
    )
    return line + (f" {fit('Best set', TOP_W)}" if filtered else "")


def workout_line(entry: HistoryEntry, unit: str, width: int, filtered: bool) -> str:
    w = entry.workout
    name = w.name + (" (in progress)" if w.status == "in_progress" else "")
    line = (
        f"{fit(day_text(w.date), DATE_W)} {fit(name, name_width(width, filtered))} "
        f"{w.total_sets:>{SETS_W}} {volume_text(w.total_volume_kg, unit):>{VOLUME_W}} "
        f"{duration_text(w.duration_s):>{TIME_W}} {rpe_text(w.avg_rpe):>{RPE_W}}"
    )
    if filtered:
        top = set_text(entry.top_set, unit) if entry.top_set else "-"
        line += f" {fit(top, TOP_W)}"
    return line


class WorkoutList(OptionList):
    """The history rows; Enter is the screen's open binding, a click selects too."""

    DEFAULT_CSS = """
    WorkoutList {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0 1;
        &:focus { border: none; }
        & > .option-list--option-disabled {
            color: $text-accent;
            text-style: bold;
        }
    }
    """


class ExerciseFilterScreen(ModalScreen[str | None]):
    """Ask which exercise to filter the history by (with completion from the library)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="history.filter_cancel"),
    ]

    def __init__(self, names: list[str], error: str = "", value: str = "") -> None:
        super().__init__()
        self.names = names
        self.error = error
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="filter-dialog"):
            yield Static("Show only workouts with the exercise:", classes="dialog-title")
            yield Input(
                self.value,
                placeholder="e.g. squat (Tab completes)",
                suggester=SuggestFromList(self.names, case_sensitive=False),
                id="filter-input",
            )
            yield Static(self.error, classes="error", id="filter-error", markup=False)
            yield Static("Enter filters · Esc cancels", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#filter-error").display = bool(self.error)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HistoryScreen(AreaScreen):
    AREA_TITLE = "History"

    DEFAULT_CSS = """
    HistoryScreen #history-filter {
        display: none;
        padding: 0 1;
        background: $accent 25%;
        color: $text;
        text-style: bold;
    }
    HistoryScreen #history-filter.-active { display: block; }
    HistoryScreen #history-columns { padding: 0 1; color: $text-muted; text-style: bold; }
    HistoryScreen #history-status { padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="history.open", priority=True),
        Binding("d,delete", "delete_workout", "Delete", id="history.delete"),
        Binding("f", "filter", "Filter", id="history.filter"),
        Binding("c", "clear_filter", "Clear filter", id="history.clear_filter"),
        Binding("escape", "clear_filter", "Clear filter", id="history.clear_escape", show=False),
        Binding("r", "reload", "Reload", id="history.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[HistoryEntry] = []
        self.weeks: dict[date, WeekTotals] = {}
        self.exercise: ExerciseFilterChoice | None = None
        self.has_more = False
        self.fetching = False
        self.loaded_once = False
        self._generation = 0
        self._width = 80

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body", id="history-body"):
            yield Static("", id="history-filter", markup=False)
            yield Static("", id="history-columns", markup=False)
            yield WorkoutList(id="history-list")
            yield Static("Loading…", id="history-status", classes="muted", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self._width = self.size.width or 80
        self.query_one("#history-columns", Static).update(header_line(self._width, False))
        workouts = self.query_one(WorkoutList)
        workouts.focus()
        self.watch(workouts, "scroll_y", self._scrolled, init=False)

    @property
    def unit(self) -> str:
        return str(getattr(self.app, "unit", "kg"))

    @property
    def filtered(self) -> bool:
        return self.exercise is not None

    # --- loading pages -------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.load(reset=True)

    def load(self, *, reset: bool) -> None:
        """Fetch the first pages again (reset) or the next page after the loaded workouts."""
        if not reset and (self.fetching or not self.has_more):
            return
        if reset:
            self._generation += 1
        self.fetching = True
        offset = 0 if reset else len(self.entries)
        limit = min(max(PAGE_SIZE, len(self.entries)), MAX_PAGE_SIZE) if reset else PAGE_SIZE
        call_service(
            self,
            history_page,
            offset=offset,
            limit=limit,
            exercise_id=self.exercise.id if self.exercise else None,
            then=partial(self._page_loaded, self._generation, reset),
            failed=partial(self._page_failed, self._generation),
            group="history-page",
        )

    def _page_failed(self, generation: int, error: HalterofitError) -> None:
        if generation == self._generation:
            self.fetching = False
        self.notify(str(error), severity="error", timeout=6)

    def _page_loaded(self, generation: int, reset: bool, page: HistoryPage) -> None:
        if generation != self._generation:
            return  # a newer reload (or another filter) superseded this page
        self.fetching = False
        self.loaded_once = True
        workouts = self.query_one(WorkoutList)
        if reset:
            keep = self.highlighted_workout()
            self.entries = list(page.entries)
            self.weeks = dict(page.weeks)
            self.has_more = page.has_more
            self.render_list(keep.id if keep else None)
        else:
            self.weeks.update(page.weeks)
            self.has_more = page.has_more
            last_week = week_start(self.entries[-1].workout.date) if self.entries else None
            workouts.add_options(self._options(page.entries, last_week))
            self.entries.extend(page.entries)
            self._refresh_week_headers(page.weeks)
        self.update_status()

    def _options(
        self, entries: tuple[HistoryEntry, ...] | list[HistoryEntry], last_week: date | None
    ) -> list[Option]:
        options: list[Option] = []
        for entry in entries:
            monday = week_start(entry.workout.date)
            if monday != last_week:
                options.append(
                    Option(
                        self._week_prompt(monday),
                        id=WEEK_PREFIX + monday.isoformat(),
                        disabled=True,
                    )
                )
                last_week = monday
            line = workout_line(entry, self.unit, self._width, self.filtered)
            options.append(
                Option(Text(line, no_wrap=True, overflow="ellipsis"), id=entry.workout.id)
            )
        return options

    def _week_prompt(self, monday: date) -> Text:
        totals = self.weeks.get(monday, WeekTotals(monday, 0, 0.0))
        return Text(
            week_header(monday, totals.sessions, totals.volume_kg, self.unit),
            no_wrap=True,
            overflow="ellipsis",
        )

    def _refresh_week_headers(self, weeks: dict[date, WeekTotals]) -> None:
        workouts = self.query_one(WorkoutList)
        for monday in weeks:
            option_id = WEEK_PREFIX + monday.isoformat()
            try:
                workouts.replace_option_prompt(option_id, self._week_prompt(monday))
            except OptionDoesNotExist:  # the week is not shown (yet)
                continue

    def render_list(self, keep_id: str | None = None) -> None:
        """Rebuild every row (after a reload, a filter change or a resize)."""
        workouts = self.query_one(WorkoutList)
        workouts.set_options(self._options(self.entries, None))
        self.query_one("#history-columns", Static).update(header_line(self._width, self.filtered))
        index: int | None = None
        if keep_id is not None:
            try:
                index = workouts.get_option_index(keep_id)
            except OptionDoesNotExist:  # that workout is gone: fall back to the first
                index = None
        if index is None:
            index = next(
                (i for i, option in enumerate(workouts.options) if not option.disabled), None
            )
        workouts.highlighted = index
        self.refresh_bindings()

    def update_status(self) -> None:
        count = len(self.entries)
        status = self.query_one("#history-status", Static)
        subject = f" with {self.exercise.name}" if self.exercise else ""
        if count == 0:
            status.update(
                f"No workouts{subject}."
                if self.exercise
                else "No workouts yet: log one in Workout (w)."
            )
        elif self.has_more:
            status.update(f"{plural(count, 'workout')}{subject} shown · more load as you scroll")
        else:
            status.update(f"{plural(count, 'workout')}{subject}")
        banner = self.query_one("#history-filter", Static)
        banner.set_class(self.exercise is not None, "-active")
        if self.exercise is not None:
            banner.update(f"Filter: {self.exercise.name} · only workouts with it · c clears")

    def _scrolled(self, scroll_y: float) -> None:
        workouts = self.query_one(WorkoutList)
        if self.has_more and scroll_y >= workouts.max_scroll_y - workouts.size.height:
            self.load(reset=False)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()
        if self.has_more and event.option_index >= event.option_list.option_count - LOAD_AHEAD:
            self.load(reset=False)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a row (Enter is the open binding itself)."""
        self.action_open()

    def on_resize(self, event: Resize) -> None:
        width = event.size.width
        if width and width != self._width:
            self._width = width
            if self.loaded_once:
                keep = self.highlighted_workout()
                self.render_list(keep.id if keep else None)
            else:
                self.query_one("#history-columns", Static).update(header_line(width, self.filtered))

    # --- the highlighted workout ---------------------------------------------------------

    def highlighted_workout(self) -> Workout | None:
        lists = self.query(WorkoutList)  # empty while the screen is being composed
        option = lists.first().highlighted_option if lists else None
        if option is None or option.id is None or option.disabled:
            return None
        for entry in self.entries:
            if entry.workout.id == option.id:
                return entry.workout
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"open", "delete_workout"}:
            return True if self.highlighted_workout() is not None else None
        if action == "clear_filter":
            return self.exercise is not None
        return True

    # --- actions -------------------------------------------------------------------------

    def action_open(self) -> None:
        workout = self.highlighted_workout()
        if workout is not None:
            self.app.push_screen(WorkoutDetailScreen(workout.id, on_filter=self.set_filter))

    def action_reload(self) -> None:
        self.load(reset=True)

    def action_delete_workout(self) -> None:
        workout = self.highlighted_workout()
        if workout is None:
            return
        question = f"Delete the workout '{workout.name}' of {long_date(workout.date)}?"
        detail = (
            f"{plural(workout.total_sets, 'set')} · "
            f"{volume_text(workout.total_volume_kg, self.unit)}. All its sets are deleted too."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                call_service(self, delete, workout.id, then=self._deleted)

        self.app.push_screen(
            ConfirmScreen(question, detail, yes="Delete", danger=True), callback=answered
        )

    def _deleted(self, deleted: Deleted) -> None:
        self.notify(f"Deleted {deleted.description}", timeout=3)
        self.load(reset=True)

    def set_filter(self, exercise_id: str, name: str) -> None:
        """Show only workouts with this exercise (called from a workout's detail too)."""
        self.exercise = ExerciseFilterChoice(exercise_id, name)
        self.entries = []
        self.has_more = False
        if self.is_current:  # otherwise the reload comes when this screen resumes
            self.load(reset=True)
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        if self.exercise is None:
            return
        self.exercise = None
        self.entries = []
        self.load(reset=True)
        self.refresh_bindings()

    def action_filter(self, error: str = "", value: str = "") -> None:
        names = list(getattr(self.app, "exercise_names", []))
        self.app.push_screen(ExerciseFilterScreen(names, error, value), callback=self._filter_typed)

    def _filter_typed(self, text: str | None) -> None:
        if not text:
            return

        def found(exercise: Exercise) -> None:
            self.set_filter(exercise.id, exercise.name)

        def not_found(error: HalterofitError) -> None:
            self.action_filter(str(error), text)

        call_service(self, get_exercise, text, then=found, failed=not_found)
