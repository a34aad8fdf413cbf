"""Imported names find the right library exercise, and only the right one."""

from __future__ import annotations

import pytest

from halterofit_tui.domain.exercise_matching import ExerciseMatcher, guess_custom_fields

LIBRARY = [
    ("bench", "Barbell Bench Press", ["Bench Press (Barbell)"]),
    ("incline-db", "Incline Dumbbell Bench Press", ["Incline Bench Press (Dumbbell)"]),
    ("decline", "Decline Barbell Bench Press", []),
    ("curl", "Dumbbell Curl", []),
    ("skull", "Skull Crusher", []),
    ("pulldown", "Lat Pulldown", []),
]


@pytest.fixture
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher(LIBRARY)


@pytest.mark.parametrize(
    ("name", "expected", "how"),
    [
        ("Bench Press (Barbell)", "bench", "exact"),
        ("barbell bench press", "bench", "exact"),
        ("Flat Barbell Bench Press", "bench", "reordered"),
        ("Bench Press Barbell", "bench", "exact"),
        ("Press, Barbell Bench", "bench", "reordered"),
        ("Dumbbell Curls", "curl", "reordered"),
        ("Skullcrushers", "skull", "reordered"),
        ("Lat Pulldoen", "pulldown", "fuzzy"),
    ],
)
def test_names_that_mean_a_library_exercise_match_it(
    matcher: ExerciseMatcher, name: str, expected: str, how: str
) -> None:
    match = matcher.match(name)
    assert match is not None
    assert (match.exercise_id, match.how) == (expected, how)


@pytest.mark.parametrize(
    "name",
    [
        "Incline Barbell Bench Press",  # the same words but one: a different lift
        "Incline Bench Press (Barbell)",
        "Decline Dumbbell Bench Press",
        "Hammer Curl",
        "Close Grip Lat Pulldown",
        "Press",
        "",
    ],
)
def test_a_different_movement_is_never_matched(matcher: ExerciseMatcher, name: str) -> None:
    assert matcher.match(name) is None


def test_fuzzy_scores_are_reported_below_one(matcher: ExerciseMatcher) -> None:
    match = matcher.match("Lat Pulldoen")
    assert match is not None
    assert 0.9 <= match.score < 1.0


def test_guessing_a_loaded_isolation_exercise() -> None:
    guess = guess_custom_fields(
        "Preacher Hammer Curl (Dumbell)", None, loaded=True, timed=False, distance=False
    )
    assert guess.category == "strength"
    assert guess.subcategory == "isolation"
    assert guess.equipment == ("dumbbell",)
    assert guess.primary_muscles == ("biceps",)
    assert guess.movement_pattern == "elbow_flexion"
    assert guess.progression_type == "weight"


def test_leg_curl_is_hamstrings_not_biceps() -> None:
    guess = guess_custom_fields("Nordic Leg Curl", None, loaded=False, timed=False, distance=False)
    assert guess.primary_muscles == ("hamstrings",)
    assert guess.equipment == ("bodyweight",)
    assert guess.progression_type == "reps"


def test_the_source_body_part_fills_in_an_unknown_movement() -> None:
    guess = guess_custom_fields(
        "Frontier Forearms (Kittie)", "Forearms", loaded=True, timed=False, distance=False
    )
    assert guess.primary_muscles == ("forearms",)
    assert guess.movement_pattern == "elbow_flexion"


def test_distance_makes_a_cardio_exercise() -> None:
    guess = guess_custom_fields("Sled Push", None, loaded=True, timed=True, distance=True)
    assert (guess.category, guess.progression_type) == ("cardio", "distance")


def test_stretches_are_timed_stretching() -> None:
    guess = guess_custom_fields("Hip Stretches", None, loaded=False, timed=True, distance=False)
    assert (guess.category, guess.progression_type) == ("stretching", "time")
