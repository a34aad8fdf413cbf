"""Validates the built-in exercise library shipped in data/exercises.json."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from halterofit_tui.domain.catalogue import (
    CATEGORIES,
    EQUIPMENT,
    MOVEMENT_PATTERNS,
    MUSCLES,
    PLANES_OF_MOTION,
    PROGRESSION_TYPES,
    SUBCATEGORIES,
    normalise_name,
)

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "data" / "exercises.json"

MIN_EXERCISES = 150

EXPECTED_KEYS = frozenset(
    {
        "slug",
        "name",
        "aliases",
        "category",
        "subcategory",
        "equipment",
        "primary_muscles",
        "secondary_muscles",
        "movement_pattern",
        "plane_of_motion",
        "difficulty",
        "beginner_friendly",
        "progression_type",
        "description",
        "instructions",
        "tips",
        "common_mistakes",
    }
)

# Slugs other code depends on: they must exist and never be renamed.
REQUIRED_SLUGS = (
    "barbell-back-squat",
    "front-squat",
    "barbell-bench-press",
    "incline-barbell-bench-press",
    "close-grip-bench-press",
    "dumbbell-bench-press",
    "incline-dumbbell-press",
    "conventional-deadlift",
    "sumo-deadlift",
    "romanian-deadlift",
    "overhead-press",
    "dumbbell-shoulder-press",
    "barbell-row",
    "dumbbell-row",
    "pull-up",
    "chin-up",
    "lat-pulldown",
    "seated-cable-row",
    "leg-press",
    "bulgarian-split-squat",
    "walking-lunge",
    "lying-leg-curl",
    "leg-extension",
    "standing-calf-raise",
    "barbell-curl",
    "dumbbell-curl",
    "hammer-curl",
    "triceps-pushdown",
    "skull-crusher",
    "dips",
    "lateral-raise",
    "face-pull",
    "rear-delt-fly",
    "hip-thrust",
    "plank",
    "hanging-leg-raise",
    "cable-crunch",
    "farmers-walk",
    "kettlebell-swing",
    "goblet-squat",
    "power-clean",
)

# Names used by Strong, Hevy and FitNotes exports (and common short forms) -> expected slug.
APP_NAMES = {
    "Bench Press (Barbell)": "barbell-bench-press",
    "Squat (Barbell)": "barbell-back-squat",
    "Deadlift (Barbell)": "conventional-deadlift",
    "Overhead Press (Barbell)": "overhead-press",
    "Bent Over Row (Barbell)": "barbell-row",
    "Lat Pulldown (Cable)": "lat-pulldown",
    "Bicep Curl (Dumbbell)": "dumbbell-curl",
    "Bicep Curl (Barbell)": "barbell-curl",
    "Triceps Pushdown (Cable - Straight Bar)": "triceps-pushdown",
    "Tricep Pushdown (Rope)": "rope-pushdown",
    "Pull Up": "pull-up",
    "Chin Up": "chin-up",
    "Incline Bench Press (Barbell)": "incline-barbell-bench-press",
    "Incline Bench Press (Dumbbell)": "incline-dumbbell-press",
    "Bench Press (Dumbbell)": "dumbbell-bench-press",
    "Bench Press - Close Grip (Barbell)": "close-grip-bench-press",
    "Romanian Deadlift (Barbell)": "romanian-deadlift",
    "Sumo Deadlift (Barbell)": "sumo-deadlift",
    "Front Squat (Barbell)": "front-squat",
    "Leg Press": "leg-press",
    "Leg Press (Machine)": "leg-press",
    "Hip Thrust (Barbell)": "hip-thrust",
    "Seated Row (Cable)": "seated-cable-row",
    "Dumbbell Row": "dumbbell-row",
    "Bent Over One Arm Row (Dumbbell)": "dumbbell-row",
    "Lateral Raise (Dumbbell)": "lateral-raise",
    "Face Pull (Cable)": "face-pull",
    "Reverse Fly (Dumbbell)": "rear-delt-fly",
    "Skullcrusher (Barbell)": "skull-crusher",
    "Hammer Curl (Dumbbell)": "hammer-curl",
    "Leg Extension (Machine)": "leg-extension",
    "Lying Leg Curl (Machine)": "lying-leg-curl",
    "Standing Calf Raise (Machine)": "standing-calf-raise",
    "Overhead Press (Dumbbell)": "dumbbell-shoulder-press",
    "Shoulder Press (Dumbbell)": "dumbbell-shoulder-press",
    "Chest Dip": "dips",
    "Hanging Leg Raise": "hanging-leg-raise",
    "Cable Crunch": "cable-crunch",
    "Bulgarian Split Squat": "bulgarian-split-squat",
    "Running (Treadmill)": "treadmill-run",
    # Common short forms.
    "Bench": "barbell-bench-press",
    "Squat": "barbell-back-squat",
    "Deadlift": "conventional-deadlift",
    "OHP": "overhead-press",
    "RDL": "romanian-deadlift",
}

KEBAB_CASE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _load() -> dict[str, Any]:
    with CATALOGUE_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Any]:
    return _load()


@pytest.fixture(scope="module")
def exercises(catalogue: dict[str, Any]) -> list[dict[str, Any]]:
    items = catalogue["exercises"]
    assert isinstance(items, list), "'exercises' must be a list"
    return items


@pytest.fixture(scope="module")
def name_index(exercises: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Normalised name or alias -> slugs that claim it."""
    index: dict[str, set[str]] = defaultdict(set)
    for ex in exercises:
        for label in [ex["name"], *ex["aliases"]]:
            index[normalise_name(label)].add(ex["slug"])
    return index


