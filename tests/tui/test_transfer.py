"""Import, export and backup from the command palette: keyboard only, refusals inline.

Expected figures come from the fixture files: hevy-lbs-crlf-bom.csv holds two workouts (Push:
3 bench, 2 dip, 1 lateral raise; Cardio: 1 run, 1 plank) = 8 sets; strong-12col.csv three
workouts, 8 sets, 11 rows of which 3 are rest-timer or note rows; the seeded home three
workouts of 5, 2 and 3 sets.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Checkbox, Input, ProgressBar, Select, Static

from halterofit_tui.config import DATABASE_NAME
from halterofit_tui.services.exporting import STRONG_HEADER
from halterofit_tui.tui.screens.backup import BackupScreen
from halterofit_tui.tui.screens.export_history import ExportScreen
from halterofit_tui.tui.screens.history import HistoryScreen
from halterofit_tui.tui.screens.import_history import HINT, ImportScreen
from tests.conftest import PROJECT_ROOT, database_dump
from tests.tui.conftest import settle
from tests.tui.test_settings import area_key

FIXTURES = PROJECT_ROOT / "tests" / "domain" / "import_fixtures"
HEVY = FIXTURES / "hevy-lbs-crlf-bom.csv"
STRONG_WITHOUT_UNIT = FIXTURES / "strong-12col.csv"
STRONG_MALFORMED = FIXTURES / "strong-malformed.csv"

HEVY_MAPPING = [
    "Their exercise             Sets  Ours",
    "Bench Press (Barbell)         3  Barbell Bench Press",
    "Chest Dip                     2  Parallel Bar Dip",
    "Lateral Raise (Dumbbell)      1  Dumbbell Lateral Raise",
    "Plank                         1  Plank",
    "Running                       1  Running",
]


async def open_from_palette(pilot: Pilot[None], query: str) -> Screen[object]:
    """ctrl+p, type the start of the command's title, Enter: the dialog it opens."""
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen


async def open_import(pilot: Pilot[None]) -> ImportScreen:
    screen = await open_from_palette(pilot, "import a history")
    assert isinstance(screen, ImportScreen)
    return screen


async def type_path(pilot: Pilot[None], path: str, then: tuple[str, ...] = ()) -> None:
    """Type into the focused path field (the dialog opens with it focused)."""
    focused = pilot.app.focused
    assert isinstance(focused, Input)
    focused.value = ""
    await pilot.press(*path, *then)
    await settle(pilot)


async def choose(pilot: Pilot[None], select: Select[str], value: str) -> None:
    """Pick `value` with the keyboard: focus, Enter opens the list, arrows move, Enter picks."""
    select.focus()
    await pilot.pause()
    options = [str(v) for _prompt, v in select._options]
    steps = options.index(value) - options.index(str(select.value))
    await pilot.press("enter", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await settle(pilot)
    assert select.value == value


def report_lines(screen: Screen[object]) -> list[str]:
    return str(screen.query_one("#import-lines", Static).render()).splitlines()


def shown(screen: Screen[object], widget_id: str) -> str:
    """The text of a note line, or '' when it is hidden."""
    note = screen.query_one(widget_id, Static)
    return str(note.render()) if note.has_class("-shown") else ""


def import_backups(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("pre-import-*.db"))


# --- import ---------------------------------------------------------------------------------


async def test_preview_shows_the_mapping_and_writes_nothing(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, str(HEVY))
        # Keyboard only: Tab walks the fields in order to the Preview button.
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(app.focused.id if app.focused else None)
        assert order == ["import-format", "import-unit", "import-strict", "import-preview"]
        await pilot.press("enter")
        await settle(pilot)
        assert report_lines(screen) == [
            *HEVY_MAPPING,
            "",
            "Would add 2 workouts and 8 sets from 8 hevy rows.",
            "Exercises: 5 matched, 0 to create.",
        ]
        assert shown(screen, "#import-error") == ""
        assert not screen.query_one("#import-progress").has_class("-shown")
    assert database_dump(home) == before
    assert import_backups(home) == []


async def test_import_shows_progress_and_the_history_reloads(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(area_key("history"))
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.entries == []
        screen = await open_import(pilot)
        # Enter in the path field previews; Tab five times reaches Import.
        await type_path(pilot, str(HEVY), then=("tab",) * 5)
        assert app.focused is not None and app.focused.id == "import-run"
        await pilot.press("enter")
        await settle(pilot)
        bar = screen.query_one("#import-progress", ProgressBar)
        assert bar.has_class("-shown")
        assert (bar.total, bar.progress) == (2, 2)  # fed by the service: two workouts written
        (backup,) = import_backups(home)
        assert report_lines(screen) == [
            "Added 2 workouts and 8 sets from 8 hevy rows.",
            "Exercises: 5 matched, 0 created.",
            f"Backup taken first: {backup}",
        ]
        await pilot.press("escape")
        await settle(pilot)
        # The area underneath reloads as it comes back into view.
        assert app.screen is history
        assert [e.workout.name for e in history.entries] == ["Push 💪", "Cardio"]
        assert str(history.query_one("#history-status", Static).render()) == "2 workouts"


async def test_a_file_that_does_not_say_its_unit_is_refused_inline(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, str(STRONG_WITHOUT_UNIT), then=("enter",))
        assert shown(screen, "#import-error") == (
            "✗ this Strong export does not say whether weights are in kg or lb: "
            "choose kg or lb as the Unit"
        )
        assert report_lines(screen) == [HINT]
        assert database_dump(home) == before
        # Choosing the unit fixes it: the import goes through and the refusal goes away.
        await choose(pilot, screen.query_one("#import-unit", Select), "kg")
        screen.query_one("#import-run").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert shown(screen, "#import-error") == ""
        assert report_lines(screen)[:3] == [
            "Added 3 workouts and 8 sets from 11 strong rows.",
            "Exercises: 4 matched, 1 created.",
            "Rows without a set (rest timers, notes): 3; repaired rows: 0.",
        ]
        # The new custom exercise is offered by the palette's exercise search at once.
        assert "Triceps Pushdown (Cable)" in app.exercise_names


async def test_strict_refuses_a_file_with_bad_rows_and_writes_nothing(make_app, home: Path) -> None:  # type: ignore[no-untyped-def]
    before = database_dump(home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, str(STRONG_MALFORMED))
        await choose(pilot, screen.query_one("#import-unit", Select), "kg")
        await pilot.press("tab", "space")  # the Strict checkbox
        assert screen.query_one("#import-strict", Checkbox).value is True
        screen.query_one("#import-run").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert shown(screen, "#import-error") == (
            "✗ 10 bad rows, nothing imported (strict); first: line 4: weight 'abc' is not a number"
        )
        assert not screen.query_one("#import-progress").has_class("-shown")
    assert database_dump(home) == before
    assert import_backups(home) == []


async def test_the_path_expands_tilde_and_a_missing_file_is_one_line(  # type: ignore[no-untyped-def]
    make_app, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, "", then=("enter",))
        assert shown(screen, "#import-error") == (
            "✗ Give the file to import, e.g. ~/Downloads/strong.csv"
        )
        await type_path(pilot, "~/nowhere.csv", then=("enter",))
        assert shown(screen, "#import-error") == f"✗ no file {tmp_path}/nowhere.csv"
        shutil.copy(HEVY, tmp_path / "hevy.csv")
        await type_path(pilot, "~/hevy.csv", then=("enter",))
        assert shown(screen, "#import-error") == ""
        assert report_lines(screen)[0] == HEVY_MAPPING[0]


async def test_an_unexpected_error_leaves_the_dialog_usable(  # type: ignore[no-untyped-def]
    make_app, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from halterofit_tui.tui.screens import import_history

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_history, "run_import", broken)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, str(HEVY), then=("tab",) * 5 + ("enter",))
        assert "internal error: RuntimeError: disk on fire" in [
            n.message for n in app._notifications
        ]
        assert report_lines(screen) == [HINT]
        assert not screen.query_one("#import-progress").has_class("-shown")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)


