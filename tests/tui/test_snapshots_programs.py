"""Snapshots of the Programs area: a programme under way (its week, the next session's weights
and plates, the detail pane) at 80x24 and 120x40, and the enrolment dialog refusing a number.

Fixed data (UTC, one template, Linear 3x5 started Mon 2 Mar 2026 with session A done that
day), a frozen clock: nothing random is visible. Review a diff (rsvg-convert the SVG and look)
before running with --snapshot-update.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.tui.conftest import FIXED_NOW, navigate
from tests.tui.test_programs import programs_home  # noqa: F401  (a fixture)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def programme_under_way(programs_home: Path) -> Path:  # noqa: F811
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.programs import start_next_session, start_program
    from halterofit_tui.services.workouts import finish_workout, log_sets

    db = open_store()
    started = FIXED_NOW - timedelta(days=2)
    weights = {"squat": 100.0, "bench": 80.0, "row": 60.0, "press": 50.0, "deadlift": 120.0}
    start_program(db, "linear-3x5", weights=weights, today=started.date())
    start_next_session(db, started)
    for exercise, notation in (
        ("squat", "100x5x3"),
        ("bench press", "80x5x3"),
        ("barbell row", "60x5x3"),
    ):
        log_sets(db, exercise, notation=notation, now=started + timedelta(minutes=10))
    finish_workout(db, now=started + timedelta(minutes=50))
    db.dispose()
    return programs_home


@pytest.mark.parametrize("size", SIZES)
def test_programme_under_way(snap_compare, make_app, programme_under_way: Path, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("g"))


def test_enrolment_refusal(snap_compare, make_app, programs_home: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    # 5/3/1 (the first programme) asks for one-rep maxes; "abc" for the first is refused.
    keys = ("g", "e", "a", "b", "c", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate(*keys))
