"""`halterofit backup` and `halterofit restore` from the shell."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from halterofit_tui.cli import backup_cmd
from halterofit_tui.config import DATABASE_NAME
from tests.conftest import database_dump, run_halterofit


def set_count(home: Path) -> int:
    connection = sqlite3.connect(home / DATABASE_NAME)
    try:
        return int(connection.execute("SELECT count(*) FROM exercise_sets").fetchone()[0])
    finally:
        connection.close()


def test_backup_writes_a_timestamped_copy_and_says_where(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    cli("log", "bench press", "100x5")

    result = cli("backup")

    assert result.exit_code == 0
    match = re.fullmatch(r"Backed up to (\S+) \((\d+\.\d) KB\)\.\n", result.stdout)
    assert match is not None
    copy = Path(match.group(1))
    assert copy.parent == home / "backups"
    assert re.fullmatch(r"halterofit-\d{8}T\d{12}Z\.db", copy.name)
    assert float(match.group(2)) == round(copy.stat().st_size / 1000, 1)


def test_backup_json_and_refusal_to_overwrite(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mine.db"
    first = cli("backup", str(target), "--json")
    assert first.exit_code == 0
    assert json.loads(first.stdout) == {"path": str(target), "size_bytes": target.stat().st_size}
    cli("log", "bench press", "100x5")
    before = target.read_bytes()

    again = cli("backup", str(target))

    assert again.exit_code == 2
    assert again.stderr == f"halterofit: {target} already exists; add --force to overwrite it\n"
    assert target.read_bytes() == before
    forced = cli("backup", str(target), "--force")
    assert forced.exit_code == 0
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM exercise_sets").fetchone() == (1,)
    connection.close()


def test_restore_needs_yes_when_it_cannot_ask(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "saved.db"
    cli("backup", str(target))
    cli("log", "bench press", "100x5")
    before = database_dump(home)

    result = cli("restore", str(target))

    assert result.exit_code == 2
    assert result.stderr == (
        "halterofit: restore replaces the current database: add --yes to confirm "
        "(there is no terminal to ask)\n"
    )
    assert database_dump(home) == before


def test_restore_yes_json_replaces_the_database(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("log", "bench press", "100x5", "100x5")
    target = tmp_path / "saved.db"
    cli("backup", str(target))
    cli("log", "squat", "140x3")

    result = cli("restore", str(target), "--yes", "--json")

    assert result.exit_code == 0
    report = json.loads(result.stdout)
    kept = Path(report["kept_aside"])
    assert kept.parent == home / "backups"
    assert kept.name.startswith("before-restore-")
    assert (report["workouts"], report["sets"]) == (1, 2)
    assert report["found_schema"] == report["schema"]
    assert set_count(home) == 2
    history = json.loads(cli("history", "--json").stdout)
    assert [len(e["sets"]) for w in history for e in w["exercises"]] == [2]


@pytest.mark.parametrize(("answer", "sets_after"), [("n\n", 3), ("y\n", 2)])
def test_restore_asks_first_on_a_terminal(
    cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, sets_after: int
) -> None:  # type: ignore[no-untyped-def]
    cli("log", "bench press", "100x5", "100x5")
    target = tmp_path / "saved.db"
    cli("backup", str(target))
    cli("log", "squat", "140x3")
    monkeypatch.setattr(backup_cmd, "_can_ask", lambda: True)

    result = cli("restore", str(target), input=answer)

    assert result.exit_code == (1 if answer == "n\n" else 0)
    assert "Replace the current database (1 workout, 3 sets, last on" in result.stderr
    assert f"with {target} (1 workout, 2 sets, last on" in result.stderr
    assert set_count(home) == sets_after


def test_restore_of_a_file_that_is_not_a_database_is_one_line(
    cli, home: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    notes.write_text("squat 3x5\n")
    before = database_dump(home)

    result = cli("restore", str(notes), "--yes")

    assert result.exit_code == 2
    assert result.stderr == (
        f"halterofit: {notes} is not a SQLite database, so not a Halterofit backup\n"
    )
    assert database_dump(home) == before


def test_backup_and_restore_through_the_real_entry_point(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "saved.db"
    backed = run_halterofit("backup", str(target), home=home)
    assert (backed.returncode, backed.stderr) == (0, "")
    assert run_halterofit("log", "bench press", "100x5", home=home).returncode == 0

    restored = run_halterofit("restore", str(target), "--yes", home=home)

    assert (restored.returncode, restored.stderr) == (0, "")
    assert restored.stdout.splitlines()[-1].startswith(f"Restored {target}: 0 workouts, 0 sets")
    assert set_count(home) == 0
