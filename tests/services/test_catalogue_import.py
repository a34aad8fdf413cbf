"""Importing a free-exercise-db catalogue: mapped onto our vocabularies, merged, idempotent."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from halterofit_tui.domain.catalogue import normalise_name
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.services.catalogue_import import import_catalogue
from halterofit_tui.services.library import add_custom_exercise, get_exercise, list_exercises
from tests.conftest import SHARED, database_dump

FREE_EXERCISE_DB = SHARED / "data" / "free-exercise-db" / "exercises.json"


@pytest.fixture(scope="module")
def free_exercise_db() -> Path:
    if not FREE_EXERCISE_DB.is_file():
        pytest.skip(f"the free-exercise-db catalogue is not at {FREE_EXERCISE_DB}")
    return FREE_EXERCISE_DB


def entry(name: str, **fields: Any) -> dict[str, Any]:
    """A catalogue entry as free-exercise-db writes one (id from the name, as it does)."""
    base: dict[str, Any] = {
        "name": name,
        "force": "push",
        "level": "beginner",
        "mechanic": "compound",
        "equipment": "barbell",
        "primaryMuscles": ["quadriceps"],
        "secondaryMuscles": [],
        "instructions": ["Do it."],
        "category": "strength",
        "images": [],
        "id": name.replace(" ", "_"),
    }
    return base | fields


def write_catalogue(folder: Path, entries: Any) -> Path:
    path = folder / "catalogue.json"
    path.write_text(json.dumps(entries))
    return path


def test_the_free_exercise_db_catalogue_merges_without_duplicating_a_built_in(
    db,
    free_exercise_db: Path,
) -> None:  # type: ignore[no-untyped-def]
    built_ins = [e for e in list_exercises(db) if not e.is_custom]
    built_in_keys = {normalise_name(label) for e in built_ins for label in (e.name, *e.aliases)}

    started = time.perf_counter()
    report = import_catalogue(db, free_exercise_db)
    elapsed = time.perf_counter() - started

    assert report.entries == 873
    assert report.skipped == ()
    # free-exercise-db's "Air Bike" is a bicycle crunch; ours (an alias) is the Assault Bike.
    assert [(c.index, c.name) for c in report.renamed] == [(7, "Air Bike")]
    assert len(report.created) + len(report.matched) == 873
    assert "Air Bike (Abs)" in {c.name for c in report.created}
    assert get_exercise(db, "air bike").name == "Assault Bike"
    matches = {m.source_name: m.exercise_name for m in report.matched}
    assert matches["Barbell Bench Press - Medium Grip"] == "Barbell Bench Press"
    assert matches["Barbell Incline Bench Press - Medium Grip"] == "Incline Barbell Bench Press"
    assert matches["Triceps Pushdown - Rope Attachment"] == "Rope Triceps Pushdown"
    assert matches["Dips - Chest Version"] == "Parallel Bar Dip"
    assert matches["Pushups"] == "Push-Up"
    assert matches["Stiff-Legged Barbell Deadlift"] == "Stiff-Leg Deadlift"
    assert matches["Barbell Deadlift"] == "Conventional Deadlift"
    created = {c.name for c in report.created}
    # A stretch named like a lift, and a calf raise standing on the dumbbell, are their own.
    assert {"Split Squats", "Calf Raise On A Dumbbell", "Zercher Squats"} <= created

    customs = [e for e in list_exercises(db) if e.is_custom]
    assert len(customs) == len(report.created)
    custom_keys = [normalise_name(label) for e in customs for label in (e.name, *e.aliases)]
    assert not set(custom_keys) & built_in_keys
    assert len(custom_keys) == len(set(custom_keys))
    assert elapsed < 30  # measured ~3 s on the project machine; this only catches a blow-up


def test_built_in_exercises_are_never_rewritten(db, free_exercise_db: Path) -> None:  # type: ignore[no-untyped-def]
    before = {e.id: e for e in list_exercises(db) if not e.is_custom}
    import_catalogue(db, free_exercise_db)
    after = {e.id: e for e in list_exercises(db) if not e.is_custom}
    assert after == before


def test_a_second_import_adds_nothing(db, home: Path, free_exercise_db: Path) -> None:  # type: ignore[no-untyped-def]
    first = import_catalogue(db, free_exercise_db)
    dump = database_dump(home)

    again = import_catalogue(db, free_exercise_db)

    assert again.created == ()
    assert again.already_imported == len(first.created)
    assert again.aliases_added == 0
    assert again.backup is None
    assert database_dump(home) == dump


def test_mapped_fields_of_imported_exercises(db, free_exercise_db: Path) -> None:  # type: ignore[no-untyped-def]
    import_catalogue(db, free_exercise_db)
    # (name, category, mechanic, equipment, primary, secondary, pattern, plane, progression,
    #  difficulty, beginner friendly, number of instructions): each checked by hand against
    #  the source entry.
    expected = [
        ("Barbell Side Bend", "strength", "isolation", ("barbell",), ("obliques",),
         ("lower_back",), "core", "frontal", "weight", 2, True, 4),
        ("Cable Seated Lateral Raise", "strength", "isolation", ("cable",), ("side_delts",),
         ("upper_back", "traps"), "shoulder_isolation", "frontal", "weight", 2, True, 7),
        ("Hamstring Stretch", "stretching", "isolation", ("bodyweight",), ("hamstrings",), (),
         "hip_isolation", "sagittal", "time", 2, True, 3),
        ("Jogging, Treadmill", "cardio", "compound", ("cardio_machine",), ("quadriceps",),
         ("glutes", "hamstrings"), "locomotion", "sagittal", "distance", 2, True, 2),
        ("Reverse Flyes", "strength", "isolation", ("dumbbell",), ("rear_delts",), (),
         "shoulder_isolation", "transverse", "weight", 2, True, 6),
        ("Thigh Adductor", "strength", "isolation", ("machine",), ("adductors",),
         ("glutes", "hamstrings"), "hip_isolation", "frontal", "weight", 2, True, 4),
        ("Yoke Walk", "strongman", "compound", ("bodyweight",), ("quadriceps",),
         ("abs", "abductors", "adductors", "calves", "glutes", "hamstrings", "lower_back"),
         "carry", "sagittal", "distance", 3, False, 3),
        ("Zercher Squats", "strength", "compound", ("barbell",), ("quadriceps",),
         ("calves", "glutes", "hamstrings"), "squat", "sagittal", "weight", 4, False, 6),
    ]  # fmt: skip
    for row in expected:
        e = get_exercise(db, row[0])
        assert e.is_custom
        actual = (
            e.name, e.category, e.subcategory, e.equipment, e.primary_muscles,
            e.secondary_muscles, e.movement_pattern, e.plane_of_motion, e.progression_type,
            e.difficulty, e.beginner_friendly, len(e.instructions),
        )  # fmt: skip
        assert actual == row
    zercher = get_exercise(db, "Zercher Squats")
    assert zercher.instructions[0].startswith("This exercise is best performed inside a squat rack")
    assert zercher.tips == () and zercher.common_mistakes == ()


def test_dry_run_reports_the_same_and_writes_nothing(db, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue = write_catalogue(
        tmp_path, [entry("Zercher Squats"), entry("Pushups", primaryMuscles=["chest"])]
    )
    dump = database_dump(home)

    dry = import_catalogue(db, catalogue, dry_run=True)

    assert database_dump(home) == dump
    assert not (home / "backups").exists()
    assert [c.name for c in dry.created] == ["Zercher Squats"]
    assert [(m.source_name, m.exercise_name, m.how) for m in dry.matched] == [
        ("Pushups", "Push-Up", "variant")
    ]
    real = import_catalogue(db, catalogue)
    assert [c.exercise_id for c in real.created] == [c.exercise_id for c in dry.created]


def test_an_import_is_preceded_by_a_rolling_backup(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_catalogue(db, write_catalogue(tmp_path, [entry("Zercher Squats")]))

    assert report.backup is not None
    assert report.backup.name.startswith("pre-import-")
    copy = sqlite3.connect(report.backup)
    names = {row[0] for row in copy.execute("SELECT name FROM exercises")}
    copy.close()
    assert "Barbell Bench Press" in names
    assert "Zercher Squats" not in names


def test_a_custom_exercise_matched_by_its_words_gains_the_source_name_as_alias(
    db,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    mine = add_custom_exercise(db, "Zercher Squat", primary_muscles=["quadriceps"])
    catalogue = write_catalogue(tmp_path, [entry("Zercher Squats"), entry("Zercher Squats ")])

    report = import_catalogue(db, catalogue)

    assert report.created == ()
    assert [(m.exercise_id, m.how, m.alias_added) for m in report.matched] == [
        (mine.id, "variant", True),
        (mine.id, "name", False),
    ]
    assert get_exercise(db, "zercher squats").aliases == ("Zercher Squats",)


def test_a_loose_match_never_crosses_kinds_of_exercise(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stretch = entry("Split Squats", category="stretching", mechanic=None, equipment=None)
    report = import_catalogue(db, write_catalogue(tmp_path, [stretch]))

    assert [c.name for c in report.created] == ["Split Squats"]
    assert get_exercise(db, "Split Squats").category == "stretching"
    assert get_exercise(db, "Split Squat").category == "strength"


def test_bad_entries_are_reported_by_index_and_skipped(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entries = [
        entry("Zercher Squats"),
        {"level": "beginner", "primaryMuscles": ["chest"]},
        entry("Log Carry", equipment="sandbag"),
        entry("Keg Toss", primaryMuscles=[]),
        "Atlas Stones",
        entry("Zercher Squat Again", id="Zercher_Squats"),
    ]
    report = import_catalogue(db, write_catalogue(tmp_path, entries))

    assert [c.name for c in report.created] == ["Zercher Squats"]
    assert [s.describe() for s in report.skipped] == [
        "entry [1]: has no name",
        "entry [2] 'Log Carry': unknown equipment 'sandbag'",
        "entry [3] 'Keg Toss': no primary muscle",
        "entry [4]: not a JSON object",
        "entry [5] 'Zercher Squat Again': same id 'Zercher_Squats' as entry [0]",
    ]


def test_strict_imports_nothing_when_an_entry_is_bad(db, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue = write_catalogue(tmp_path, [entry("Zercher Squats"), {"name": " "}])
    dump = database_dump(home)

    with pytest.raises(InvalidInput) as refused:
        import_catalogue(db, catalogue, strict=True)

    assert str(refused.value) == (
        f"{catalogue}: entry [1]: has no name; nothing imported (--strict)"
    )
    assert database_dump(home) == dump


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", r"is not valid JSON: Expecting property name .* line 1, column 2"),
        (b'{"exercises": []}', "expected a JSON list of exercises, found an object"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not JSON: it is not UTF-8 text"),
        (b'[{"force": "push"}, 3]', r"entry \[0\]: has no name \(and 1 more\); nothing imported"),
    ],
    ids=["not-json", "not-a-list", "binary", "no-usable-entry"],
)
def test_a_bad_file_is_one_clear_line_and_changes_nothing(
    db,
    home: Path,
    tmp_path: Path,
    content: bytes,
    message: str,
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "catalogue.json"
    path.write_bytes(content)
    dump = database_dump(home)

    with pytest.raises(InvalidInput, match=message) as refused:
        import_catalogue(db, path)

    assert "\n" not in str(refused.value)
    assert database_dump(home) == dump


def test_a_missing_file_is_not_found(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="no file"):
        import_catalogue(db, tmp_path / "nowhere.json")


def test_cli_import_prints_a_summary_and_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalogue = write_catalogue(
        tmp_path, [entry("Zercher Squats"), entry("Pushups", primaryMuscles=["chest"])]
    )

    dry = cli("exercises", "import", str(catalogue), "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.splitlines() == [
        f"Dry run, nothing written. {catalogue}: 2 entries; new exercises: 1; "
        "already in the library: 1; imported before: 0; not imported: 0.",
        "  Pushups -> Push-Up",
    ]

    done = cli("exercises", "import", str(catalogue), "--json")
    assert done.exit_code == 0
    report = json.loads(done.stdout)
    assert (report["created"], report["matched"], report["already_imported"]) == (1, 1, 0)
    assert report["matches"] == [
        {
            "index": 1,
            "name": "Pushups",
            "exercise_id": report["matches"][0]["exercise_id"],
            "exercise": "Push-Up",
            "how": "variant",
            "alias_added": False,
        }
    ]
    assert report["backup"].endswith(".db")
    shown = cli("exercises", "show", "Zercher Squats", "--json")
    assert json.loads(shown.stdout)["custom"] is True


def test_cli_import_of_a_bad_file_is_one_line_on_stderr(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "catalogue.json"
    path.write_text("[1, 2")

    result = cli("exercises", "import", str(path))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"halterofit: {path} is not valid JSON")
