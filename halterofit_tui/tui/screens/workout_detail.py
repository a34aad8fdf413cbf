"""One workout of the history: every exercise with its sets, the totals, and set editing.

Pushed on top of the History list. Enter (or e) edits the highlighted set, d deletes it after a
confirmation, f shows the History list filtered to the highlighted set's exercise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from halterofit_tui.domain.errors import HalterofitError, NotFound
from halterofit_tui.domain.records import LoggedSet, WorkoutDetail
from halterofit_tui.services.workouts import Deleted, delete, show_workout
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.screens.confirm import ConfirmScreen
from halterofit_tui.tui.screens.set_editor import SetEditorScreen
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.format import (
    day_text,
    e1rm_text,
    fit,
    load_text,
    rpe_text,
    set_text,
    totals_line,
)

ExerciseFilter = Callable[[str, str], None]
"""Called with (exercise id, exercise name) to show that exercise's history."""

MAX_NAME = 24
NO_SETS = "slot:"


def _right(text: str) -> Text:
    return Text(text, justify="right")


def rows_of(detail: WorkoutDetail, unit: str) -> list[tuple[str, tuple[str | Text, ...]]]:
    """(row key, cells) per set in workout order, the exercise named on its first set only.

    Exercises added to the workout without any set get one "(no sets)" row.
    """
    by_exercise: dict[str, list[LoggedSet]] = {}
    for s in sorted(detail.sets, key=lambda s: (s.exercise_order, s.set_number)):
        by_exercise.setdefault(s.exercise_id, []).append(s)
    order = [e.exercise_id for e in sorted(detail.exercises, key=lambda e: e.position)]
    order += [exercise_id for exercise_id in by_exercise if exercise_id not in order]
    names = {e.exercise_id: e.name for e in detail.exercises}
    slots = {e.exercise_id: e.id for e in detail.exercises}
    rows: list[tuple[str, tuple[str | Text, ...]]] = []
    for exercise_id in order:
        sets = by_exercise.get(exercise_id, [])
        if not sets:
            name = fit(names.get(exercise_id, "?"), MAX_NAME).rstrip()
            rows.append((NO_SETS + slots[exercise_id], (name, "", "(no sets)", "", "", "", "")))
            continue
        for index, s in enumerate(sets):
            name = fit(s.exercise_name, MAX_NAME).rstrip() if index == 0 else ""
            rows.append(
                (
                    s.id,
                    (
                        name,
                        _right(str(s.set_number)),
                        _right(load_text(s, unit)),
                        _right(str(s.reps)),
                        _right(rpe_text(s.rpe)),
                        s.set_type,
                        _right(e1rm_text(s, unit)),
                    ),
                )
            )
    return rows


class SetsTable(DataTable[str | Text]):
    DEFAULT_CSS = """
    SetsTable { height: 1fr; }
    """


