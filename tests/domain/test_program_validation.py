"""User programmes are refused with the path to each bad field, and every problem is listed."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.program_loader import (
    InvalidProgram,
    load_program_file,
    parse_program,
    read_program_document,
)
from halterofit_tui.domain.programs import LinearRule, SetSpec, Stage, StagesRule

SLUGS = frozenset({"barbell-back-squat", "barbell-bench-press", "chin-up", "conventional-deadlift"})
LIFTS = "weeks[2].sessions[0].lifts"


def valid() -> dict[str, Any]:
    """Three weeks of one session: bench by the set, squat 3x5 at 80 %, chin-ups."""
    week = {
        "sessions": [
            {
                "name": "Day",
                "lifts": [
                    {"progression": "bench", "sets": [
                        {"reps": 5, "percent": 70}, {"reps": 5, "percent": 80, "amrap": True}]},
                    {"progression": "squat", "sets": 3, "reps": 5, "percent": 80, "rest": 180},
                    {"exercise": "chin-up", "sets": 3, "reps": 8, "rpe": 8, "note": "Strict"},
                ],
            }
        ]
    }  # fmt: skip
    return {
        "format": 1,
        "name": "Valid",
        "level": "intermediate",
        "description": "A test programme.",
        "progressions": {
            "squat": {
                "exercise": "barbell-back-squat",
                "rule": {"type": "training_max", "increment": 5},
            },
            "bench": {
                "exercise": "barbell-bench-press",
                "start": {"given": "one_rep_max", "percent": 90},
                "rule": {"type": "training_max", "increment": 2.5, "deload_percent": 10},
            },
        },
        "weeks": [copy.deepcopy(week) for _ in range(3)],
    }


def problems_of(change: Callable[[dict[str, Any]], object]) -> tuple[str, ...]:
    document = valid()
    change(document)
    with pytest.raises(InvalidProgram) as raised:
        parse_program(document, SLUGS)
    return raised.value.problems


def lift(document: dict[str, Any], index: int) -> dict[str, Any]:
    found: dict[str, Any] = document["weeks"][2]["sessions"][0]["lifts"][index]
    return found


def test_the_valid_document_parses() -> None:
    program = parse_program(valid(), SLUGS)
    assert program.name == "Valid" and program.level == "intermediate"
    assert program.cycles is None  # repeats until stopped
    bench, squat, chin_ups = program.weeks[2].sessions[0].lifts
    assert bench.sets == (SetSpec(5, percent=70.0), SetSpec(5, percent=80.0, amrap=True))
    assert squat.sets == (SetSpec(5, percent=80.0),) * 3 and squat.rest_s == 180
    assert (chin_ups.exercise, chin_ups.progression, chin_ups.note) == ("chin-up", None, "Strict")
    assert chin_ups.sets[0].rpe == 8.0
    assert program.progressions["bench"].given == "one_rep_max"
    assert program.progressions["bench"].start_percent == 90.0


def test_a_repeated_week_appears_that_many_times() -> None:
    document = valid()
    document["weeks"] = [document["weeks"][0] | {"repeat": 5}, document["weeks"][1]]
    document["weeks"][1]["deload"] = True
    program = parse_program(document, SLUGS)
    assert [week.deload for week in program.weeks] == [False] * 5 + [True]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        # Out-of-range numbers
        (lambda d: lift(d, 1).update(percent=-5),
         f"{LIFTS}[1].percent: must be between 0 and 150 (got -5)"),
        (lambda d: lift(d, 1).update(percent=151),
         f"{LIFTS}[1].percent: must be between 0 and 150 (got 151)"),
        (lambda d: lift(d, 0)["sets"][1].update(percent=0),
         f"{LIFTS}[0].sets[1].percent: must be between 0 and 150 (got 0)"),
        (lambda d: lift(d, 1).update(sets=0),
         f"{LIFTS}[1].sets: must be a whole number from 1 to 20 (got 0)"),
        (lambda d: lift(d, 1).update(reps=[12, 8]),
         f"{LIFTS}[1].reps: must be a whole number from 1 to 100 or a range [low, high] with "
         "low below high (got [12, 8])"),
        (lambda d: lift(d, 2).update(rpe=8.3),
         f"{LIFTS}[2].rpe: must be from 1 to 10 in steps of 0.5 (got 8.3)"),
        (lambda d: lift(d, 1).update(rest=-1),
         f"{LIFTS}[1].rest: must be a whole number from 0 to 1800 (got -1)"),
        (lambda d: d["progressions"]["squat"]["rule"].update(increment=-2.5),
         "progressions.squat.rule.increment: must be a number more than 0 and at most 50 "
         "(got -2.5)"),
        # Missing fields
        (lambda d: d.pop("name"), "name: missing"),
        (lambda d: lift(d, 1).pop("sets"), f"{LIFTS}[1].sets: missing"),
        (lambda d: lift(d, 1).pop("reps"), f"{LIFTS}[1].reps: missing"),
        (lambda d: lift(d, 0)["sets"][0].pop("reps"), f"{LIFTS}[0].sets[0].reps: missing"),
        (lambda d: d["progressions"]["squat"]["rule"].pop("increment"),
         "progressions.squat.rule.increment: missing"),
        (lambda d: lift(d, 1).pop("percent"),
         f"{LIFTS}[1].percent: missing (a lift on the training max 'squat' needs a "
         "percentage of it)"),
        (lambda d: lift(d, 2).pop("exercise"),
         f"{LIFTS}[2]: needs an exercise, or a progression to follow"),
        # Unknown names
        (lambda d: d["progressions"]["squat"].update(exercise="back-squat"),
         "progressions.squat.exercise: unknown exercise 'back-squat' (did you mean "
         "'barbell-back-squat'?)"),
        (lambda d: lift(d, 2).update(exercise="moonwalk"),
         f"{LIFTS}[2].exercise: unknown exercise 'moonwalk' (use a slug from the exercise "
         "library)"),
        (lambda d: lift(d, 1).update(progression="sqat"),
         f"{LIFTS}[1].progression: unknown progression 'sqat' (this programme has: bench, "
         "squat)"),
        (lambda d: d["progressions"]["squat"]["rule"].update(type="linar"),
         'progressions.squat.rule.type: unknown rule type "linar" (use one of linear, double, '
         "stages, training_max, rpe)"),
        (lambda d: d["progressions"]["squat"]["rule"].pop("type"),
         "progressions.squat.rule.type: missing (use one of linear, double, stages, "
         "training_max, rpe)"),
        (lambda d: lift(d, 1).update(percnt=80),
         f"{LIFTS}[1].percnt: unknown field (did you mean 'percent'?)"),
        (lambda d: d.update(author="me"), "author: unknown field"),
        # Empty lists
        (lambda d: d.update(weeks=[]), "weeks: must not be empty"),
        (lambda d: d["weeks"][0].update(sessions=[]), "weeks[0].sessions: must not be empty"),
        (lambda d: d["weeks"][1]["sessions"][0].update(lifts=[]),
         "weeks[1].sessions[0].lifts: must not be empty"),
        (lambda d: lift(d, 0).update(sets=[]), f"{LIFTS}[0].sets: must not be empty"),
        # Wrong types
        (lambda d: lift(d, 1).update(sets="three"),
         f'{LIFTS}[1].sets: must be a whole number from 1 to 20 (got "three")'),
        (lambda d: d.update(level="expert"),
         'level: must be one of beginner, intermediate, advanced (got "expert")'),
        (lambda d: d.update(format=2),
         "format: must be 1, the version this Halterofit reads (got 2)"),
        (lambda d: d["weeks"].append("week four"),
         'weeks[3]: must be an object (got "week four")'),
        (lambda d: d["weeks"][0].update(deload="yes"),
         'weeks[0].deload: must be true or false (got "yes")'),
    ],
)  # fmt: skip
def test_each_bad_field_is_named_by_its_path(
    change: Callable[[dict[str, Any]], object], problem: str
) -> None:
    assert problems_of(change) == (problem,)


def test_an_unknown_slug_suggests_the_exercise_containing_its_words_over_a_near_spelling() -> None:
    document = valid()
    document["progressions"]["squat"]["exercise"] = "back-squat"
    with pytest.raises(InvalidProgram) as refused:
        parse_program(document, SLUGS | {"hack-squat"})
    expected = "unknown exercise 'back-squat' (did you mean 'barbell-back-squat'?)"
    assert expected in str(refused.value)


def test_not_an_object_at_all() -> None:
    with pytest.raises(InvalidProgram, match=r"^the programme: must be an object \(got \[\]\)$"):
        parse_program([], SLUGS)


def test_every_problem_is_listed_and_the_message_counts_them() -> None:
    def break_three(document: dict[str, Any]) -> None:
        document.pop("name")
        lift(document, 1)["percent"] = -5
        lift(document, 2)["exercise"] = "chinup"

    with pytest.raises(InvalidProgram) as raised:
        document = valid()
        break_three(document)
        parse_program(document, SLUGS)
    assert raised.value.problems == (
        "name: missing",
        f"{LIFTS}[1].percent: must be between 0 and 150 (got -5)",
        f"{LIFTS}[2].exercise: unknown exercise 'chinup' (did you mean 'chin-up'?)",
    )
    assert str(raised.value) == "name: missing (and 2 more problems)"
    assert isinstance(raised.value, InvalidInput)  # the CLI shows it as refused input


# --- rule-specific checks -------------------------------------------------------------------


def with_progression(
    key: str, progression: dict[str, Any], *lifts: dict[str, Any]
) -> dict[str, Any]:
    document = valid()
    document["progressions"][key] = progression
    for week in document["weeks"]:
        week["sessions"][0]["lifts"].extend(copy.deepcopy(list(lifts)))
    return document


def problems(document: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(InvalidProgram) as raised:
        parse_program(document, SLUGS)
    return raised.value.problems


def deadlift(rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"exercise": "conventional-deadlift", "rule": rule, **extra}


NEW_LIFT = "weeks[0].sessions[0].lifts[3]"
LINEAR = {"type": "linear", "increment": 5}
DOUBLE = {"type": "double", "increment": 5}
STAGES = {"type": "stages", "increment": 5, "stages": [{"sets": 5, "reps": 3, "amrap": True}],
          "deload_percent": 15}  # fmt: skip
RPE = {"type": "rpe"}


@pytest.mark.parametrize(
    ("progression", "lifts", "problem"),
    [
        (deadlift(DOUBLE), [{"progression": "dl", "sets": 3, "reps": 5}],
         f"{NEW_LIFT}.reps: a double progression needs a rep range such as [8, 12] (got 5)"),
        (deadlift(LINEAR), [{"progression": "dl", "sets": 3, "reps": [5, 8]}],
         f"{NEW_LIFT}.reps: a linear progression needs a fixed rep count"),
        (deadlift(DOUBLE), [{"progression": "dl", "sets": 3, "reps": [5, 8], "amrap": True}],
         f"{NEW_LIFT}.amrap: an AMRAP set needs a fixed rep count, not a range"),
        (deadlift(STAGES), [{"progression": "dl", "sets": 3}],
         f"{NEW_LIFT}.sets: not allowed: the stages progression 'dl' sets the sets and reps"),
        (deadlift(LINEAR), [{"progression": "dl", "sets": 1, "reps": 5},
                            {"progression": "dl", "sets": 1, "reps": 5}],
         "weeks[0].sessions[0].lifts[4].progression: 'dl' already has a lift in this session (a "
         "weight-based progression can only be judged once per session)"),
        (deadlift(RPE), [{"progression": "dl", "sets": 3, "reps": 5}],
         f"{NEW_LIFT}: a lift on the rpe progression 'dl' needs rpe (a top set), percent (of the "
         "estimated 1RM) or backoff_percent (of today's top set)"),
        (deadlift(RPE), [{"progression": "dl", "sets": 3, "reps": 5, "backoff_percent": 80}],
         f"{NEW_LIFT}.backoff_percent: needs a top set of 'dl' (a set with an rpe) earlier in "
         "the session"),
        (deadlift(LINEAR), [{"progression": "dl", "sets": 3, "reps": 5, "backoff_percent": 80}],
         f"{NEW_LIFT}.backoff_percent: back-off sets need an rpe progression (they take a "
         "percentage of the day's top set)"),
        (deadlift(RPE), [{"progression": "dl", "sets": 1, "reps": 5, "rpe": 5}],
         f"{NEW_LIFT}.rpe: a top set's RPE must be from 6 to 10 (the RPE chart's range; got 5)"),
        (deadlift(RPE), [{"progression": "dl", "sets": 1, "reps": 15, "rpe": 8}],
         f"{NEW_LIFT}.reps: a top set at an RPE needs a fixed rep count from 1 to 12 (the RPE "
         "chart's range)"),
        (deadlift(RPE), [{"progression": "dl", "sets": 1, "reps": 5, "rpe": 8, "percent": 80,
                          "backoff_percent": 70}],
         f"{NEW_LIFT}.backoff_percent: give either percent or backoff_percent"),
        (deadlift(LINEAR), [{"exercise": "conventional-deadlift", "sets": 3, "reps": 5,
                             "percent": 80}],
         f"{NEW_LIFT}.percent: needs a progression to take a percentage of"),
        (deadlift(LINEAR), [{"progression": "dl", "exercise": "conventional-deadlift",
                             "sets": 3, "reps": 5}],
         f"{NEW_LIFT}.exercise: give either exercise or progression: a progression names its "
         "own exercise"),
        (deadlift(LINEAR), [{"progression": "dl", "sets": [{"reps": 5}], "amrap": True}],
         f"{NEW_LIFT}.amrap: with a list of sets, mark the AMRAP set itself"),
        (deadlift(LINEAR), [],
         "progressions.dl: not used by any lift"),
        (deadlift(LINEAR, start={"given": "training_max"}), [{"progression": "dl", "sets": 1,
                                                             "reps": 5}],
         "progressions.dl.start.given: must be one of weight, one_rep_max (got \"training_max\")"),
        (deadlift({"type": "training_max", "increment": 5}, start={"optional": True}),
         [{"progression": "dl", "sets": 1, "reps": 5, "percent": 80}],
         "progressions.dl.start.optional: only weight-based progressions (linear, double, "
         "stages) can start without a value: percentages need a number to take them of"),
        (deadlift(STAGES | {"restart_increment": 5}), [{"progression": "dl"}],
         "progressions.dl.rule: give deload_percent (restart the first stage that much lighter) "
         "or restart_increment (restart it at its last weight plus this), not both or neither"),
        (deadlift(LINEAR | {"deload_percent": 100}), [{"progression": "dl", "sets": 1, "reps": 5}],
         "progressions.dl.rule.deload_percent: must be between 0 and 99 (got 100)"),
        (deadlift(STAGES | {"stages": [{"sets": 5}]}), [{"progression": "dl"}],
         "progressions.dl.rule.stages[0].reps: missing"),
    ],
)  # fmt: skip
def test_rule_specific_problems(
    progression: dict[str, Any], lifts: list[dict[str, Any]], problem: str
) -> None:
    assert problems(with_progression("dl", progression, *lifts))[0] == problem


def test_progression_names_are_checked() -> None:
    document = with_progression("Dead Lift", deadlift(LINEAR))
    assert problems(document) == (
        "progressions.Dead Lift: names must be lower-case letters, digits and hyphens",
    )


def test_rules_are_read_with_their_settings() -> None:
    document = with_progression(
        "dl",
        deadlift({"type": "linear", "increment": 5, "deload_after_failures": 3,
                  "amrap_reps_to_progress": 25}, loading="steps",
                 start={"given": "weight", "optional": True}),
        {"progression": "dl", "sets": 3, "reps": 15, "amrap": True},
    )  # fmt: skip
    document["progressions"]["t1"] = deadlift(STAGES)
    document["weeks"][0]["sessions"][0]["lifts"].append({"progression": "t1"})
    document["weeks"][1]["sessions"][0]["lifts"].append({"progression": "t1"})
    program = parse_program(document, SLUGS)
    dl = program.progressions["dl"]
    assert dl.rule == LinearRule(5.0, 3, 10.0, 25)
    assert (dl.loading, dl.given, dl.optional) == ("steps", "weight", True)
    assert program.progressions["t1"].rule == StagesRule((Stage(5, 3, amrap=True),), 5.0, 15.0)
    assert program.weeks[0].sessions[0].lifts[4].sets == ()  # the stage decides


# --- reading files --------------------------------------------------------------------------


def test_a_programme_file_is_read_and_validated(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text("\ufeff" + json.dumps(valid()), encoding="utf-8")  # a BOM is fine
    assert load_program_file(path, SLUGS).name == "Valid"
    document = valid()
    lift(document, 1)["percent"] = -5
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InvalidProgram, match=r"lifts\[1\]\.percent: must be between 0 and 150"):
        load_program_file(path, SLUGS)


def test_broken_json_and_missing_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "name": "Broken"\n  "level": "beginner"\n}', encoding="utf-8")
    with pytest.raises(
        InvalidInput,
        match=r"broken.json is not valid JSON: Expecting ',' delimiter at line 3, column 3",
    ):
        read_program_document(path)
    with pytest.raises(NotFound, match="no programme file at"):
        read_program_document(tmp_path / "absent.json")