# --- export ---------------------------------------------------------------------------------


async def test_export_writes_json_that_imports_back(  # type: ignore[no-untyped-def]
    make_app,
    seeded_home: Path,
    tmp_path: Path,
    template_store: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out" / "log.json"
    target.parent.mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_palette(pilot, "export your")
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#export-path", Input).value == (
            "~/halterofit-export-2026-03-04.json"
        )
        await type_path(pilot, str(target), then=("enter",))
        assert shown(screen, "#export-done") == (
            f"Exported 3 workouts and 10 sets to {target} (json)."
        )
        assert shown(screen, "#export-error") == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["exported_at"] == "2026-03-04T18:30:00.000000Z"  # the app's clock
    # The import dialog reads it back into an empty home: every workout and set arrives.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(template_store, fresh / DATABASE_NAME)
    monkeypatch.setenv("HALTEROFIT_HOME", str(fresh))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, str(target), then=("tab",) * 5 + ("enter",))
        assert report_lines(screen)[0] == "Added 3 workouts, 10 sets and 0 body metrics."
        await pilot.press("escape", area_key("history"))
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert len(app.screen.entries) == 3


async def test_export_csv_to_the_default_file_in_home(  # type: ignore[no-untyped-def]
    make_app, seeded_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_palette(pilot, "export your")
        await choose(pilot, screen.query_one("#export-format", Select), "csv")
        assert screen.query_one("#export-path", Input).value == (
            "~/halterofit-export-2026-03-04.csv"
        )
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "export-run"
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "halterofit-export-2026-03-04.csv"
        assert shown(screen, "#export-done") == (
            f"Exported 3 workouts and 10 sets to {written} (csv)."
        )
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(STRONG_HEADER)
    assert len(lines) == 1 + 10


async def test_export_refuses_a_folder_inline(make_app, seeded_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_palette(pilot, "export your")
        await type_path(pilot, str(tmp_path), then=("enter",))
        assert shown(screen, "#export-error") == (
            f"✗ {tmp_path} is a directory; give a file name, e.g. {tmp_path}/export.json"
        )
        assert shown(screen, "#export-done") == ""
    assert not list(tmp_path.glob("*.json"))


# --- backup ---------------------------------------------------------------------------------


async def test_backup_now_with_enter(make_app, seeded_home: Path) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.backup import summarise

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_from_palette(pilot, "back up the")
        assert isinstance(screen, BackupScreen)
        assert app.focused is not None and app.focused.id == "backup-run"
        await pilot.press("enter")
        await settle(pilot)
        (copy,) = (seeded_home / "backups").glob("halterofit-*.db")
        size = f"{copy.stat().st_size / 2**20:.1f} MiB"
        assert shown(screen, "#backup-done") == f"Backed up to {copy} ({size})."
        summary = summarise(copy)
        assert summary is not None and (summary.workouts, summary.sets) == (3, 10)
        # Enter again closes rather than making a second copy.
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, BackupScreen)
    assert len(list((seeded_home / "backups").glob("halterofit-*.db"))) == 1


@pytest.mark.parametrize(
    ("query", "dialog"),
    [
        ("import a history", ImportScreen),
        ("export your", ExportScreen),
        ("back up the", BackupScreen),
    ],
)
async def test_escape_closes_each_dialog(make_app, home: Path, query: str, dialog: type) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(await open_from_palette(pilot, query), dialog)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.is_modal
