"""Exercise resolution, search and custom exercises against a real temp store."""

from __future__ import annotations

import pytest

from halterofit_tui.domain.catalogue import exercise_id
from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.services.library import (
    add_custom_exercise,
    get_exercise,
    list_exercises,
    search_exercises,
)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("bench press", "barbell-bench-press"),
        ("BENCH PRESS (BARBELL)", "barbell-bench-press"),
        ("Squat (Barbell)", "barbell-back-squat"),
        ("deadlift", "conventional-deadlift"),
        ("ohp", "overhead-press"),
        ("  rdl ", "romanian-deadlift"),
        ("pull-up", "pull-up"),
    ],
)
def test_names_and_aliases_resolve_case_insensitively(db, typed: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    assert get_exercise(db, typed).id == exercise_id(slug)


def test_unknown_name_suggests_close_ones(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound) as caught:
        get_exercise(db, "bench pres")
    assert "did you mean" in str(caught.value)
    assert "Bench Press" in str(caught.value)


def test_search_ranks_exact_and_prefix_matches_first(db) -> None:  # type: ignore[no-untyped-def]
    results = search_exercises(db, "bench press", limit=5)
    assert results[0].slug == "barbell-bench-press"
    assert all("bench" in (e.name + " ".join(e.aliases)).lower() for e in results)


def test_filters_combine(db) -> None:  # type: ignore[no-untyped-def]
    found = list_exercises(db, muscle="hamstrings", equipment="barbell", pattern="hinge")
    slugs = {e.slug for e in found}
    assert {"romanian-deadlift", "conventional-deadlift"} <= slugs
    assert all("barbell" in e.equipment and e.movement_pattern == "hinge" for e in found)


def test_custom_exercise_is_added_and_resolvable(db) -> None:  # type: ignore[no-untyped-def]
    added = add_custom_exercise(
        db, "Zercher  Carry", primary_muscles=["abs"], equipment=["barbell"], aliases=["Zerch"]
    )
    assert added.is_custom and added.name == "Zercher Carry"
    assert get_exercise(db, "zerch").id == added.id
    assert added in list_exercises(db, custom_only=True)


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("Squat", {"primary_muscles": ["quadriceps"]}, "already names"),
        ("Thing", {"primary_muscles": []}, "primary muscle"),
        ("Thing", {"primary_muscles": ["wings"]}, "unknown muscle"),
        ("Thing", {"primary_muscles": ["abs"], "difficulty": 9}, "difficulty"),
        ("", {"primary_muscles": ["abs"]}, "1 to 100"),
    ],
)
def test_custom_exercise_validation(db, name: str, kwargs: dict, message: str) -> None:  # type: ignore[no-untyped-def, type-arg]
    before = len(list_exercises(db))
    with pytest.raises(InvalidInput, match=message):
        add_custom_exercise(db, name, **kwargs)
    assert len(list_exercises(db)) == before


def test_whole_words_rank_above_pieces_of_words(db) -> None:  # type: ignore[no-untyped-def]
    names = [e.name for e in search_exercises(db, "row", limit=40)]
    assert names.index("Barbell Row") < names.index("Rowing Machine")
    assert search_exercises(db, "bench", limit=1)[0].slug == "barbell-bench-press"


def test_rest_override_drives_the_rest_timer(db) -> None:  # type: ignore[no-untyped-def]
    from halterofit_tui.services.library import set_rest_override
    from halterofit_tui.services.rest import rest_seconds_for

    squat = get_exercise(db, "squat")
    curl = get_exercise(db, "dumbbell curl")
    assert rest_seconds_for(db, squat.id) == 180  # compound default
    assert rest_seconds_for(db, curl.id) == 90  # isolation default
    set_rest_override(db, squat.id, 240)
    assert rest_seconds_for(db, squat.id) == 240
    set_rest_override(db, squat.id, None)
    assert rest_seconds_for(db, squat.id) == 180
    with pytest.raises(InvalidInput, match="3600"):
        set_rest_override(db, squat.id, 99_999)
