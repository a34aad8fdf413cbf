"""Analytics in the app: choosing a range and an exercise, the charts redrawn on resize and theme
change, empty states, plateau cards and their keys; plus the heatmap's pure layout.

The seeded store (tests/tui/conftest.py), by hand, as of Wed 4 Mar 2026:
- Mon 23 Feb: squat 100x5 @7, @7.5, @8; bench 80x5 @7, @8.
- Thu 26 Feb: deadlift 140x5 @8; pull-up bw x 10.
- Mon 2 Mar: squat 105x5 @8, @8.5; bench 82.5x5 @8.
Volume 1500 + 800 + 700 + 0 + 1050 + 412.5 = 4462.5 kg; 10 sets, all hard (RPE 7+ or none).
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent

from halterofit_tui.tui.screens.analytics import AnalyticsScreen
from halterofit_tui.tui.screens.exercise_picker import ExercisePicker
from halterofit_tui.tui.screens.prompt import PromptScreen
from halterofit_tui.tui.widgets.chart_panel import ChartPanel, ChartPlot
from halterofit_tui.tui.widgets.plateau_card import PlateauCard
from halterofit_tui.tui.widgets.pr_table import PrTable
from halterofit_tui.tui.widgets.rpe_heatmap import HeatmapData, band, heatmap_lines, layout
from tests.tui.conftest import FIXED_NOW, settle
from tests.tui.test_settings import area_key


@pytest.fixture
def plateau_home(home: Path) -> Path:
    """Bench every 5 days for 85 days: up to 110 kg in the first five sessions, then 105 and
    102.5 in turn: no new best for 9 weeks, a plateau since Tue 30 Dec 2025."""
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.profile import finish_onboarding, set_setting
    from halterofit_tui.services.workouts import SetDetails, finish_workout, log_sets

    db = open_store()
    set_setting(db, "timezone", "UTC")
    finish_onboarding(db, None)
    loads = [100, 102.5, 105, 107.5, 110] + [105, 102.5] * 6
    for index, load in enumerate(loads):
        start = FIXED_NOW - timedelta(days=5 * (len(loads) - index))
        log_sets(db, "bench press", details=SetDetails(), now=start, notation=f"{load}x5@8")
        finish_workout(db, now=start + timedelta(minutes=40))
    db.dispose()
    return home


def text_of(pilot: Pilot[None], selector: str) -> str:
    """A Static's text as shown, no-break spaces as plain ones."""
    return str(pilot.app.screen.query_one(selector, Static).render()).replace("\u00a0", " ")


def pr_table_lines(pilot: Pilot[None]) -> list[str]:
    """The records as printed, runs of spaces as one."""
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(pilot.app.screen.query_one(PrTable).content)
    return [" ".join(line.split()) for line in console.export_text().splitlines()]


def empty_sentence(pilot: Pilot[None], chart: str) -> str | None:
    """The sentence a chart panel shows in place of its chart, or None when it draws."""
    panel = pilot.app.screen.query_one(f"#{chart}", ChartPanel)
    if not panel.has_class("-empty"):
        return None
    return str(panel.query_one(".chart-empty", Static).render())


async def open_analytics(pilot: Pilot[None]) -> AnalyticsScreen:
    await settle(pilot)
    await pilot.press(area_key("analytics"))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AnalyticsScreen)
    return screen


async def show_tab(pilot: Pilot[None], tab: str) -> None:
    pilot.app.screen.query_one(TabbedContent).active = tab
    await settle(pilot)


