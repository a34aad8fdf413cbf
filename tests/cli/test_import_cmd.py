"""`halterofit import`: what a lifter sees, and the one-line errors for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from halterofit_tui.config import DATABASE_NAME
from tests.conftest import database_dump

FIXTURES = Path(__file__).parents[1] / "domain" / "import_fixtures"
HEVY = FIXTURES / "hevy-lbs-crlf-bom.csv"


def test_dry_run_shows_every_mapping_and_writes_nothing(cli: Any, home: Path) -> None:
    before = database_dump(home)

    result = cli("import", str(HEVY), "--dry-run")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Their", "exercise", "Sets", "Ours"]
    assert "Bench Press (Barbell)         3  Barbell Bench Press" in lines
    assert "Would add 2 workouts and 8 sets from 8 hevy rows." in lines
    assert database_dump(home) == before


def test_import_then_history_shows_the_workouts_and_a_backup_was_taken(
    cli: Any, home: Path
) -> None:
    result = cli("import", str(HEVY))

    assert result.exit_code == 0, result.stderr
    assert "Added 2 workouts and 8 sets from 8 hevy rows." in result.stdout
    assert "Exercises: 5 matched, 0 created." in result.stdout
    backups = list((home / "backups").glob("pre-import-*.db"))
    assert len(backups) == 1
    assert f"Backup taken first: {backups[0]}" in result.stdout
    shown = json.loads(cli("history", "--json").stdout)
    assert [w["name"] for w in shown] == ["Push 💪", "Cardio"]

    again = cli("import", str(HEVY))
    assert "Added 0 workouts and 0 sets" in again.stdout
    assert "Already imported: 2 workouts (left as they are)." in again.stdout


def test_json_report_lists_mappings_and_bad_rows(cli: Any) -> None:
    result = cli("import", str(FIXTURES / "strong-malformed.csv"), "--unit", "kg", "--json")

    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == "strong"
    assert report["problems"]
    assert all(set(p) == {"line", "reason"} for p in report["problems"])
    assert report["sets_added"] == sum(m["sets"] for m in report["mappings"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.csv"], 3, "no file"),
        ([str(FIXTURES / "strong-12col.csv")], 2, "rerun with --unit kg or --unit lb"),
        ([str(HEVY), "--format", "excel"], 2, "unknown format 'excel'"),
        ([str(HEVY), "--unit", "stone"], 2, "stone"),
        ([str(HEVY), "--map", "Chest Dip"], 2, "--map"),
        ([str(HEVY), "--map", "Chest Dip=Nothing Like It"], 3, "no exercise named"),
        (
            [str(FIXTURES / "strong-malformed.csv"), "--unit", "kg", "--strict"],
            2,
            "nothing imported (strict)",
        ),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: Any, home: Path, args: list[str], code: int, message: str
) -> None:
    before = database_dump(home)

    result = cli("import", *args)

    assert result.exit_code == code, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("halterofit: ")
    assert message in result.stderr
    assert database_dump(home) == before


def test_a_directory_or_binary_file_is_refused(cli: Any, tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    for target in (tmp_path, binary):
        result = cli("import", str(target))
        assert result.exit_code == 2
        assert result.stderr.startswith("halterofit: ")


def test_a_json_export_imports_into_a_fresh_home_with_the_same_history(
    cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template_store: Path
) -> None:
    assert cli("import", str(HEVY)).exit_code == 0
    assert cli("log", "bench press", "100x5@8").exit_code == 0
    assert cli("finish").exit_code == 0
    exported = tmp_path / "everything.json"
    assert cli("export", str(exported)).exit_code == 0
    original = cli("history", "--json", "--limit", "100").stdout

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(template_store, fresh / DATABASE_NAME)
    monkeypatch.setenv("HALTEROFIT_HOME", str(fresh))
    dry = cli("import", str(exported), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "Would add 3 workouts, 9 sets and 0 body metrics." in dry.stdout
    result = cli("import", str(exported))

    assert result.exit_code == 0, result.stderr
    assert "Added 3 workouts, 9 sets and 0 body metrics." in result.stdout
    assert cli("history", "--json", "--limit", "100").stdout == original
    again = json.loads(cli("import", str(exported), "--json").stdout)
    assert (again["workouts_added"], again["sets_added"]) == (0, 0)


def test_a_broken_json_file_is_one_clear_line(cli: Any, home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "halterofit", "version": 1, "workouts": [')
    before = database_dump(home)

    result = cli("import", str(broken))

    assert result.exit_code == 2
    assert result.stderr.startswith("halterofit: not a Halterofit JSON export")
    assert database_dump(home) == before


def test_strict_json_with_a_bad_value_writes_nothing(cli: Any, home: Path, tmp_path: Path) -> None:
    assert cli("import", str(HEVY)).exit_code == 0
    exported = tmp_path / "everything.json"
    assert cli("export", str(exported)).exit_code == 0
    document = json.loads(exported.read_text())
    document["workouts"][0]["sets"][0]["reps"] = -3
    for workout in document["workouts"]:
        workout["id"] = workout["id"][:-4] + "beef"
    exported.write_text(json.dumps(document))
    before = database_dump(home)

    result = cli("import", str(exported), "--strict")

    assert result.exit_code == 2
    assert "nothing imported (strict); first: workouts[0].sets[0].reps" in result.stderr
    assert database_dump(home) == before


def test_counts_of_one_read_as_english(cli: Any, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    # The header and the first set, whose quoted description spans two lines.
    one.write_text("\n".join(HEVY.read_text(encoding="utf-8-sig").splitlines()[:3]) + "\n")

    result = cli("import", str(one))

    assert "Added 1 workout and 1 set from 1 hevy row." in result.stdout
