"""Snapshots of the Analytics area: each view at 80x24 (and the first at 120x40 too), a plateau
card, and a store with nothing logged.

Fixed data (seeded_home or plateau_home, UTC), a frozen clock: nothing random is visible.
Review a diff (rsvg-convert the SVG and look) before running with --snapshot-update.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import navigate
from tests.tui.test_analytics import plateau_home  # noqa: F401  (a fixture)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_analytics_e1rm(snap_compare, make_app, seeded_home: Path, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("t"))


def test_analytics_volume(snap_compare, make_app, seeded_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate("t", "]"))


@pytest.mark.parametrize("size", SIZES)
def test_analytics_muscles(snap_compare, make_app, seeded_home: Path, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("t", "]", "]"))


def test_analytics_rpe_four_weeks(snap_compare, make_app, seeded_home: Path) -> None:  # type: ignore[no-untyped-def]
    keys = ("t", "1", "]", "]", "]")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate(*keys))


def test_analytics_records(snap_compare, make_app, seeded_home: Path) -> None:  # type: ignore[no-untyped-def]
    keys = ("t", "]", "]", "]", "]")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_analytics_plateau(snap_compare, make_app, plateau_home: Path, size) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert snap_compare(make_app(), terminal_size=size, run_before=navigate("t", "["))


def test_analytics_nothing_logged(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate("t"))
