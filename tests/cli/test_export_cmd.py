"""`halterofit export`, end to end through typer's CliRunner against temporary homes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from halterofit_tui.config import DATABASE_NAME
from halterofit_tui.store.engine import Database
from tests.conftest import database_dump
from tests.services.test_exporting import log_stall_until_today


def log_a_workout(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("config", "set", "bodyweight", "80").exit_code == 0
    assert cli("exercises", "add", "Zercher Carry", "--primary", "abs").exit_code == 0
    notes = "left knee ok\nnext: 105 🎉"
    assert cli("log", "bench press", "100x5@8", "100x5@8.5", "--notes", notes).exit_code == 0
    assert cli("log", "squat", "225lbx5").exit_code == 0
    assert cli("log", "pull up", "bw+20x8", "--type", "failure").exit_code == 0
    assert cli("log", "zercher carry", "60x1").exit_code == 0
    assert cli("finish", "--notes", "solid").exit_code == 0


def without_export_time(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    document.pop("exported_at")
    return document


def move_to_fresh_home(
    tmp_path: Path, template_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point HALTEROFIT_HOME (so every later command) at a new, untouched home."""
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(template_store, fresh / DATABASE_NAME)
    monkeypatch.setenv("HALTEROFIT_HOME", str(fresh))


def test_export_imports_into_a_fresh_home_and_exports_again_the_same(
    cli, tmp_path: Path, template_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.context import open_store
    from halterofit_tui.services.json_import import import_json_export

    log_a_workout(cli)
    first = tmp_path / "first.json"
    exported = cli("export", str(first))
    assert exported.exit_code == 0, exported.stderr
    assert exported.stdout == f"Exported 1 workout, 5 sets and 1 body metric to {first} (json).\n"
    history = cli("history", "--json", "--limit", "1000").stdout

    move_to_fresh_home(tmp_path, template_store, monkeypatch)
    db = open_store()
    result = import_json_export(db, json.loads(first.read_text(encoding="utf-8")))
    db.dispose()
    assert (result.workouts, result.sets, result.exercises_created) == (1, 5, 1)
    second = tmp_path / "second.json"
    assert cli("export", str(second)).exit_code == 0

    assert without_export_time(second.read_text(encoding="utf-8")) == without_export_time(
        first.read_text(encoding="utf-8")
    )
    assert cli("history", "--json", "--limit", "1000").stdout == history
    sets = json.loads(first.read_text(encoding="utf-8"))["workouts"][0]["sets"]
    assert sets[0]["notes"] == "left knee ok\nnext: 105 🎉"


def test_a_flagged_set_and_a_dismissed_plateau_come_back_through_import(
    cli, db: Database, tmp_path: Path, template_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    start = log_stall_until_today(db)  # bench singles: 100 up to 118 kg, six weeks around 109
    (plateau,) = json.loads(cli("plateaus", "--json").stdout)
    assert cli("plateaus", "dismiss", plateau["id"][:8], "--feedback", "deload").exit_code == 0
    logged = json.loads(cli("log", "bench", "press", "1000x1", "--yes", "--json").stdout)
    (typo,) = logged["sets"]
    first = tmp_path / "first.json"
    assert cli("export", str(first)).exit_code == 0

    move_to_fresh_home(tmp_path, template_store, monkeypatch)
    imported = cli("import", str(first))
    assert imported.exit_code == 0, imported.stderr
    second = tmp_path / "second.json"
    assert cli("export", str(second)).exit_code == 0

    assert without_export_time(second.read_text(encoding="utf-8")) == without_export_time(
        first.read_text(encoding="utf-8")
    )
    assert [a["set_id"] for a in json.loads(cli("anomalies", "--json").stdout)] == [typo["id"]]
    records = json.loads(cli("prs", "bench", "press", "--json").stdout)
    assert records["best_e1rm"]["value_kg"] == 118.0  # not the 1000 kg typo
    assert json.loads(cli("plateaus", "--json").stdout) == []
    (kept,) = json.loads(cli("plateaus", "--all", "--json").stdout)
    assert (kept["id"], kept["start"], kept["status"], kept["feedback"]) == (
        plateau["id"],
        start.isoformat(),
        "false_positive",
        "deload",
    )


def test_export_to_stdout_writes_the_document_and_reports_on_stderr(cli) -> None:  # type: ignore[no-untyped-def]
    log_a_workout(cli)
    result = cli("export", "-")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["format"], document["version"]) == ("halterofit", 1)
    assert len(document["workouts"][0]["sets"]) == 5
    assert result.stderr == "Exported 1 workout, 5 sets and 1 body metric to stdout (json).\n"


def test_csv_by_file_name_or_strong_format(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_a_workout(cli)
    by_name = tmp_path / "log.csv"
    assert cli("export", str(by_name)).exit_code == 0
    by_format = tmp_path / "log.txt"
    assert cli("export", str(by_format), "--format", "strong").exit_code == 0
    lines = by_name.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,")
    assert len(lines) == 1 + 5
    assert ",Barbell Back Squat,1,102.06,5.0," in lines[3]  # kg profile: 225 lb in kg
    assert by_format.read_text(encoding="utf-8") == by_name.read_text(encoding="utf-8")


def test_since_keeps_only_later_workouts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_a_workout(cli)
    target = tmp_path / "later.json"
    assert cli("export", str(target), "--since", "2999-01-01").exit_code == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert (document["since"], document["workouts"], document["body_metrics"]) == (
        "2999-01-01",
        [],
        [],
    )


def test_an_existing_file_is_replaced_whole_and_keeps_its_permissions(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log_a_workout(cli)
    target = tmp_path / "export.json"
    target.write_text("an older export")
    target.chmod(0o600)
    assert cli("export", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "halterofit"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "home"]


BAD_EXPORTS = [
    pytest.param(["{dir}"], "is a directory", id="directory"),
    pytest.param(["{dir}/missing/x.json"], "does not exist", id="missing-folder"),
    pytest.param(["{dir}/a-file/x.json"], "does not exist", id="folder-is-a-file"),
    pytest.param(["{dir}/x.json", "--since", "last week"], "YYYY-MM-DD", id="bad-date"),
    pytest.param(["{dir}/x.json", "--format", "xml"], "unknown export format", id="bad-format"),
    pytest.param(["{home}/halterofit.db"], "own database", id="the-database"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_EXPORTS)
def test_bad_exports_are_one_clear_line_and_write_nothing(
    cli, home: Path, tmp_path: Path, args: list[str], fragment: str
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a-file").write_text("not a folder")
    cli("log", "squat", "100x5")
    before = database_dump(home)

    result = cli("export", *(arg.format(dir=folder, home=home) for arg in args))

    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("halterofit: ")
    assert fragment in lines[0]
    assert sorted(p.name for p in folder.iterdir()) == ["a-file"]
    assert database_dump(home) == before


@pytest.fixture
def locked_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot write in, even as root (chattr +i, which the kernel
    enforces for everyone; as in test_crash_and_permissions)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"running as root and chattr +i is unavailable: {done.stderr!r}")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=False)


def test_an_unwritable_folder_is_one_clear_line(cli, locked_folder: Path) -> None:  # type: ignore[no-untyped-def]
    target = locked_folder / "x.json"
    result = cli("export", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"halterofit: cannot write {target}: folder {locked_folder} is not writable\n"
    )
    assert list(locked_folder.iterdir()) == []
