"""Settings: every field commits through `set_setting`; refusals show inline and store nothing."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from halterofit_tui.services.profile import SETTINGS
from halterofit_tui.tui.screens.analytics import AnalyticsScreen
from halterofit_tui.tui.screens.onboarding import OnboardingScreen
from halterofit_tui.tui.screens.settings import FIELDS, SECTIONS, SettingsScreen
from tests.tui.conftest import settle


def stored() -> tuple[dict[str, str], float | None]:
    """The settings as the service shows them, and the raw bodyweight in kg."""
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import get_profile, get_settings

    db = open_store()
    try:
        return get_settings(db), get_profile(db).bodyweight_kg
    finally:
        db.dispose()


def store(key: str, text: str) -> None:
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import set_setting

    db = open_store()
    try:
        set_setting(db, key, text)
    finally:
        db.dispose()


def area_key(area: str) -> str:
    """The key the app binds to an area (by binding id, so a rebinding does not break tests)."""
    from textual.binding import Binding

    from halterofit_tui.tui.app import HalterofitApp

    for binding in HalterofitApp.BINDINGS:
        if isinstance(binding, Binding) and binding.id == f"area.{area}":
            return binding.key.split(",")[0]
    raise AssertionError(f"no key for {area}")


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await settle(pilot)
    await pilot.press(area_key("settings"))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot: Pilot[None], key: str, text: str, then: str = "enter") -> None:
    field = pilot.app.screen.query_one(f"#setting-{key}", Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    await pilot.press(*text, then)
    await settle(pilot)


async def choose(pilot: Pilot[None], key: str, value: str) -> None:
    """Pick `value` in a Select with the keyboard: Enter opens it, arrows move, Enter picks."""
    select = pilot.app.screen.query_one(f"#setting-{key}", Select)
    select.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    options = [str(v) for _prompt, v in select._options]
    current = str(select.value) if select.value != Select.NULL else str(Select.NULL)
    steps = options.index(value) - options.index(current)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await settle(pilot)
    assert select.value == value


def refusal(pilot: Pilot[None], key: str) -> str:
    return str(pilot.app.screen.query_one(f"#error-{key}", Static).render())


def field_value(pilot: Pilot[None], key: str) -> str:
    return pilot.app.screen.query_one(f"#setting-{key}", Input).value


def test_every_setting_has_a_field_in_a_section() -> None:
    assert set(FIELDS) == set(SETTINGS)
    titles = [title for _id, title, _fields in SECTIONS]
    assert titles == ["Units & display", "Training", "Equipment", "Profile"]


@pytest.mark.parametrize("screen", [SettingsScreen, OnboardingScreen, AnalyticsScreen])
def test_every_binding_has_an_id_and_a_description(screen: type) -> None:
    for binding in screen.BINDINGS:
        assert binding.id and binding.id.split(".")[0] in {"settings", "onboarding", "analytics"}
        assert binding.description


async def test_fields_show_stored_values_and_help(make_app) -> None:  # type: ignore[no-untyped-def]
    store("bodyweight", "80")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert field_value(pilot, "bodyweight") == "80"
        assert field_value(pilot, "bar_weight") == "20"
        assert field_value(pilot, "plates") == "25:8,20:2,15:2,10:2,5:2,2.5:2,1.25:2"
        assert screen.query_one("#setting-unit", Select).value == "kg"
        assert screen.query_one("#setting-e1rm_formula", Select).value == "brzycki"
        assert str(screen.query_one("#suffix-bodyweight", Static).render()) == "kg"
        assert "barbell weight in kg" in str(screen.query_one("#help-bar_weight").render())


async def test_switching_to_lb_converts_everything(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await choose(pilot, "unit", "lb")
        assert app.unit == "lb"
        # The screen reloads every weight in the new unit (the standard lb kit).
        assert field_value(pilot, "bar_weight") == "45"
        assert field_value(pilot, "plates").startswith("45:")
        assert str(app.screen.query_one("#suffix-bodyweight", Static).render()) == "lb"
        await type_into(pilot, "bodyweight", "181.5")
        assert refusal(pilot, "bodyweight") == ""
        assert field_value(pilot, "bodyweight") == "181.5"
    settings, bodyweight_kg = stored()
    assert settings["unit"] == "lb"
    assert settings["bar_weight"] == "45"
    assert settings["bodyweight"] == "181.5"
    assert bodyweight_kg == pytest.approx(82.3270, abs=1e-4)


async def test_a_valid_value_is_confirmed(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "rest_compound", "240")
        messages = [n.message for n in app._notifications]
        assert "Rest, compound: 240 s" in messages
    assert stored()[0]["rest_compound"] == "240"


async def test_blur_commits_the_edit(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "age", "34", then="tab")
        assert app.focused is not None and app.focused.id != "setting-age"
    assert stored()[0]["age"] == "34"


@pytest.mark.parametrize(
    ("key", "text", "reason"),
    [
        ("bodyweight", "heavy", "bodyweight must be a number (got 'heavy')"),
        ("plates", "25", "plates are 'weight:count' pairs like '25:8,20:2' (got '25')"),
        ("rest_isolation", "-5", "rest must be between 0 and 3600"),
    ],
)
async def test_an_invalid_value_is_refused_inline(  # type: ignore[no-untyped-def]
    make_app, key: str, text: str, reason: str
) -> None:
    store("bodyweight", "80")
    before = stored()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, key, text)
        assert refusal(pilot, key) == f"✗ {reason}"
        assert screen.query_one(f"#field-{key}").has_class("-refused")
        assert field_value(pilot, key) == text  # left for the lifter to fix
        assert screen.shown[key] == before[0][key]
        # Leaving the field does not store it either, nor repeat the work.
        await pilot.press("tab")
        await settle(pilot)
        assert refusal(pilot, key) == f"✗ {reason}"
    assert stored() == before


async def test_fixing_a_refused_value_clears_the_reason(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "bodyweight", "heavy")
        assert refusal(pilot, "bodyweight")
        await type_into(pilot, "bodyweight", "82.5")
        assert refusal(pilot, "bodyweight") == ""
        assert not app.screen.query_one("#field-bodyweight").has_class("-refused")
    assert stored()[1] == pytest.approx(82.5)


async def test_escape_reverts_the_field_and_leaves_it(make_app) -> None:  # type: ignore[no-untyped-def]
    store("bodyweight", "80")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "bodyweight", "heavy")
        await pilot.press("escape")
        await settle(pilot)
        assert field_value(pilot, "bodyweight") == "80"
        assert refusal(pilot, "bodyweight") == ""
        assert app.focused is not None and app.focused.id == "settings-body"
        # Out of the field, area keys work again.
        await pilot.press(area_key("analytics"))
        await settle(pilot)
        assert isinstance(app.screen, AnalyticsScreen)
    assert stored()[1] == pytest.approx(80)


async def test_theme_light_applies_at_once(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        assert app.theme == "textual-dark"
        await choose(pilot, "theme", "light")
        assert app.theme == "textual-light"
    assert stored()[0]["theme"] == "light"


async def test_choices_for_formula_and_experience(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await choose(pilot, "e1rm_formula", "epley")
        await choose(pilot, "experience_level", "advanced")
        assert app.profile is not None and app.profile.e1rm_formula == "epley"
    settings = stored()[0]
    assert settings["e1rm_formula"] == "epley"
    assert settings["experience_level"] == "advanced"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_layout_fits(make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_settings(pilot)
        width = size[0]
        for key in FIELDS:
            control = screen.query_one(f"#setting-{key}")
            assert control.size.width >= 10, key
            assert control.region.right <= width
            suffix = screen.query_one(f"#suffix-{key}")
            assert suffix.region.right <= width
        # The last field can be reached (the body scrolls) and is then on screen.
        screen.query_one("#setting-goals").focus()
        await settle(pilot)
        goals = screen.query_one("#setting-goals")
        assert 0 < goals.region.y < size[1] - 1
