"""Library: search and filter the exercises, read about one, mark favourites, add your own.

The list and the detail are loaded in workers. Results can come back out of order (a thread
worker cannot be stopped), so each load carries a token and stale answers are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import DataTable, Input, Select, Static

from halterofit_tui.domain.catalogue import CATEGORIES, EQUIPMENT, MOVEMENT_PATTERNS, MUSCLES
from halterofit_tui.domain.records import Exercise
from halterofit_tui.services.library import ExerciseStats
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.exercise_detail import ExerciseDetail, word_list, words
from halterofit_tui.tui.widgets.format import as_unit

# (select id, vocabulary, prompt, browse_exercises keyword)
FILTERS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("filter-muscle", MUSCLES, "Muscle: any", "muscle"),
    ("filter-equipment", EQUIPMENT, "Equipment: any", "equipment"),
    ("filter-category", CATEGORIES, "Category: any", "category"),
    ("filter-pattern", MOVEMENT_PATTERNS, "Pattern: any", "pattern"),
)


class SearchInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.focus_list", "To the list", id="library.to_list", show=False),
    ]


class ExerciseTable(DataTable[Text]):
    """The exercises found, one per row keyed by id; columns share the width it is given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Add to workout", id="library.add", key_display="⏎"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=1)
        self.exercises: list[Exercise] = []
        self._width = 0

    @property
    def current(self) -> Exercise | None:
        if not self.exercises:
            return None
        return self.exercises[min(max(self.cursor_row, 0), len(self.exercises) - 1)]

    def show(self, exercises: Sequence[Exercise], keep: str | None = None) -> None:
        """Show `exercises`; the cursor goes to `keep` (else stays on its row), or to the top."""
        previous_row = self.cursor_row
        self.exercises = list(exercises)
        self._fill()
        if keep is None:
            row = 0
        else:
            ids = [e.id for e in self.exercises]
            row = ids.index(keep) if keep in ids else previous_row
        if self.exercises:
            self.move_cursor(row=min(max(row, 0), len(self.exercises) - 1), animate=False)

    def replace(self, exercise: Exercise) -> None:
        """Update one exercise's row in place (the order and cursor stay as they are)."""
        for index, old in enumerate(self.exercises):
            if old.id == exercise.id:
                self.exercises[index] = exercise
                for column, cell in zip(self.columns, self._cells(exercise), strict=True):
                    self.update_cell(exercise.id, column, cell)

    def _widths(self) -> tuple[int, int, int]:
        # 4 columns with one cell of padding each side; 2 cells kept for the scrollbar.
        room = max(self.size.width - 4 * 2 - 1 - 2, 30)
        name = room * 43 // 100
        equipment = room * 22 // 100
        return name, equipment, room - name - equipment

    def _cells(self, exercise: Exercise) -> tuple[Text, Text, Text, Text]:
        star = Text("★", style="bold yellow") if exercise.is_favourite else Text(" ")
        name = Text(exercise.name, no_wrap=True, overflow="ellipsis")
        if exercise.is_custom:
            name.append(" ·", style="dim")
        equipment = Text(word_list(exercise.equipment), style="dim", overflow="ellipsis")
        muscles = Text(word_list(exercise.primary_muscles), overflow="ellipsis")
        return star, name, equipment, muscles

    def _fill(self) -> None:
        self._width = self.size.width
        name, equipment, muscles = self._widths()
        self.clear(columns=True)
        self.add_column("★", width=1, key="star")
        self.add_column("Exercise", width=name, key="name")
        self.add_column("Equipment", width=equipment, key="equipment")
        self.add_column("Primary muscles", width=muscles, key="muscles")
        for exercise in self.exercises:
            self.add_row(*self._cells(exercise), key=exercise.id)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width and self.exercises:
            keep = self.current.id if self.current else None
            self.show(self.exercises, keep)