async def test_opens_on_the_most_trained_lift_over_twelve_weeks(seeded_home, make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_analytics(pilot)
        # Squat and bench both have two sessions; squat has more sets.
        assert text_of(pilot, "#analytics-exercise") == "Exercise Barbell Back Squat"
        # 12 weeks: from Mon 15 Dec 2025 (80 days). 3 sessions / (80 / 7) = 0.26 a week.
        # Consistency: 12 blocks of 7 days with 0 ... 0, 1, 2 sessions; the usual is 0, so
        # the target is 1 and the score 2 / 12.
        assert text_of(pilot, "#analytics-headline") == (
            "15 Dec 2025 – 4 Mar 2026 · 0.3 sessions/week · 4,462.5 kg · 10 hard sets · "
            "ACWR after 4 weeks of training · consistency 17/100"
        )
        assert empty_sentence(pilot, "chart-e1rm") is None


async def test_range_keys_and_the_selector(seeded_home, make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_analytics(pilot)
        await pilot.press("1")
        await settle(pilot)
        # 4 weeks: Mon 9 Feb to Wed 4 Mar, 24 days: 3 sessions / (24 / 7) = 0.875.
        assert text_of(pilot, "#analytics-headline").startswith(
            "Mon 9 Feb – Wed 4 Mar · 0.9 sessions/week · 4,462.5 kg"
        )
        assert "[reverse b] 4 weeks [/]" in str(screen.query_one("#analytics-range").content)
        await pilot.press("4")
        await settle(pilot)
        # All history: the weeks of 23 Feb and 2 Mar, 10 days: 3 / (10 / 7) = 2.1 a week.
        assert text_of(pilot, "#analytics-headline").startswith(
            "Mon 23 Feb – Wed 4 Mar · 2.1 sessions/week"
        )
        await pilot.press("r")  # the next range after "all" is the first
        await settle(pilot)
        assert screen.range.key == "4w"
        assert text_of(pilot, "#analytics-headline").startswith("Mon 9 Feb – Wed 4 Mar")
        await pilot.click("#analytics-range", offset=(20, 0))  # on "12 weeks", a link
        await settle(pilot)
        assert screen.range.key == "12w"


async def test_pick_an_exercise_and_see_its_records(seeded_home, make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_analytics(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExercisePicker)
        await pilot.press(*"bench press", "enter")
        await settle(pilot)
        assert text_of(pilot, "#analytics-exercise") == "Exercise Barbell Bench Press"
        assert empty_sentence(pilot, "chart-e1rm") is None
        await show_tab(pilot, "tab-records")
        assert pr_table_lines(pilot) == [
            "Record Best Set Date",
            # 82.5 x 5 is the heaviest for 1 to 5 reps, and nothing was lifted for more.
            *(f"{reps} RM 82.5 kg x 5 2 Mar 2026" for reps in range(1, 5)),
            "5 RM 82.5 kg 2 Mar 2026",
            "e1RM 92.81 kg 82.5 kg x 5 2 Mar 2026",  # 82.5 * 1.125 = 92.8125
            "Set volume 412.5 kg 82.5 kg x 5 2 Mar 2026",
            "Session volume 800 kg 23 Feb 2026",  # 80 x 5 twice
            "",
            "Latest PRs, newest first",
            "2 Mar 2026 e1RM 92.81 kg, 82.5 kg x 5, set volume 412.5 kg",
        ]


async def test_an_exercise_without_sets(seeded_home, make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_analytics(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"overhead press", "enter")
        await settle(pilot)
        assert empty_sentence(pilot, "chart-e1rm") == (
            "No e1RM for Overhead Press in the last 12 weeks."
        )
        await show_tab(pilot, "tab-records")
        assert pr_table_lines(pilot) == ["Overhead Press: no working sets logged yet."]


async def test_nothing_logged_yet(make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_analytics(pilot)
        assert text_of(pilot, "#analytics-headline").startswith("No workouts logged yet")
        assert (empty_sentence(pilot, "chart-e1rm") or "").startswith("No e1RM yet")
        assert empty_sentence(pilot, "chart-volume") == "No sets in the last 12 weeks."
        assert empty_sentence(pilot, "chart-muscles") == "No sets in the last 12 weeks."
        assert text_of(pilot, "#rpe-empty") == "No RPE logged in the last 12 weeks."
        assert text_of(pilot, "#plateau-empty").startswith("No plateau")


async def test_charts_redraw_on_resize_and_theme_change(seeded_home, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_analytics(pilot)
        plot = pilot.app.screen.query_one("#chart-e1rm", ChartPanel).query_one(ChartPlot)
        small_width = plot.size.width
        small = plot.render()
        assert {len(line) for line in small.plain.splitlines()} == {small_width}
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        large = plot.render()
        assert plot.size.width == small_width + 40
        assert {len(line) for line in large.plain.splitlines()} == {plot.size.width}
        assert len(large.plain.splitlines()) == plot.size.height
        dark = {span.style for span in large.spans}
        app.theme = "textual-light"
        await settle(pilot)
        assert {span.style for span in plot.render().spans} != dark


async def test_acknowledge_and_dismiss_a_plateau(plateau_home, make_app) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.plateaus import list_plateaus

    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot)
        assert "Plateaus (1)" in str(screen.query_one(TabbedContent).get_tab("tab-plateaus").label)
        # The plateau keys act only where the cards are.
        assert screen.check_action("acknowledge", ()) is False
        await show_tab(pilot, "tab-plateaus")
        card = screen.query_one(PlateauCard)
        assert str(card.border_title).startswith("Barbell Bench Press · no new best for 9 weeks · ")
        await pilot.press("a")
        await settle(pilot)
        assert str(card.border_title).endswith("· acknowledged")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PromptScreen)
        pilot.app.screen.query_one(Input).value = "a planned deload"
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.query(PlateauCard)
        assert text_of(pilot, "#plateau-empty").startswith("No plateau")
    db = open_store()
    try:
        (stored,) = list_plateaus(db, include_all=True, now=FIXED_NOW)
    finally:
        db.dispose()
    assert (stored.status, stored.acknowledged, stored.feedback) == (
        "false_positive",
        True,
        "a planned deload",
    )


async def test_arrows_scroll_through_a_long_card(plateau_home, make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(60, 24)) as pilot:
        screen = await open_analytics(pilot)
        await show_tab(pilot, "tab-plateaus")
        listing = screen.query_one("#plateau-list")
        await pilot.press("tab")  # from the tab bar to the card
        assert isinstance(pilot.app.focused, PlateauCard)
        # 60 columns wrap the card taller than the list: down shows its end, line by line.
        card = screen.query_one(PlateauCard)
        hidden = card.virtual_region.bottom - listing.scrollable_content_region.height
        assert hidden > 1
        for _ in range(hidden + 3):
            await pilot.press("down")
        await settle(pilot)
        assert listing.scroll_y == hidden
        await pilot.press("up")
        await settle(pilot)
        assert listing.scroll_y == hidden - 1
        assert isinstance(pilot.app.focused, PlateauCard)


async def test_escape_keeps_the_plateau(plateau_home, make_app) -> None:  # type: ignore[no-untyped-def]
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot)
        await show_tab(pilot, "tab-plateaus")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(screen.query(PlateauCard)) == 1


# --- the heatmap's layout ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rpe", "label"),
    [(5.0, "≤6"), (6.49, "≤6"), (6.5, "7"), (7.75, "8"), (8.5, "9"), (9.49, "9"), (10.0, "10")],
)
def test_an_average_rounds_to_its_band(rpe: float, label: str) -> None:
    assert band(rpe)[0] == label


@pytest.mark.parametrize(
    ("weeks", "width", "cells"),
    [(4, 80, (4, 4)), (12, 44, (3, 12)), (52, 80, (1, 52)), (100, 80, (1, 76))],
)
def test_cells_as_wide_as_fit(weeks: int, width: int, cells: tuple[int, int]) -> None:
    assert layout(weeks, width) == cells


def test_heatmap_rows() -> None:
    data = HeatmapData(
        first_week=date(2026, 2, 23),
        weeks=2,
        today=date(2026, 3, 4),  # a Wednesday: the rest of that week is not drawn
        cells={(date(2026, 2, 23), 0): 7.0, (date(2026, 3, 2), 0): 9.5},
    )
    lines = [line.plain for line in heatmap_lines(data, 40)]
    assert lines[0] == "    Feb Mar"
    assert lines[1] == "Mon ███ ███ "
    assert lines[2] == "Tue ·   ·   "
    assert lines[4] == "Thu ·       "
    assert lines[-1].startswith("Average RPE ██ ≤6")
    # Narrow: one column a week, the newest shown, and a line says so.
    lines = [line.plain for line in heatmap_lines(data, 5)]
    assert lines[1] == "Mon █"
    assert lines[-2] == "The last 1 of 2 weeks: a wider terminal shows more."
