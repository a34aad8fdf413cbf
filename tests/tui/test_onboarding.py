"""First run: the welcome questions show once, store the answers, and can be skipped."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from halterofit_tui.domain.records import Profile
from halterofit_tui.tui.screens.onboarding import OnboardingScreen, check_answers
from tests.tui.conftest import settle


def saved() -> tuple[Profile, bool]:
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import get_profile, needs_onboarding

    db = open_store()
    try:
        return get_profile(db), needs_onboarding(db)
    finally:
        db.dispose()


async def pick(pilot: Pilot[None], value: str) -> None:
    """In the focused Select: open it, move to `value`, pick it."""
    select = pilot.app.focused
    assert isinstance(select, Select)
    options = [v for _prompt, v in select._options]
    steps = options.index(value) - options.index(select.value)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*(["down"] * steps), "enter")
    await pilot.pause()
    assert select.value == value


async def shows_onboarding(make_app) -> bool:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        return isinstance(app.screen, OnboardingScreen)


async def test_first_run_shows_the_welcome(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert app.focused is not None and app.focused.id == "answer-unit"
        # Area keys do not leave the questions half answered.
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)


async def test_answering_stores_everything_once(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pick(pilot, "lb")  # Units, focused first
        assert str(app.screen.query_one("#suffix-bodyweight", Static).render()) == "lb"
        await pilot.press("tab", *"181.5", "tab")
        await pick(pilot, "intermediate")
        await pilot.press("tab", *"strength, hypertrophy", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, OnboardingScreen)
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.unit == "lb"
    profile, needed = saved()
    assert not needed
    assert profile.unit == "lb"
    assert profile.bodyweight_kg == pytest.approx(82.3270, abs=1e-4)
    assert profile.experience_level == "intermediate"
    assert profile.goals == ("strength", "hypertrophy")
    assert not await shows_onboarding(make_app)


async def test_continue_button_with_only_a_bodyweight(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#answer-bodyweight", Input).value = "80"
        await pilot.click("#onboarding-continue")
        await settle(pilot)
        assert not isinstance(app.screen, OnboardingScreen)
    profile, needed = saved()
    assert not needed
    assert (profile.unit, profile.bodyweight_kg, profile.experience_level) == ("kg", 80, None)


@pytest.mark.parametrize("how", ["escape", "button"])
async def test_skipping_stops_it_showing(make_app, how: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#answer-bodyweight", Input).value = "90"
        if how == "escape":
            await pilot.press("escape")
        else:
            await pilot.click("#onboarding-skip")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    profile, needed = saved()
    assert not needed
    assert profile.bodyweight_kg is None  # skipping stores no answer
    assert not await shows_onboarding(make_app)


async def test_an_invalid_answer_is_refused_inline(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pick(pilot, "lb")
        await pilot.press("tab", *"heavy", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OnboardingScreen)
        reason = str(screen.query_one("#refusal-bodyweight", Static).render())
        assert reason == "✗ bodyweight must be a number (got 'heavy')"
        assert screen.query_one("#question-bodyweight").has_class("-refused")
        assert app.focused is not None and app.focused.id == "answer-bodyweight"
        profile, needed = saved()
        assert needed and profile.unit == "kg"  # nothing stored, not even the unit
        # Fixed, it goes through.
        screen.query_one("#answer-bodyweight", Input).value = "500"
        await pilot.press("enter")
        await settle(pilot)
        assert "between 20 and 400" in str(screen.query_one("#refusal-bodyweight").render())
        screen.query_one("#answer-bodyweight", Input).value = "181.5"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, OnboardingScreen)
    assert saved()[0].bodyweight_kg == pytest.approx(82.3270, abs=1e-4)


async def test_not_shown_once_onboarded(make_app, seeded_home) -> None:  # type: ignore[no-untyped-def]
    assert not await shows_onboarding(make_app)


async def test_not_shown_when_the_app_is_told_not_to(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(onboarding=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, OnboardingScreen)
    assert saved()[1]  # still offered on the next real start


def test_check_answers_names_each_refused_answer() -> None:
    refusals = check_answers({"unit": "kg", "bodyweight": "401", "experience_level": "guru"})
    assert set(refusals) == {"bodyweight", "experience_level"}
    assert "between 20 and 400" in refusals["bodyweight"]
    assert check_answers({"unit": "lb", "bodyweight": "181.5", "goals": "strength"}) == {}
    assert check_answers({"unit": "kg", "bodyweight": "", "goals": ""}) == {}
