"""Command palette (ctrl+p): every area and workout action, app dialogs, exercise search."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from halterofit_tui.tui.app import HalterofitApp

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Go to Home", "home", ""),
    ("Go to Workout", "workout", ""),
    ("Go to Library", "library", ""),
    ("Go to History", "history", ""),
    ("Go to Analytics", "analytics", ""),
    ("Go to Programs", "programs", ""),
    ("Go to Settings", "settings", ""),
    ("Start a workout", "workout", "start_workout"),
    ("Add an exercise to the workout", "workout", "add_exercise"),
    ("Finish the workout", "workout", "finish_workout"),
    ("Undo the last set", "workout", "undo"),
    ("New custom exercise", "library", "new_exercise"),
    ("Search the exercise library", "library", "focus_search"),
    ("Filter history by exercise", "history", "filter"),
    ("Start the next session of your programme", "programs", "start_next"),
    ("Stop the programme in progress", "programs", "stop_program"),
)
# (title, app action, help): dialogs that open over whichever area is shown.
APP_ACTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "Import a history file (Strong, Hevy, FitNotes, JSON)",
        "import_history",
        "Preview the exercise matching, then import; a backup is taken first",
    ),
    ("Export your history", "export_history", "JSON that imports back exactly, or Strong CSV"),
    ("Back up the database now", "back_up", "A consistent copy in the backups folder"),
    ("Sync now", "sync_now", "Send your edits to your Supabase project, get your other devices'"),
)


class HalterofitCommands(Provider):
    @property
    def halterofit(self) -> HalterofitApp:
        return self.app  # type: ignore[return-value]

    def _run(self, area: str, action: str) -> None:
        self.halterofit.run_area_action(area, action)

    def _run_app_action(self, action: str) -> None:
        self.halterofit.call_after_refresh(self.halterofit.run_action, action)

    async def discover(self) -> Hits:
        for title, area, action in ACTIONS:
            yield DiscoveryHit(title, partial(self._run, area, action))
        for title, action, help_text in APP_ACTIONS:
            yield DiscoveryHit(title, partial(self._run_app_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, area, action in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, area, action))
        for title, action, help_text in APP_ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run_app_action, action),
                    help=help_text,
                )
        for name in self.halterofit.exercise_names:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score * 0.9,
                    matcher.highlight(name),
                    partial(self.halterofit.add_exercise_by_name, name),
                    help="Add to the workout in progress (starts one if needed)",
                )