class LibraryScreen(AreaScreen):
    AREA_TITLE = "Library"
    AUTO_FOCUS = "ExerciseTable"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    DEFAULT_CSS = """
    LibraryScreen #library-search-row { height: 1; }
    LibraryScreen #library-search { width: 1fr; }
    LibraryScreen #library-count { width: auto; padding: 0 1; color: $text-muted; }
    LibraryScreen #library-filters { height: 1; }
    LibraryScreen #library-filters Select { width: 1fr; margin-right: 1; }
    LibraryScreen #library-filters Select:last-of-type { margin-right: 0; }
    LibraryScreen #library-main { height: 1fr; layout: horizontal; }
    LibraryScreen ExerciseTable { height: 1fr; width: 1fr; overflow-x: hidden; }
    LibraryScreen ExerciseDetail { width: 1fr; border-left: vkey $primary 50%; }
    LibraryScreen.-narrow #library-main { layout: vertical; }
    LibraryScreen.-narrow ExerciseDetail {
        width: 1fr;
        border-left: none;
        border-top: hkey $primary 50%;
    }
    LibraryScreen ExerciseDetail:focus { border-left: vkey $accent; }
    LibraryScreen.-narrow ExerciseDetail:focus { border-left: none; border-top: hkey $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="library.search", key_display="/"),
        Binding("f", "toggle_favourite", "Favourite", id="library.favourite"),
        Binding("n", "new_exercise", "New", id="library.new"),
        Binding("e", "edit_exercise", "Edit", id="library.edit"),
        Binding("r", "set_rest", "Rest time", id="library.rest", show=False),
        Binding("escape", "clear_search", "Clear search", id="library.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._list_token = 0
        self._detail_id: str | None = None
        self._stats: ExerciseStats | None = None
        self._saved_id: str | None = None  # the cursor goes to it on the next list load

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body", id="library"):
            with Horizontal(id="library-search-row"):
                yield SearchInput(
                    placeholder="/ search names and aliases",
                    id="library-search",
                    compact=True,
                )
                yield Static("", id="library-count")
            with Horizontal(id="library-filters"):
                for select_id, vocabulary, prompt, _ in FILTERS:
                    yield Select(
                        [(words(v), v) for v in vocabulary],
                        prompt=prompt,
                        id=select_id,
                        compact=True,
                    )
            with Container(id="library-main"):
                yield ExerciseTable(id="library-list")
                yield ExerciseDetail(id="library-detail")

    @property
    def table(self) -> ExerciseTable:
        return self.query_one(ExerciseTable)

    @property
    def detail(self) -> ExerciseDetail:
        return self.query_one(ExerciseDetail)

    # --- loading ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self._detail_id = None  # sets may have been logged, or the unit changed, meanwhile
        current = self.table.current
        self.load_list(keep=self._saved_id or (current.id if current else None))

    def filters(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        for select_id, _, _, keyword in FILTERS:
            value = self.query_one(f"#{select_id}", Select).value
            chosen[keyword] = None if value is Select.NULL else value
        return chosen

    def load_list(self, keep: str | None = None) -> None:
        from halterofit_tui.services.library import browse_exercises

        self._list_token += 1
        token = self._list_token
        call_service(
            self,
            browse_exercises,
            self.query_one(SearchInput).value,
            **self.filters(),
            then=lambda found: self._show_list(token, found, keep),
            group="library-list",
            exclusive=True,
        )

    def _show_list(self, token: int, found: list[Exercise], keep: str | None) -> None:
        if token != self._list_token:
            return  # a newer search is on its way
        self.table.show(found, self._saved_id or keep)
        self._saved_id = None
        total = len(found)
        self.query_one("#library-count", Static).update(
            f"{total} exercise{'s' if total != 1 else ''}"
        )
        self.sync_detail()

    def sync_detail(self) -> None:
        """Show the highlighted exercise and load the lifter's numbers for it."""
        exercise = self.table.current
        unit = as_unit(self.app.unit)  # type: ignore[attr-defined]
        if exercise is None:
            self._detail_id = None
            self.detail.show(None, None, unit)
            return
        if exercise.id == self._detail_id:
            self.detail.show(exercise, self._stats, unit)  # e.g. the star changed
            return
        from halterofit_tui.services.library import exercise_stats

        self._detail_id, self._stats = exercise.id, None
        self.detail.show(exercise, None, unit)
        call_service(
            self,
            exercise_stats,
            exercise.id,
            then=self._show_stats,
            group="library-detail",
            exclusive=True,
        )

    def _show_stats(self, stats: ExerciseStats) -> None:
        exercise = self.table.current
        if exercise is None or stats.exercise_id != exercise.id:
            return  # the cursor has moved on
        self._stats = stats
        self.detail.show(exercise, stats, as_unit(self.app.unit))  # type: ignore[attr-defined]

    # --- events ----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "library-search":
            self.load_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "library-search":
            self.action_focus_list()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.load_list()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Refilling the table moves the cursor a few times; sync once it has settled.
        self.call_after_refresh(self.sync_detail)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        exercise = self.table.current
        if exercise is not None:
            self.app.add_exercise_by_name(exercise.name)  # type: ignore[attr-defined]

    # --- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchInput).focus()

    def action_focus_list(self) -> None:
        self.table.focus()

    def action_clear_search(self) -> None:
        search = self.query_one(SearchInput)
        if search.value:
            search.value = ""  # posts Input.Changed, which reloads the list
        self.action_focus_list()

    def _current_or_tell(self) -> Exercise | None:
        exercise = self.table.current
        if exercise is None:
            self.notify("No exercise selected", severity="warning")
        return exercise

    def action_toggle_favourite(self) -> None:
        from halterofit_tui.services.library import set_favourite

        exercise = self._current_or_tell()
        if exercise is not None:
            call_service(
                self,
                set_favourite,
                exercise.id,
                not exercise.is_favourite,
                then=self._favourite_changed,
            )

    def _favourite_changed(self, exercise: Exercise) -> None:
        self.table.replace(exercise)
        self.sync_detail()
        star = "★ added to" if exercise.is_favourite else "removed from"
        self.notify(f"{exercise.name}: {star} favourites", timeout=2)

    def action_set_rest(self) -> None:
        """Ask for this exercise's own rest time (blank: the compound/isolation default)."""
        from halterofit_tui.tui.screens.prompt import PromptScreen

        exercise = self._current_or_tell()
        if exercise is None:
            return
        current = "" if exercise.rest_seconds is None else str(exercise.rest_seconds)

        def answered(text: str | None) -> None:
            if text is None:
                return
            from halterofit_tui.services.library import set_rest_override

            text = text.strip()
            if text and not text.isdigit():
                self.notify(f"rest must be whole seconds (got '{text}')", severity="error")
                return
            call_service(
                self,
                set_rest_override,
                exercise.id,
                int(text) if text else None,
                then=self._rest_changed,
            )

        question = f"Rest after a set of {exercise.name}, in seconds (blank: default)"
        self.app.push_screen(PromptScreen(question, current, "e.g. 240"), callback=answered)

    def _rest_changed(self, exercise: Exercise) -> None:
        self.table.replace(exercise)
        self.sync_detail()
        rest = f"{exercise.rest_seconds} s" if exercise.rest_seconds is not None else "default"
        self.notify(f"{exercise.name}: rest {rest}", timeout=2)

    def action_new_exercise(self) -> None:
        from halterofit_tui.tui.screens.exercise_form import ExerciseFormScreen

        query = self.query_one(SearchInput).value.strip()
        name = query if query and not self.table.exercises else ""
        self.app.push_screen(ExerciseFormScreen(name=name), callback=self._saved)

    def action_edit_exercise(self) -> None:
        from halterofit_tui.tui.screens.exercise_form import ExerciseFormScreen

        exercise = self._current_or_tell()
        if exercise is None:
            return
        if not exercise.is_custom:
            self.notify(
                f"{exercise.name} is built in and can't be edited; n adds your own exercise",
                severity="warning",
            )
            return
        self.app.push_screen(ExerciseFormScreen(exercise), callback=self._saved)

    def _saved(self, exercise: Exercise | None) -> None:
        if exercise is None:
            return
        self._detail_id = None  # its details may have changed
        self._saved_id = exercise.id
        self.load_list(keep=exercise.id)
        self.app.reload_exercise_names()  # type: ignore[attr-defined]
        self.notify(f"Saved {exercise.name}", timeout=3)
