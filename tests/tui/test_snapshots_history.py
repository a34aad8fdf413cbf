"""Snapshots of History: the week-grouped list, a workout's sets, the filter and the set editor.

Fixed data (the seeded store), a frozen clock and no blinking cursor make them stable. Review the
SVG diff before running with --snapshot-update.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import navigate

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_list(seeded_home: Path, make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("y"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_workout_detail(seeded_home: Path, make_app, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("y", "down", "enter"))


def test_history_filtered_by_exercise(seeded_home: Path, make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    # The oldest workout, its first exercise (squat), then "exercise history".
    keys = ("down", "down", "enter", "f")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate("y", *keys))


def test_set_editor_refuses_rpe_11(seeded_home: Path, make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ("enter", "e", "tab", "tab", "backspace", "1", "1", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate("y", *keys))