def _is_non_empty_str(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_str_list(value: object, *, allow_empty: bool = False) -> bool:
    return (
        isinstance(value, list)
        and (allow_empty or len(value) > 0)
        and all(_is_non_empty_str(v) for v in value)
    )


def test_file_parses_with_version_1(catalogue: dict[str, Any]) -> None:
    keys = sorted(catalogue)
    assert keys == ["exercises", "version"], f"unexpected top-level keys: {keys}"
    assert catalogue["version"] == 1


def test_has_enough_exercises(exercises: list[dict[str, Any]]) -> None:
    assert len(exercises) >= MIN_EXERCISES, f"only {len(exercises)} exercises"


def test_every_exercise_has_exactly_the_expected_keys(exercises: list[dict[str, Any]]) -> None:
    bad = {
        ex.get("slug", f"#{i}"): sorted(set(ex) ^ EXPECTED_KEYS)
        for i, ex in enumerate(exercises)
        if set(ex) != EXPECTED_KEYS
    }
    assert not bad, f"missing or unexpected keys: {bad}"


def test_text_fields_are_non_empty_strings(exercises: list[dict[str, Any]]) -> None:
    bad = [
        f"{ex['slug']}.{field}"
        for ex in exercises
        for field in ("slug", "name", "description")
        if not _is_non_empty_str(ex[field])
    ]
    assert not bad, f"empty or non-string fields: {bad}"


def test_aliases_are_a_non_empty_list_of_strings(exercises: list[dict[str, Any]]) -> None:
    bad = [ex["slug"] for ex in exercises if not _is_str_list(ex["aliases"])]
    assert not bad, f"aliases must be a non-empty list of non-empty strings: {bad}"


@pytest.mark.parametrize(
    ("field", "minimum", "maximum"),
    [("instructions", 3, 7), ("tips", 2, 4), ("common_mistakes", 2, 4)],
)
def test_guidance_lists_have_the_right_length(
    exercises: list[dict[str, Any]], field: str, minimum: int, maximum: int
) -> None:
    bad = [
        ex["slug"]
        for ex in exercises
        if not _is_str_list(ex[field]) or not minimum <= len(ex[field]) <= maximum
    ]
    assert not bad, f"{field} must hold {minimum}-{maximum} non-empty strings: {bad}"


@pytest.mark.parametrize(
    ("field", "vocabulary"),
    [
        ("category", CATEGORIES),
        ("subcategory", SUBCATEGORIES),
        ("movement_pattern", MOVEMENT_PATTERNS),
        ("plane_of_motion", PLANES_OF_MOTION),
        ("progression_type", PROGRESSION_TYPES),
    ],
)
def test_single_value_fields_use_the_vocabulary(
    exercises: list[dict[str, Any]], field: str, vocabulary: tuple[str, ...]
) -> None:
    bad = {ex["slug"]: ex[field] for ex in exercises if ex[field] not in vocabulary}
    assert not bad, f"{field} outside the vocabulary: {bad}"


@pytest.mark.parametrize(
    ("field", "vocabulary", "allow_empty"),
    [
        ("equipment", EQUIPMENT, False),
        ("primary_muscles", MUSCLES, False),
        ("secondary_muscles", MUSCLES, True),
    ],
)
def test_list_fields_use_the_vocabulary(
    exercises: list[dict[str, Any]], field: str, vocabulary: tuple[str, ...], allow_empty: bool
) -> None:
    bad = {
        ex["slug"]: ex[field]
        for ex in exercises
        if not _is_str_list(ex[field], allow_empty=allow_empty)
        or len(set(ex[field])) != len(ex[field])
        or not set(ex[field]) <= set(vocabulary)
    }
    assert not bad, f"{field} must be a list of distinct values from the vocabulary: {bad}"


def test_difficulty_is_an_integer_from_1_to_5(exercises: list[dict[str, Any]]) -> None:
    bad = {
        ex["slug"]: ex["difficulty"]
        for ex in exercises
        if type(ex["difficulty"]) is not int or not 1 <= ex["difficulty"] <= 5
    }
    assert not bad, f"difficulty must be an int in 1..5: {bad}"


def test_beginner_friendly_is_a_boolean(exercises: list[dict[str, Any]]) -> None:
    bad = [ex["slug"] for ex in exercises if not isinstance(ex["beginner_friendly"], bool)]
    assert not bad, f"beginner_friendly must be true or false: {bad}"


def test_slugs_are_kebab_case(exercises: list[dict[str, Any]]) -> None:
    bad = [ex["slug"] for ex in exercises if not KEBAB_CASE.fullmatch(str(ex["slug"]))]
    assert not bad, f"slugs must be kebab-case: {bad}"


def test_slugs_are_unique(exercises: list[dict[str, Any]]) -> None:
    counts = Counter(ex["slug"] for ex in exercises)
    dupes = sorted(slug for slug, n in counts.items() if n > 1)
    assert not dupes, f"duplicate slugs: {dupes}"


def test_required_slugs_are_present(exercises: list[dict[str, Any]]) -> None:
    slugs = {ex["slug"] for ex in exercises}
    missing = [slug for slug in REQUIRED_SLUGS if slug not in slugs]
    assert not missing, f"required slugs missing: {missing}"


def test_each_name_and_alias_identifies_one_exercise(name_index: dict[str, set[str]]) -> None:
    clashes = {label: sorted(slugs) for label, slugs in name_index.items() if len(slugs) > 1}
    assert not clashes, f"names/aliases shared by several exercises: {clashes}"


def test_no_alias_repeats_a_name_or_alias_of_the_same_exercise(
    exercises: list[dict[str, Any]],
) -> None:
    bad: dict[str, list[str]] = {}
    for ex in exercises:
        seen = {normalise_name(ex["name"])}
        for alias in ex["aliases"]:
            key = normalise_name(alias)
            if key in seen:
                bad.setdefault(ex["slug"], []).append(alias)
            seen.add(key)
    assert not bad, f"aliases equal to the exercise's own name or another of its aliases: {bad}"


def test_names_and_aliases_normalise_to_something(exercises: list[dict[str, Any]]) -> None:
    bad = [
        f"{ex['slug']}: {label!r}"
        for ex in exercises
        for label in [ex["name"], *ex["aliases"]]
        if not normalise_name(label)
    ]
    assert not bad, f"names/aliases with no letters or digits: {bad}"


@pytest.mark.parametrize(("app_name", "expected_slug"), sorted(APP_NAMES.items()))
def test_app_names_resolve_to_the_expected_exercise(
    name_index: dict[str, set[str]], app_name: str, expected_slug: str
) -> None:
    found = name_index.get(normalise_name(app_name), set())
    assert found == {expected_slug}, (
        f"{app_name!r} resolves to {sorted(found)}, expected {expected_slug}"
    )


def test_primary_and_secondary_muscles_are_disjoint(exercises: list[dict[str, Any]]) -> None:
    bad = {
        ex["slug"]: sorted(set(ex["primary_muscles"]) & set(ex["secondary_muscles"]))
        for ex in exercises
        if set(ex["primary_muscles"]) & set(ex["secondary_muscles"])
    }
    assert not bad, f"muscles listed as both primary and secondary: {bad}"


def test_empty_secondary_muscles_only_for_single_muscle_isolation(
    exercises: list[dict[str, Any]],
) -> None:
    bad = [
        ex["slug"]
        for ex in exercises
        if not ex["secondary_muscles"]
        and (ex["subcategory"] != "isolation" or len(ex["primary_muscles"]) != 1)
    ]
    assert not bad, f"only single-muscle isolation moves may omit secondary muscles: {bad}"
