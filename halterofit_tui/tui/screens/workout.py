"""The workout session: exercises on the left, their sets on the right, the set logger below.

A lifter between sets has one hand free: every action is a key or two, the logger is prefilled,
and the screen always says what just happened. All store calls run in workers.
A workout started from a plan (template or programme) shows the planned sets not yet logged as
dim "planned" rows, and the logger is prefilled from the next one. Under the logger's fields is
the suggested next set; the logger asks for plates and warm-ups, the screen shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from halterofit_tui.domain.describe import load_text
from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import SetSpec
from halterofit_tui.domain.plates import WarmupSet, smallest_increment
from halterofit_tui.domain.programs import PlateKit
from halterofit_tui.domain.readiness import Readiness
from halterofit_tui.domain.records import Exercise, LoggedSet, WorkoutDetail, WorkoutSummary
from halterofit_tui.domain.suggestions import Suggestion, loading_for, warmup_sets
from halterofit_tui.domain.units import (
    Unit,
    format_duration,
    format_number,
    format_weight,
    from_kg,
)
from halterofit_tui.services.workouts import (
    LogResult,
    SetDetails,
    changes_restoring,
    delete,
    edit_set,
    restore_set,
)
from halterofit_tui.tui.screens.area import AreaScreen
from halterofit_tui.tui.services import call_service
from halterofit_tui.tui.widgets.set_logger import LoggedEntry, SetLogger

if TYPE_CHECKING:
    from halterofit_tui.domain.errors import HalterofitError
    from halterofit_tui.services.anomalies import AnomalyPolicy
    from halterofit_tui.services.plans import PlannedSetView
    from halterofit_tui.store.engine import Database

UNDO_DEPTH = 50


@dataclass(frozen=True)
class LoadedWorkout:
    """The workout in progress, its planned sets (none without a plan) and, when its plan
    cannot be read, why: the workout is still shown, without the plan."""

    detail: WorkoutDetail | None
    plan: list[PlannedSetView]
    plan_problem: str | None = None


def workout_and_plan(db: Database) -> LoadedWorkout:
    """Read together so the planned rows never lag behind the logged ones."""
    from halterofit_tui.services.plans import planned_sets
    from halterofit_tui.services.workouts import active_workout

    detail = active_workout(db)
    if detail is None:
        return LoadedWorkout(None, [])
    try:
        return LoadedWorkout(detail, planned_sets(db, detail.workout.id))
    except InvalidInput as error:
        return LoadedWorkout(detail, [], f"this workout's plan cannot be read: {error}")


def planned_text(planned: PlannedSetView, unit: Unit) -> tuple[str, str, str]:
    """(load, reps, RPE) of a planned set as the sets table shows them: '100 kg', '8-12', '8'."""
    load = "-" if planned.weight_kg is None else format_weight(planned.weight_kg, unit)
    reps = str(planned.reps_min)
    if planned.reps_max > planned.reps_min:
        reps = f"{planned.reps_min}-{planned.reps_max}"
    if planned.amrap:
        reps += "+"
    rpe = "-" if planned.rpe is None else format_number(planned.rpe, 1)
    return load, reps, rpe


def is_bodyweight(exercise: Exercise | None) -> bool:
    """Pull-ups, dips and the like: the weight typed is load added to bodyweight."""
    return (
        exercise is not None
        and "bodyweight" in exercise.equipment
        and exercise.progression_type == "reps"
    )


class WorkoutScreen(AreaScreen):
    AREA_TITLE = "Workout"
    DEFAULT_CSS = """
    WorkoutScreen #workout-status { height: 1; padding: 0 1; background: $boost; }
    WorkoutScreen #workout-main { height: 1fr; }
    WorkoutScreen #exercise-list { width: 30; height: 100%; border: round $primary 50%; }
    WorkoutScreen #exercise-list:focus { border: round $accent; }
    WorkoutScreen #sets-table { width: 1fr; height: 100%; border: round $primary 50%; }
    WorkoutScreen #sets-table:focus { border: round $accent; }
    WorkoutScreen #no-workout { height: 1fr; content-align: center middle; }
    WorkoutScreen.-idle #workout-main, WorkoutScreen.-idle SetLogger { display: none; }
    WorkoutScreen.-active #no-workout { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "start_workout", "Start", id="workout.start"),
        Binding("a", "add_exercise", "Add exercise", id="workout.add"),
        Binding("f", "finish_workout", "Finish", id="workout.finish"),
        Binding("u,ctrl+z", "undo", "Undo", id="workout.undo"),
        Binding("e", "edit_set", "Edit set", id="workout.edit", show=False),
        Binding("d", "delete_set", "Delete set", id="workout.delete", show=False),
        Binding("ctrl+up,K", "move_exercise(-1)", "Move up", id="workout.move_up", show=False),
        Binding("ctrl+down,J", "move_exercise(1)", "Move down", id="workout.move_down", show=False),
        Binding("r", "remove_exercise", "Remove exercise", id="workout.remove", show=False),
        Binding("escape", "focus_exercises", "Exercises", id="workout.exercises", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.detail: WorkoutDetail | None = None
        self.selected_exercise_id: str | None = None
        self.exercises: dict[str, Exercise] = {}
        self.previous_sets: tuple[LoggedSet, ...] = ()
        self.plan: list[PlannedSetView] = []
        self._plan_problem: str | None = None
        self._suggestion_requests = 0
        # What undo does next, newest last: a description and the service call reversing it.
        self.undo_stack: list[tuple[str, Callable[[Database], object]]] = []
        # A dialog over the logger (the typo question, plates, warm-ups): coming back must not
        # reload, which would prefill the logger over what the lifter typed.
        self._keep_fields_on_return = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="workout-status")
        yield Static(
            "No workout in progress.\n\n[b]n[/b] start a workout · [b]a[/b] add an exercise",
            id="no-workout",
        )
        with Horizontal(id="workout-main"):
            yield OptionList(id="exercise-list")
            with Vertical():
                yield DataTable(id="sets-table", cursor_type="row", zebra_stripes=True)
        yield SetLogger(id="logger")

    def load_when_ready(self) -> None:
        if self._keep_fields_on_return:
            self._keep_fields_on_return = False
            return
        super().load_when_ready()

    def on_mount(self) -> None:
        super().on_mount()
        self.add_class("-idle")
        self.query_one("#exercise-list").border_title = "Exercises"
        table = self.query_one("#sets-table", DataTable)
        table.border_title = "Sets"
        table.add_columns("Set", "Load", "Reps", "RPE", "Type", "e1RM")
        self.set_interval(1, self.show_status)

    # --- loading ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        from halterofit_tui.services.workouts import exercise_choices

        call_service(self, exercise_choices, then=self._exercises_loaded, group="choices")
        call_service(self, workout_and_plan, then=self._workout_loaded, group="workout")

    def _exercises_loaded(self, exercises: list[Exercise]) -> None:
        self.exercises = {e.id: e for e in exercises}

    def _workout_loaded(self, loaded: LoadedWorkout) -> None:
        self.plan = loaded.plan
        if loaded.plan_problem is not None and loaded.plan_problem != self._plan_problem:
            self.notify(loaded.plan_problem, severity="warning", timeout=8)
        self._plan_problem = loaded.plan_problem
        self.show_workout(loaded.detail)

    @property
    def unit(self) -> Unit:
        return self.app.unit  # type: ignore[attr-defined,no-any-return]

    def show_workout(self, detail: WorkoutDetail | None) -> None:
        self.detail = detail
        self.set_class(detail is None, "-idle")
        self.set_class(detail is not None, "-active")
        self.show_status()
        if detail is None:
            return
        options = self.query_one("#exercise-list", OptionList)
        options.clear_options()
        for slot in detail.exercises:
            done = sum(1 for s in detail.sets if s.exercise_id == slot.exercise_id)
            planned = sum(1 for p in self.plan if p.exercise_id == slot.exercise_id)
            count = f"{done}/{planned}" if planned else str(done)
            options.add_option(Option(f"{slot.name} [dim]·{count}[/]", id=slot.exercise_id))
        ids = [slot.exercise_id for slot in detail.exercises]
        if self.selected_exercise_id not in ids:
            self.selected_exercise_id = ids[-1] if ids else None
        if self.selected_exercise_id is not None:
            options.highlighted = ids.index(self.selected_exercise_id)
        self.show_sets()

    def show_status(self) -> None:
        status = self.query_one("#workout-status", Static)
        if self.detail is None:
            status.update("")
            return
        w = self.detail.workout
        now = self.app.clock()  # type: ignore[attr-defined]
        elapsed = int((now - w.started_at).total_seconds()) if w.started_at else None
        rpe = f" · RPE {format_number(w.avg_rpe, 1)}" if w.avg_rpe is not None else ""
        status.update(
            f"[b]{w.name}[/b] · {format_duration(elapsed)} · {w.total_sets} sets · "
            f"{format_weight(w.total_volume_kg, self.unit)}{rpe}"
        )

    def current_sets(self) -> list[LoggedSet]:
        if self.detail is None:
            return []
        return [s for s in self.detail.sets if s.exercise_id == self.selected_exercise_id]

    def planned_to_do(self) -> list[PlannedSetView]:
        """The selected exercise's planned sets not logged yet."""
        return [p for p in self.plan if p.exercise_id == self.selected_exercise_id and not p.done]

    def show_sets(self) -> None:
        table = self.query_one("#sets-table", DataTable)
        table.clear()
        exercise = self.exercises.get(self.selected_exercise_id or "")
        table.border_title = f"Sets · {exercise.name}" if exercise else "Sets"
        for s in self.current_sets():
            table.add_row(
                str(s.set_number),
                load_text(s, self.unit),
                str(s.reps),
                format_number(s.rpe, 1) if s.rpe is not None else "-",
                s.set_type.replace("_", " "),
                format_weight(s.estimated_1rm, self.unit) if s.estimated_1rm else "-",
                key=s.id,
            )
        logged = table.row_count
        for planned in self.planned_to_do():
            kind = "planned" if planned.set_type != "warmup" else "planned warm-up"
            cells = (str(planned.set_number), *planned_text(planned, self.unit), kind, "")
            table.add_row(
                *(Text(cell, style="dim") for cell in cells),
                key=f"planned-{planned.set_number}",
            )
        if logged:
            table.move_cursor(row=logged - 1)
        self.configure_logger()

    def configure_logger(self) -> None:
        logger = self.query_one(SetLogger)
        exercise = self.exercises.get(self.selected_exercise_id or "")
        profile = self.app.profile  # type: ignore[attr-defined]
        increment_kg = smallest_increment(profile.plate_inventory) if profile else 2.5
        logger.configure(self.unit, from_kg(increment_kg, self.unit), is_bodyweight(exercise))
        logger.border_title = f"Log a set · {exercise.name}" if exercise else "Log a set"
        self.prefill()
        self.request_suggestion()

    def prefill(self) -> None:
        """The next planned set, else the previous set today, else the same set of the last
        session of this exercise. A planned set without a weight keeps the last set's."""
        logger = self.query_one(SetLogger)
        today = self.current_sets()
        if today:
            source: LoggedSet | None = today[-1]
        else:
            earlier = [s for s in self.previous_sets if s.set_type != "warmup"]
            source = earlier[0] if earlier else None
        upcoming = next(iter(self.planned_to_do()), None)
        if upcoming is not None:
            weight_kg = source.weight_kg if source is not None else None
            if upcoming.weight_kg is not None:
                weight_kg = upcoming.weight_kg
            weight = from_kg(weight_kg, self.unit) if weight_kg else None
            logger.prefill(weight, upcoming.reps_min, upcoming.rpe, upcoming.set_type)
            return
        # In a planned workout, an exercise with nothing planned left is back to working sets.
        set_type = "working" if self.plan else None
        if source is None:
            logger.prefill(None, None, None, set_type)
        else:
            weight = from_kg(source.weight_kg, self.unit) or None
            logger.prefill(weight, source.reps, source.rpe, set_type)

    def request_suggestion(self) -> None:
        """Ask for the selected exercise's next-set suggestion (it lands under the fields)."""
        logger = self.query_one(SetLogger)
        if self.detail is None or self.selected_exercise_id is None:
            logger.show_suggestion(None)
            return
        from halterofit_tui.services.suggestions import suggest_next_set

        # Only the answer to the latest request is shown: an older one may land later.
        self._suggestion_requests += 1
        request = self._suggestion_requests

        def arrived(suggestion: Suggestion | None) -> None:
            if request == self._suggestion_requests:
                logger.show_suggestion(suggestion)

        call_service(
            self,
            suggest_next_set,
            self.detail.workout.id,
            self.selected_exercise_id,
            then=arrived,
            group="suggestion",
            exclusive=True,
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "exercise-list" or event.option.id is None:
            return
        if event.option.id != self.selected_exercise_id or not self.previous_sets:
            self.selected_exercise_id = event.option.id
            self.previous_sets = ()
            self.show_sets()
            from halterofit_tui.services.workouts import previous_session_sets

            call_service(
                self,
                previous_session_sets,
                event.option.id,
                then=self._previous_loaded,
                group="previous",
                exclusive=True,
            )

    def _previous_loaded(self, sets: tuple[LoggedSet, ...]) -> None:
        self.previous_sets = sets
        if not self.current_sets():
            self.prefill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "exercise-list":
            self.query_one(SetLogger).focus_weight()

    # --- starting, adding, finishing ------------------------------------------------------

    def action_start_workout(self) -> None:
        if self.detail is not None:
            self.notify(f"'{self.detail.workout.name}' is already in progress")
            return
        from halterofit_tui.tui.screens.readiness import ReadinessScreen

        self.app.push_screen(ReadinessScreen(), callback=self._start_with)

    def _start_with(self, readiness: Readiness | None) -> None:
        from halterofit_tui.services.workouts import start_workout

        call_service(
            self,
            start_workout,
            None,
            self.app.clock(),  # type: ignore[attr-defined]
            readiness,
            then=lambda _: self._started(),
        )

    def _started(self) -> None:
        self.notify("Workout started")
        self.refresh_data()
        self.action_add_exercise()

    def action_add_exercise(self) -> None:
        from halterofit_tui.services.workouts import exercise_choices
        from halterofit_tui.tui.screens.exercise_picker import ExercisePicker

        def open_picker(choices: list[Exercise]) -> None:
            self.exercises = {e.id: e for e in choices}
            in_workout = {e.exercise_id for e in self.detail.exercises} if self.detail else set()
            self.app.push_screen(ExercisePicker(choices, in_workout), callback=self._add_named)

        call_service(self, exercise_choices, then=open_picker, group="choices")

    def action_add_exercise_named(self, name: str) -> None:
        self._add_named(name)

    def _add_named(self, name: str | None) -> None:
        if not name:
            return
        from halterofit_tui.services.workouts import add_exercise

        def added(detail: WorkoutDetail) -> None:
            self.selected_exercise_id = detail.exercises[-1].exercise_id
            self.show_workout(detail)
            self.query_one(SetLogger).focus_weight()

        def already_there(error: Exception) -> None:
            exercise = next((e for e in self.exercises.values() if e.name == name), None)
            if exercise is not None and self.detail is not None:
                self.selected_exercise_id = exercise.id
                self.show_workout(self.detail)
            self.notify(str(error), severity="warning")

        call_service(
            self,
            add_exercise,
            name,
            self.app.clock(),  # type: ignore[attr-defined]
            then=added,
            failed=already_there,
        )

    def action_finish_workout(self) -> None:
        if self.detail is None:
            self.notify("No workout in progress", severity="warning")
            return
        from halterofit_tui.tui.screens.confirm import ConfirmScreen

        w = self.detail.workout
        question = f"Finish '{w.name}' ({w.total_sets} sets)?"
        self.app.push_screen(ConfirmScreen(question), callback=self._finish_confirmed)

    def _finish_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        from halterofit_tui.services.workouts import finish_workout
        from halterofit_tui.tui.screens.finish_summary import FinishSummaryScreen

        def finished(summary: WorkoutSummary) -> None:
            self.app.push_screen(FinishSummaryScreen(summary, self.unit))
            self.selected_exercise_id = None
            self.refresh_data()

        call_service(
            self,
            finish_workout,
            None,
            self.app.clock(),  # type: ignore[attr-defined]
            then=finished,
        )

    # --- logging ---------------------------------------------------------------------------

    def on_set_logger_submitted(self, event: SetLogger.Submitted) -> None:
        exercise = self.exercises.get(self.selected_exercise_id or "")
        if exercise is None:
            self.notify("Add an exercise first (a)", severity="warning")
            return
        self._log(exercise.id, event.entry, "refuse")

    def _log(self, exercise_id: str, entry: LoggedEntry, anomalies: AnomalyPolicy) -> None:
        """Log the entry; a set that looks like a typo is logged only once the lifter says so."""
        from halterofit_tui.services.anomalies import ImplausibleSet
        from halterofit_tui.services.workouts import log_sets
        from halterofit_tui.tui.screens.confirm import ConfirmScreen

        def refused(error: HalterofitError) -> None:
            if not isinstance(error, ImplausibleSet):
                self.query_one(SetLogger).show_error(str(error))
                return
            first = error.flagged[0]
            question = f"{first.reasons[0].message} — log anyway?"
            detail = "\n".join(f"{error.exercise_name} {f.text}" for f in error.flagged)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._log(exercise_id, entry, "confirm")
                else:
                    self.query_one(SetLogger).focus_weight()

            self._keep_fields_on_return = True
            self.app.push_screen(ConfirmScreen(question, detail), callback=answered)

        call_service(
            self,
            log_sets,
            exercise_id,
            entry.specs,
            SetDetails(
                set_type=entry.set_type,
                tempo=entry.tempo,
                notes=entry.notes,
                technique_rating=entry.technique_rating,
            ),
            self.app.clock(),  # type: ignore[attr-defined]
            anomalies=anomalies,
            then=self._logged,
            failed=refused,
            group="log",
        )

    def _logged(self, result: LogResult) -> None:
        from halterofit_tui.services.rest import start_rest_after

        last = result.sets[-1]
        logged_ids = [s.id for s in result.sets]
        self.remember_undo(
            f"logging {last.exercise_name} set {last.set_number}",
            lambda db: [delete(db, set_id) for set_id in logged_ids],
        )
        self.query_one(SetLogger).focus_weight()
        self.notify(
            f"Logged {last.exercise_name} set {last.set_number}: "
            f"{load_text(last, self.unit)} x {last.reps}",
            timeout=3,
        )
        call_service(self, workout_and_plan, then=self._workout_loaded, group="workout")
        call_service(
            self,
            start_rest_after,
            last.exercise_id,
            last.exercise_name,
            self.app.clock(),  # type: ignore[attr-defined]
            then=self.app.set_rest_timer,  # type: ignore[attr-defined]
        )

    def remember_undo(self, what: str, reverse: Callable[[Database], object]) -> None:
        self.undo_stack.append((what, reverse))
        del self.undo_stack[:-UNDO_DEPTH]

    def action_undo(self) -> None:
        """Reverse the last log, edit or delete made here; after a restart, the last set."""
        if self.undo_stack:
            what, reverse = self.undo_stack.pop()

            def reversed_(_: object) -> None:
                self.notify(f"Undid {what}")
                self.refresh_data()

            call_service(self, reverse, then=reversed_)
            return
        from halterofit_tui.services.workouts import undo_last_set

        def undone(removed: LoggedSet) -> None:
            self.notify(f"Removed {removed.exercise_name} set {removed.set_number}")
            self.refresh_data()

        call_service(self, undo_last_set, then=undone)

    # --- editing sets and exercises --------------------------------------------------------

    def _highlighted_set(self) -> LoggedSet | None:
        table = self.query_one("#sets-table", DataTable)
        sets = self.current_sets()
        if not sets or table.cursor_row is None or table.cursor_row >= len(sets):
            return None
        return sets[table.cursor_row]

    def action_edit_set(self) -> None:
        chosen = self._highlighted_set()
        if chosen is None:
            self.notify("Pick a set in the table first", severity="warning")
            return
        from halterofit_tui.tui.screens.set_editor import SetEditorScreen

        def edited(changed: object) -> None:
            if changed:
                before = changes_restoring(chosen)
                self.remember_undo(
                    f"the edit of {chosen.exercise_name} set {chosen.set_number}",
                    lambda db: edit_set(db, chosen.id, before),
                )
                self.refresh_data()

        self.app.push_screen(SetEditorScreen(chosen, self.unit), callback=edited)

    def action_delete_set(self) -> None:
        chosen = self._highlighted_set()
        if chosen is None:
            self.notify("Pick a set in the table first", severity="warning")
            return
        from halterofit_tui.tui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.remember_undo(
                    f"deleting {chosen.exercise_name} set {chosen.set_number}",
                    lambda db: restore_set(db, chosen.id),
                )
                call_service(self, delete, chosen.id, then=lambda _: self.refresh_data())

        question = f"Delete {chosen.exercise_name} set {chosen.set_number}?"
        self.app.push_screen(ConfirmScreen(question), callback=confirmed)

    def _selected_slot_id(self) -> str | None:
        if self.detail is None:
            return None
        for slot in self.detail.exercises:
            if slot.exercise_id == self.selected_exercise_id:
                return slot.id
        return None

    def action_move_exercise(self, offset: int) -> None:
        slot_id = self._selected_slot_id()
        if slot_id is None:
            return
        from halterofit_tui.services.workouts import move_exercise

        call_service(self, move_exercise, slot_id, offset, then=self.show_workout)

    def action_remove_exercise(self) -> None:
        slot_id = self._selected_slot_id()
        if slot_id is None:
            return
        from halterofit_tui.services.workouts import remove_exercise
        from halterofit_tui.tui.screens.confirm import ConfirmScreen

        name = self.exercises[self.selected_exercise_id or ""].name
        done = len(self.current_sets())

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.selected_exercise_id = None
                call_service(self, remove_exercise, slot_id, then=self.show_workout)

        question = f"Remove {name} and its {done} sets from this workout?"
        self.app.push_screen(ConfirmScreen(question), callback=confirmed)

    def action_focus_exercises(self) -> None:
        self.query_one("#exercise-list").focus()

    # --- loading aids: plates per side and warm-up sets --------------------------------------

    def _kit(self) -> PlateKit:
        """The lifter's bar and plates in their unit (the standard kit until the profile loads)."""
        profile = self.app.profile  # type: ignore[attr-defined]
        if profile is None:
            return PlateKit.standard(self.unit)
        return PlateKit.from_kg(self.unit, profile.bar_weight_kg, profile.plate_inventory)

    def on_set_logger_plates_requested(self, event: SetLogger.PlatesRequested) -> None:
        if is_bodyweight(self.exercises.get(self.selected_exercise_id or "")):
            self.notify("The weight here is added to bodyweight: no bar to load", timeout=4)
            return
        from halterofit_tui.tui.screens.plates import PlateScreen

        self._keep_fields_on_return = True
        self.app.push_screen(PlateScreen(event.weight, self._kit()))

    def on_set_logger_warmups_requested(self, event: SetLogger.WarmupsRequested) -> None:
        exercise = self.exercises.get(self.selected_exercise_id or "")
        if exercise is None:
            self.notify("Add an exercise first (a)", severity="warning")
            return
        if is_bodyweight(exercise):
            self.notify("Warm-up sets ramp a load: not for bodyweight exercises", timeout=4)
            return
        from halterofit_tui.tui.screens.warmups import WarmupScreen

        kit = self._kit()
        loading = loading_for(exercise.equipment)
        ramp = warmup_sets(event.weight, loading, kit, event.reps)

        def chosen(sets: list[WarmupSet] | None) -> None:
            if sets:
                self._log_warmups(exercise.id, sets)
            else:
                self.query_one(SetLogger).focus_weight()

        screen = WarmupScreen(ramp, event.weight, event.reps, loading, kit)
        self._keep_fields_on_return = True
        self.app.push_screen(screen, callback=chosen)

    def _log_warmups(self, exercise_id: str, ramp: list[WarmupSet]) -> None:
        from halterofit_tui.services.workouts import log_sets

        specs = tuple(SetSpec(weight=w.weight, unit=self.unit, reps=w.reps) for w in ramp)

        def logged(result: LogResult) -> None:
            logged_ids = [s.id for s in result.sets]
            self.remember_undo(
                f"logging {len(logged_ids)} warm-up sets",
                lambda db: [delete(db, set_id) for set_id in logged_ids],
            )
            self.notify(f"Logged {len(logged_ids)} warm-up sets", timeout=3)
            self.query_one(SetLogger).focus_weight()
            call_service(self, workout_and_plan, then=self._workout_loaded, group="workout")

        call_service(
            self,
            log_sets,
            exercise_id,
            specs,
            SetDetails(set_type="warmup"),
            self.app.clock(),  # type: ignore[attr-defined]
            then=logged,
        )
