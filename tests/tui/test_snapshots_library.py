"""Snapshots of the Library: a search with the detail pane, at both sizes, and the form.

Fixed data (the seeded store), a frozen clock and no blinking cursor make them stable. Review the
SVG diff before running with --snapshot-update.
"""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import navigate

SEARCH_SQUAT = ("slash", *"squat", "enter")


def test_library_80x24(snap_compare, seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate("l", *SEARCH_SQUAT))


def test_library_120x40(snap_compare, seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        make_app(), terminal_size=(120, 40), run_before=navigate("l", *SEARCH_SQUAT)
    )


def test_exercise_form_error_80x24(snap_compare, seeded_home: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    keys = ("n", *"Zercher Carry", "tab", *"Zerch", "enter")  # no primary muscle: refused
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=navigate("l", *keys))
