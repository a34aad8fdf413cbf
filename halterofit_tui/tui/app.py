"""The Halterofit app: seven areas as modes, a rest timer that follows you, keys for everything.

The store opens in a worker so the first frame paints at once; each area screen is imported
only when first shown. The clock is injectable so tests and snapshots are deterministic.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen

from halterofit_tui.domain.records import Profile
from halterofit_tui.domain.rest import RestTimer
from halterofit_tui.tui.commands import HalterofitCommands
from halterofit_tui.tui.services import StoreGate, call_service
from halterofit_tui.tui.sync_runner import SyncRunner, SyncState

AREAS: dict[str, tuple[str, str]] = {
    "home": ("home", "HomeScreen"),
    "workout": ("workout", "WorkoutScreen"),
    "library": ("library", "LibraryScreen"),
    "history": ("history", "HistoryScreen"),
    "analytics": ("analytics", "AnalyticsScreen"),
    "programs": ("programs", "ProgramsScreen"),
    "settings": ("settings", "SettingsScreen"),
}


def _area(module: str, name: str) -> Callable[[], Screen[Any]]:
    def build() -> Screen[Any]:
        screens = importlib.import_module(f"halterofit_tui.tui.screens.{module}")
        return getattr(screens, name)()  # type: ignore[no-any-return]

    return build


def utc_now() -> datetime:
    return datetime.now(UTC)


class HalterofitApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Halterofit"
    MODES: ClassVar[dict[str, Callable[[], Screen[Any]]]] = {  # type: ignore[assignment]
        mode: _area(module, name) for mode, (module, name) in AREAS.items()
    }
    DEFAULT_MODE = "home"
    COMMANDS = App.COMMANDS | {HalterofitCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "switch_area('home')", "Home", id="area.home"),
        Binding("w", "switch_area('workout')", "Workout", id="area.workout"),
        Binding("l", "switch_area('library')", "Library", id="area.library"),
        Binding("y", "switch_area('history')", "History", id="area.history"),
        Binding("t", "switch_area('analytics')", "Analytics", id="area.analytics", show=False),
        Binding("g", "switch_area('programs')", "Programs", id="area.programs", show=False),
        Binding("s", "switch_area('settings')", "Settings", id="area.settings", show=False),
        Binding("question_mark", "show_keys", "Keys", id="app.keys", key_display="?"),
        Binding("plus,equals_sign", "rest_adjust(30)", "+30s rest", id="rest.add", show=False),
        Binding("minus", "rest_adjust(-30)", "-30s rest", id="rest.remove", show=False),
        Binding("p", "rest_pause", "Pause rest", id="rest.pause", show=False),
        Binding("x", "rest_skip", "Skip rest", id="rest.skip", show=False),
        Binding("ctrl+y", "sync_now", "Sync now", id="app.sync", show=False),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    # What the header says about sync; the background sync (tui/sync_runner.py) sets it.
    sync_state: var[SyncState] = var(SyncState())

    def __init__(self, clock: Callable[[], datetime] = utc_now, onboarding: bool = True) -> None:
        super().__init__()
        self.clock = clock
        self.store = StoreGate()
        self.offer_onboarding = onboarding
        self.profile: Profile | None = None
        self.rest_timer: RestTimer | None = None
        self._rest_announced: datetime | None = None
        self.exercise_names: list[str] = []
        self.store_ready = False
        self.sync_runner = SyncRunner(self)

    @property
    def unit(self) -> str:
        return self.profile.unit if self.profile else "kg"

    def on_mount(self) -> None:
        self.set_interval(1, self._check_rest)

    def on_ready(self) -> None:
        # Open the store (which imports SQLAlchemy) once the first frame is on screen, and
        # import the services only after that, so nothing heavy runs on the event loop.
        self.run_worker(self._open_store, thread=True, name="open-store", exit_on_error=False)

    def _open_store(self) -> None:
        self.store.open()
        from halterofit_tui.services import profile, rest, workouts  # noqa: F401  (warm imports)

        self.call_from_thread(self._store_opened)

    def _store_opened(self) -> None:
        from halterofit_tui.services.rest import current_rest

        self.store_ready = True
        self.sync_runner.start()
        self.reload_profile()
        call_service(self, current_rest, then=self.set_rest_timer)
        self.reload_exercise_names()
        screen = self.screen
        if hasattr(screen, "refresh_data"):
            screen.refresh_data()

    def reload_exercise_names(self) -> None:
        from halterofit_tui.services.library import list_exercises

        def remember(exercises: list[Any]) -> None:
            self.exercise_names = [e.name for e in exercises]

        call_service(self, list_exercises, then=remember)

    def on_unmount(self) -> None:
        self.sync_runner.stop()
        self.store.close()

    def reload_profile(self) -> None:
        from halterofit_tui.services.profile import get_profile

        call_service(self, get_profile, then=self._profile_loaded)

    def _profile_loaded(self, profile: Profile) -> None:
        first_time = self.profile is None
        self.profile = profile
        self.theme = "textual-light" if profile.theme == "light" else "textual-dark"
        if first_time and self.offer_onboarding:
            from halterofit_tui.services.profile import needs_onboarding

            call_service(self, needs_onboarding, then=self._maybe_onboard)

    def _maybe_onboard(self, needed: bool) -> None:
        if needed:
            from halterofit_tui.tui.screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen(), callback=lambda _: self.reload_profile())

    # --- areas and keys ------------------------------------------------------------------

    def action_switch_area(self, area: str) -> None:
        if self.current_mode != area:
            self.switch_mode(area)

    def run_area_action(self, area: str, action: str) -> None:
        """Show an area and, if given, run one of its screen's actions (palette commands)."""
        self.action_switch_area(area)
        if action:
            self.call_after_refresh(self.screen.run_action, action)

    def add_exercise_by_name(self, name: str) -> None:
        self.run_area_action("workout", f"add_exercise_named({name!r})")

    # --- import, export, backup (palette dialogs) -----------------------------------------

    def action_import_history(self) -> None:
        from halterofit_tui.tui.screens.import_history import ImportScreen

        self.push_screen(ImportScreen())

    def action_export_history(self) -> None:
        from halterofit_tui.tui.screens.export_history import ExportScreen

        self.push_screen(ExportScreen())

    def action_back_up(self) -> None:
        from halterofit_tui.tui.screens.backup import BackupScreen

        self.push_screen(BackupScreen())

    def action_sync_now(self) -> None:
        self.sync_runner.request()

    def action_show_keys(self) -> None:
        from halterofit_tui.tui.screens.keys import KeysScreen, active_keys

        self.push_screen(KeysScreen(active_keys(self.screen)))

    # --- rest timer ----------------------------------------------------------------------

    def set_rest_timer(self, timer: RestTimer | None) -> None:
        self.rest_timer = timer
        for bar in self.screen.query("RestTimerBar"):
            bar.refresh_timer()  # type: ignore[attr-defined]

    def action_rest_adjust(self, seconds: int) -> None:
        from halterofit_tui.services.rest import adjust_rest

        if self.rest_timer is not None:
            call_service(self, adjust_rest, seconds, self.clock(), then=self.set_rest_timer)

    def action_rest_pause(self) -> None:
        from halterofit_tui.services.rest import toggle_rest

        if self.rest_timer is not None:
            call_service(self, toggle_rest, self.clock(), then=self.set_rest_timer)

    def action_rest_skip(self) -> None:
        from halterofit_tui.services.rest import skip_rest

        if self.rest_timer is not None:
            call_service(self, skip_rest, then=lambda _: self.set_rest_timer(None))

    def _check_rest(self) -> None:
        timer = self.rest_timer
        if timer is None or not timer.is_done(self.clock()):
            return
        if self._rest_announced != timer.ends_at:
            self._rest_announced = timer.ends_at
            self.bell()
            self.notify(f"Rest over{f' for {timer.label}' if timer.label else ''}: next set!")


def run_app() -> None:
    HalterofitApp().run()