class WorkoutDetailScreen(AreaScreen):
    AREA_TITLE = "History"

    DEFAULT_CSS = """
    WorkoutDetailScreen #detail-title { padding: 0 1; text-style: bold; }
    WorkoutDetailScreen #detail-totals { padding: 0 1; }
    WorkoutDetailScreen #detail-notes { padding: 0 1; }
    WorkoutDetailScreen #detail-sets { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "edit_set", "Edit set", id="detail.edit", priority=True),
        Binding("d,delete", "delete_set", "Delete set", id="detail.delete"),
        Binding("f", "exercise_history", "Exercise history", id="detail.exercise_history"),
        Binding("escape,backspace", "back", "Back", id="detail.back"),
    ]

    def __init__(self, workout_id: str, on_filter: ExerciseFilter | None = None) -> None:
        super().__init__()
        self.workout_id = workout_id
        self.on_filter = on_filter
        self.detail: WorkoutDetail | None = None
        self.sets: dict[str, LoggedSet] = {}
        self._busy = False

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body", id="detail-body"):
            yield Static("Loading…", id="detail-title", markup=False)
            yield Static("", id="detail-totals", classes="muted", markup=False)
            yield Static("", id="detail-notes", classes="muted", markup=False)
            table = SetsTable(id="detail-sets", cursor_type="row", zebra_stripes=True)
            table.add_columns("Exercise", "#", "Load", "Reps", "RPE", "Type", "e1RM")
            yield table

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(SetsTable).focus()

    # --- loading -------------------------------------------------------------------------

    def refresh_data(self) -> None:
        call_service(
            self,
            show_workout,
            self.workout_id,
            then=self.show_detail,
            failed=self._load_failed,
            group="detail-load",
        )

    def _load_failed(self, error: HalterofitError) -> None:
        self.notify(str(error), severity="error", timeout=6)
        if isinstance(error, NotFound) and self.is_current:
            self.dismiss()

    def _timezone(self) -> tzinfo:
        profile = getattr(self.app, "profile", None)
        if profile is None:
            return UTC
        from halterofit_tui.services.profile import local_timezone

        return local_timezone(profile)

    @property
    def unit(self) -> str:
        return str(getattr(self.app, "unit", "kg"))

    def show_detail(self, detail: WorkoutDetail) -> None:
        self.detail = detail
        self.sets = {s.id: s for s in detail.sets}
        w = detail.workout
        when = f"{day_text(w.date)} {w.date.year}"
        if w.started_at is not None:
            when += " " + w.started_at.astimezone(self._timezone()).strftime("%H:%M")
        status = "  (in progress)" if w.status == "in_progress" else ""
        self.query_one("#detail-title", Static).update(f"{when} · {w.name}{status}")
        self.sub_title = f"History · {w.name}"
        table = self.query_one(SetsTable)
        selected = self.selected_key()
        row = table.cursor_row
        table.clear()
        for key, cells in rows_of(detail, self.unit):
            table.add_row(*cells, key=key)
        if selected is not None and selected in self.sets:
            row = table.get_row_index(selected)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        totals = totals_line(w, self.unit) if detail.sets else "No sets in this workout."
        self.query_one("#detail-totals", Static).update(f"Total: {totals}")
        notes = self.query_one("#detail-notes", Static)
        notes.update(f"Notes: {w.notes}" if w.notes else "")
        notes.display = bool(w.notes)

    # --- the highlighted set -------------------------------------------------------------

    def selected_key(self) -> str | None:
        table = self.query_one(SetsTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def selected_set(self) -> LoggedSet | None:
        key = self.selected_key()
        return self.sets.get(key) if key else None

    def selected_exercise(self) -> tuple[str, str] | None:
        """(id, name) of the highlighted row's exercise, sets or not."""
        chosen = self.selected_set()
        if chosen is not None:
            return chosen.exercise_id, chosen.exercise_name
        key = self.selected_key()
        if self.detail is None or key is None:
            return None
        for exercise in self.detail.exercises:
            if key == NO_SETS + exercise.id:
                return exercise.exercise_id, exercise.name
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"edit_set", "delete_set"}:
            return True if self.selected_set() is not None else None
        if action == "exercise_history":
            return True if self.selected_exercise() is not None else None
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self) -> None:
        """A click on a row (Enter is the edit binding itself)."""
        self.action_edit_set()

    # --- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_edit_set(self) -> None:
        chosen = self.selected_set()
        if chosen is None:
            return
        self.app.push_screen(SetEditorScreen(chosen, self.unit), callback=self._edited)

    def _edited(self, logged: LoggedSet | None) -> None:
        if logged is not None:
            self.notify(
                f"Saved {logged.exercise_name} set {logged.set_number}: "
                f"{set_text(logged, self.unit)}",
                timeout=3,
            )

    def action_delete_set(self) -> None:
        chosen = self.selected_set()
        if chosen is None or self._busy:
            return
        question = f"Delete {chosen.exercise_name} set {chosen.set_number}?"
        detail = f"{set_text(chosen, self.unit)}. Later sets are renumbered."

        def answered(yes: bool | None) -> None:
            if yes:
                self._busy = True
                call_service(
                    self, delete, chosen.id, then=self._deleted, failed=self._delete_failed
                )

        self.app.push_screen(
            ConfirmScreen(question, detail, yes="Delete", danger=True), callback=answered
        )

    def _deleted(self, deleted: Deleted) -> None:
        self._busy = False
        self.notify(f"Deleted {deleted.description}", timeout=3)
        self.refresh_data()

    def _delete_failed(self, error: HalterofitError) -> None:
        self._busy = False
        self.notify(str(error), severity="error", timeout=6)

    def action_exercise_history(self) -> None:
        exercise = self.selected_exercise()
        if exercise is None:
            return
        if self.on_filter is not None:
            self.on_filter(*exercise)
        self.dismiss()
