"""The app shell: areas by key, the keys screen, the rest timer surviving restarts."""

from __future__ import annotations

from halterofit_tui.tui.screens.keys import KeysScreen
from tests.tui.conftest import FIXED_NOW, settle


async def test_keys_screen_lists_every_app_binding(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, KeysScreen)
        descriptions = {row[1] for row in app.screen.rows}
        assert {"Home", "Workout", "Library", "History", "Quit"} <= descriptions
        await pilot.press("escape")
        assert not isinstance(app.screen, KeysScreen)


async def test_rest_timer_survives_a_restart(make_app) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.domain.catalogue import exercise_id
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.rest import start_rest_after

    db = open_store()
    start_rest_after(db, exercise_id("barbell-back-squat"), "Squat", now=FIXED_NOW)
    db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.rest_timer is not None
        assert app.rest_timer.remaining_s(FIXED_NOW) == 180
        label = str(app.screen.query_one("#rest-label").render())
        assert "Rest 3:00" in label


async def test_palette_commands_reach_their_screen_actions(make_app, seeded_home) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.tui.commands import ACTIONS
    from halterofit_tui.tui.screens.area import AreaScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _title, area, action in ACTIONS:
            app.action_switch_area(area)
            await settle(pilot)
            screen = app.screen if not app.screen.is_modal else app.screen_stack[-2]
            assert isinstance(screen, AreaScreen)
            if action:
                assert hasattr(screen, f"action_{action.split('(')[0]}"), (area, action)
