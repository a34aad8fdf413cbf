"""Command palette (ctrl+p): every area and workout action, and exercise search."""

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
    ("Go to Settings", "settings", ""),
    ("Start a workout", "workout", "start_workout"),
    ("Add an exercise to the workout", "workout", "add_exercise"),
    ("Finish the workout", "workout", "finish_workout"),
    ("Undo the last set", "workout", "undo"),
    ("New custom exercise", "library", "new_exercise"),
    ("Search the exercise library", "library", "focus_search"),
    ("Filter history by exercise", "history", "filter"),
)


class HalterofitCommands(Provider):
    @property
    def halterofit(self) -> HalterofitApp:
        return self.app  # type: ignore[return-value]

    def _run(self, area: str, action: str) -> None:
        self.halterofit.run_area_action(area, action)

    async def discover(self) -> Hits:
        for title, area, action in ACTIONS:
            yield DiscoveryHit(title, partial(self._run, area, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, area, action in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, area, action))
        for name in self.halterofit.exercise_names:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score * 0.9,
                    matcher.highlight(name),
                    partial(self.halterofit.add_exercise_by_name, name),
                    help="Add to the workout in progress (starts one if needed)",
                )
