"""Snapshot of the import dialog after a preview (the mapping table and the summary).

The file is copied into a temporary HOME and typed as ~/hevy.csv, so no machine's path shows;
the store is the seeded one and the clock frozen. Review a diff before --snapshot-update.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import navigate, settle
from tests.tui.test_transfer import HEVY

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_import_preview(  # type: ignore[no-untyped-def]
    snap_compare, make_app, seeded_home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    shutil.copy(HEVY, tmp_path / "hevy.csv")

    async def run_before(pilot: Pilot[None]) -> None:
        await navigate("ctrl+p", *"import a history", "enter", *"~/hevy.csv", "enter")(pilot)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
