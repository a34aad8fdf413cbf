"""Programmes at the service level: the catalogue (built-ins and the lifter's files), enrolling,
the next session with loadable weights, progression applied when its workout is finished, and
adherence.

Weights: the standard kg kit (20 kg bar, pairs down to 1.25 kg) loads any multiple of 2.5 kg;
ties go to the lighter weight.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from halterofit_tui.domain.errors import InvalidInput, NotFound
from halterofit_tui.domain.program_loader import programs_dir
from halterofit_tui.services import programs as programs_service
from halterofit_tui.services.plans import planned_sets
from halterofit_tui.services.profile import set_setting
from halterofit_tui.services.programs import (
    list_programs,
    program_adherence,
    program_status,
    show_program,
    start_next_session,
    start_program,
    stop_program,
    upcoming_session,
    user_programs_dir,
)
from halterofit_tui.services.workouts import (
    SetDetails,
    active_workout,
    finish_workout,
    log_sets,
)
from halterofit_tui.store.engine import Database
from halterofit_tui.store.tables import ProgramEnrollmentRow

MONDAY = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
LINEAR = {"squat": 100, "bench": 60, "row": 50, "press": 40, "deadlift": 120}
MY_PROGRAM = {
    "format": 1,
    "name": "My squat",
    "level": "beginner",
    "progressions": {
        "squat": {
            "exercise": "barbell-back-squat",
            "rule": {"type": "linear", "increment": 5},
        }
    },
    "weeks": [{"sessions": [{"name": "Squat day", "lifts": [
        {"progression": "squat", "sets": 2, "reps": 5, "rest": 180},
        {"exercise": "plank", "sets": 1, "reps": 1},
    ]}]}],
}  # fmt: skip


def write_program(db: Database, key: str, document: object) -> Path:
    folder = user_programs_dir(db.paths)
    folder.mkdir(exist_ok=True)
    path = folder / f"{key}.json"
    path.write_text(json.dumps(document))
    return path


def weights(lift: programs_service.NextLift) -> list[tuple[int, float | None]]:
    return [(s.reps, s.weight) for s in lift.sets]


def do_session(db: Database, at: datetime, *lifts: tuple[str, str]) -> None:
    """Start the next session at `at`, log `lifts` (exercise, notation), finish."""
    start_next_session(db, now=at)
    for offset, (exercise, notation) in enumerate(lifts):
        log_sets(db, exercise, notation=notation, now=at + timedelta(minutes=offset + 1))
    finish_workout(db, now=at + timedelta(hours=1))


# --- the catalogue ------------------------------------------------------------------------------


def test_the_builtins_are_listed_with_their_schedule(db: Database) -> None:
    entries = {e.key: e for e in list_programs(db)}
    assert list(entries) == [
        "531", "gzclp", "linear-3x5", "push-pull-legs", "rpe-strength-block", "upper-lower",
    ]  # fmt: skip
    linear = entries["linear-3x5"]
    assert (linear.name, linear.level, linear.sessions_per_week, linear.weeks) == (
        "Linear 3x5",
        "beginner",
        3,
        2,
    )
    assert (linear.builtin, linear.active, linear.cycles, linear.problems) == (
        True,
        False,
        None,
        (),
    )
    assert entries["rpe-strength-block"].cycles == 3
    assert linear.path == programs_dir() / "linear-3x5.json"


def test_the_lifters_files_are_listed_valid_or_with_every_problem(db: Database) -> None:
    mine = write_program(db, "my-squat", MY_PROGRAM)
    broken = {**MY_PROGRAM, "level": "expert"}
    broken["progressions"] = {"squat": {"exercise": "back-squat", "rule": {"type": "linear"}}}
    write_program(db, "broken", broken)
    shutil.copy(programs_dir() / "531.json", user_programs_dir(db.paths) / "531.json")

    entries = [e for e in list_programs(db) if not e.builtin]

    assert (entries[0].key, entries[0].path) == ("531", user_programs_dir(db.paths) / "531.json")
    assert entries[0].problems == ("a built-in programme is called '531': rename 531.json",)
    assert entries[1].key == "broken"
    assert entries[1].problems == (
        'level: must be one of beginner, intermediate, advanced (got "expert")',
        "progressions.squat.exercise: unknown exercise 'back-squat'"
        " (did you mean 'barbell-back-squat'?)",
        "progressions.squat.rule.increment: missing",
    )
    assert (entries[2].key, entries[2].name, entries[2].path, entries[2].problems) == (
        "my-squat",
        "My squat",
        mine,
        (),
    )
    with pytest.raises(InvalidInput) as caught:
        show_program(db, "broken")
    assert str(caught.value) == "broken.json is not a valid programme: " + "; ".join(
        entries[1].problems
    )


def test_show_gives_the_schedule_the_rules_and_what_to_start_with(db: Database) -> None:
    detail = show_program(db, "Linear 3X5")  # the name, in any case

    assert [(n.key, n.option, n.exercise_name, n.optional) for n in detail.needs] == [
        ("squat", "--weight", "Barbell Back Squat", False),
        ("bench", "--weight", "Barbell Bench Press", False),
        ("row", "--weight", "Barbell Row", False),
        ("press", "--weight", "Overhead Press", False),
        ("deadlift", "--weight", "Conventional Deadlift", False),
    ]
    squat = detail.progressions[0]
    assert squat.rule_text == (
        "+2.5 kg after a session with every rep done; a miss repeats the weight; "
        "3 misses in a row: -10 %"
    )
    (week_one, week_two) = detail.weeks
    assert [s.name for s in week_one.sessions] == ["A", "B", "A"]
    assert [
        (lift.exercise_name, lift.scheme, lift.rest_s) for lift in week_two.sessions[0].lifts
    ] == [
        ("Barbell Back Squat", "3x5", 180),
        ("Overhead Press", "3x5", 180),
        ("Conventional Deadlift", "1x5", 180),
    ]


def test_show_folds_repeated_weeks_and_writes_percentages(db: Database) -> None:
    upper_lower = show_program(db, "upper-lower")
    assert [(w.first_week, w.last_week, w.deload) for w in upper_lower.weeks] == [
        (1, 5, False),
        (6, 6, True),
    ]
    five_three_one = show_program(db, "531")
    assert {(n.option, n.start_percent) for n in five_three_one.needs} == {("--1rm", 90.0)}
    press = five_three_one.weeks[0].sessions[0].lifts[0]
    assert press.scheme == "1x5 @65% TM, 1x5 @75% TM, 1x5+ @85% TM"
    gzclp = show_program(db, "gzclp")
    assert gzclp.weeks[0].sessions[0].lifts[0].scheme == "stages 5x3+ → 6x2+ → 10x1+"
    assert [n.key for n in gzclp.needs if n.optional] == ["t3-pulldown", "t3-row"]


def test_show_an_unknown_programme_lists_the_choices(db: Database) -> None:
    with pytest.raises(NotFound, match="no programme 'stronglifts': choose one of 531, gzclp"):
        show_program(db, "stronglifts")


# --- starting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"weights": {"squat": 100}},
            "'Linear 3x5' needs a starting value (in kg) for each of its main lifts; missing: "
            "--weight bench=... --weight row=... --weight press=... --weight deadlift=...",
        ),
        (
            {"training_maxes": {"squat": 100}},
            "squat: 'Linear 3x5' asks for a working weight (--weight squat=...), not a "
            "training max",
        ),
        (
            {"weights": {**LINEAR, "curl": 20}},
            "'Linear 3x5' has no lift called 'curl': its lifts are squat, bench, row, press, "
            "deadlift",
        ),
        (
            {"weights": {**LINEAR, "squat": 2000}},
            "squat: a starting value must be above 0 and at most 1000 kg",
        ),
    ],
)
def test_start_refuses_with_one_clear_message(
    db: Database, given: dict[str, dict[str, float]], message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        start_program(db, "linear-3x5", **given)  # type: ignore[arg-type]
    assert str(caught.value) == message
    with pytest.raises(NotFound):
        program_status(db)


def test_start_takes_the_lifters_unit_and_rounds_to_their_plates(db: Database) -> None:
    set_setting(db, "unit", "lb")
    pounds = {"squat": 223, "bench": 135, "row": 115, "press": 95, "deadlift": 275}
    status = start_program(db, "linear-3x5", weights=pounds, today=date(2026, 3, 2))

    squat = status.tracks[0]
    # 223 lb is not loadable with 45 lb plates down to 2 x 2.5 lb: 225 lb is, kept in kg.
    assert (squat.key, squat.value_kg) == ("squat", pytest.approx(225 * 0.45359237))
    assert (status.unit, status.started_on, status.status) == ("lb", date(2026, 3, 2), "active")


def test_a_training_max_programme_starts_at_its_share_of_the_one_rep_max(db: Database) -> None:
    maxes = {"squat": 150, "bench": 100, "press": 60, "deadlift": 200}
    status = start_program(db, "531", one_rep_maxes=maxes)
    assert {t.key: (t.label, t.value_kg) for t in status.tracks} == {
        "press": ("training max", 54.0),
        "deadlift": ("training max", 180.0),
        "bench": ("training max", 90.0),
        "squat": ("training max", 135.0),
    }
    press = upcoming_session(db).lifts[0]
    # 65/75/85 % of the 54 kg training max: 35.1, 40.5, 45.9 on a 2.5 kg grid.
    assert weights(press) == [(5, 35.0), (5, 40.0), (5, 45.0)]
    assert [s.plates for s in press.sets] == [(5.0, 2.5), (10.0,), (10.0, 2.5)]


def test_a_second_programme_needs_replace_and_stops_the_first(db: Database) -> None:
    start_program(db, "linear-3x5", weights=LINEAR, today=date(2026, 3, 2))
    with pytest.raises(InvalidInput) as caught:
        start_program(db, "531", one_rep_maxes={"squat": 150})
    assert str(caught.value) == (
        "'Linear 3x5' is already in progress (since 2026-03-02); stop it with "
        "`halterofit program stop`, or start with --replace"
    )
    write_program(db, "my-squat", MY_PROGRAM)
    status = start_program(
        db, "my-squat", weights={"squat": 80}, replace=True, today=date(2026, 3, 9)
    )

    assert (status.program_key, status.program_name) == ("my-squat", "My squat")
    with db.session() as session:
        rows = session.exec(
            select(ProgramEnrollmentRow).order_by(col(ProgramEnrollmentRow.started_on))
        ).all()
        assert [(r.program_key, r.status, r.ended_on) for r in rows] == [
            ("linear-3x5", "stopped", date(2026, 3, 9)),
            ("my-squat", "active", None),
        ]
    assert [e.key for e in list_programs(db) if e.active] == ["my-squat"]


def test_the_programme_as_started_is_kept_when_its_file_changes(db: Database) -> None:
    path = write_program(db, "my-squat", MY_PROGRAM)
    start_program(db, "my-squat", weights={"squat": 80})
    path.write_text("{}")
    (squat, plank) = upcoming_session(db).lifts
    assert (weights(squat), weights(plank)) == ([(5, 80.0), (5, 80.0)], [(1, None)])


# --- the next session, logged and finished ----------------------------------------------------


def test_finishing_the_next_session_advances_its_weights_by_the_rule(db: Database) -> None:
    start_program(db, "linear-3x5", weights=LINEAR, today=MONDAY.date())
    upcoming = upcoming_session(db)
    assert (upcoming.name, upcoming.week, upcoming.day) == ("A", 1, 1)
    assert [weights(lift) for lift in upcoming.lifts] == [
        [(5, 100.0)] * 3,
        [(5, 60.0)] * 3,
        [(5, 50.0)] * 3,
    ]

    workout = start_next_session(db, now=MONDAY)
    assert workout.name == "A (Linear 3x5, week 1 day 1)"
    log_sets(db, "bench", notation="40x10", details=SetDetails(set_type="warmup"), now=MONDAY)
    log_sets(db, "squat", notation="100x5x3", now=MONDAY)
    log_sets(db, "bench", notation="60x5 60x5 60x4", now=MONDAY)  # one rep short
    log_sets(db, "barbell row", notation="50x5x3", now=MONDAY)
    assert all(v.done for v in planned_sets(db, workout.id))
    finish_workout(db, now=MONDAY + timedelta(hours=1))

    following = upcoming_session(db)
    assert (following.name, following.week, following.day) == ("B", 1, 2)
    # Squat +2.5; press and deadlift untouched until their session.
    assert [weights(lift) for lift in following.lifts] == [
        [(5, 102.5)] * 3,
        [(5, 40.0)] * 3,
        [(5, 120.0)],
    ]
    status = program_status(db, today=MONDAY.date())
    assert {t.key: (t.value_kg, t.failures) for t in status.tracks} == {
        "squat": (102.5, 0),
        "bench": (60.0, 1),  # the warm-up did not count as a work set
        "row": (52.5, 0),
        "press": (40.0, 0),
        "deadlift": (120.0, 0),
    }
    assert (status.sessions_done, status.week, status.day, status.next_session) == (1, 1, 2, "B")


def test_skipped_and_unplanned_lifts_leave_their_progression_alone(db: Database) -> None:
    start_program(db, "linear-3x5", weights=LINEAR, today=MONDAY.date())
    do_session(db, MONDAY, ("squat", "100x5x3"), ("dumbbell curl", "20x10"))

    assert {t.key: t.value_kg for t in program_status(db).tracks} == {
        "squat": 102.5,
        "bench": 60.0,
        "row": 50.0,
        "press": 40.0,
        "deadlift": 120.0,
    }


def test_a_miss_moves_a_stages_lift_to_its_next_stage(db: Database) -> None:
    start_values = {
        "t1-squat": 100, "t1-bench": 70, "t1-press": 45, "t1-deadlift": 120,
        "t2-squat": 70, "t2-bench": 50, "t2-press": 30, "t2-deadlift": 90,
    }  # fmt: skip
    start_program(db, "gzclp", weights=start_values)
    t1_squat = upcoming_session(db).lifts[0]
    assert [(s.reps, s.amrap, s.weight) for s in t1_squat.sets] == [(3, False, 100.0)] * 4 + [
        (3, True, 100.0)
    ]
    do_session(db, MONDAY, ("squat", "100x3x4 100x2"))

    squat = next(t for t in program_status(db).tracks if t.key == "t1-squat")
    assert (squat.value_kg, squat.stage, squat.stage_scheme) == (100.0, 2, "6x2+")


def test_back_off_sets_follow_the_top_set_once_it_is_logged(db: Database) -> None:
    start_program(db, "rpe-strength-block", one_rep_maxes={"squat": 200, "bench": 140,
                                                           "deadlift": 240})  # fmt: skip
    top, backoff, *_ = upcoming_session(db).lifts
    # 5 @ RPE 7 is 78.6 % on the RTS chart: 157.2 -> 157.5; back-offs 72 % of 200 = 144 -> 145.
    assert (weights(top), weights(backoff)) == ([(5, 157.5)], [(5, 145.0)] * 3)
    workout = start_next_session(db, now=MONDAY)
    log_sets(db, "squat", notation="150x5@7", now=MONDAY)

    views = [v for v in planned_sets(db, workout.id) if v.exercise_name == "Barbell Back Squat"]
    # Today's e1RM 150 / 0.786 = 190.84; 72 % of it = 137.40 -> 137.5.
    assert [(v.set_number, v.weight_kg, v.done) for v in views] == [
        (1, 157.5, True),
        (2, 137.5, False),
        (3, 137.5, False),
        (4, 137.5, False),
    ]
    log_sets(db, "squat", notation="137.5x5x3", now=MONDAY)
    finish_workout(db, now=MONDAY + timedelta(hours=1))
    squat = next(t for t in program_status(db).tracks if t.key == "squat")
    assert (squat.label, squat.value_kg) == ("estimated 1RM", pytest.approx(150 / 0.786))


def test_progression_is_part_of_the_finish_transaction(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_program(db, "linear-3x5", weights=LINEAR)
    start_next_session(db, now=MONDAY)
    log_sets(db, "squat", notation="100x5x3", now=MONDAY)

    def broken(*_: object) -> None:
        raise InvalidInput("the rules could not be applied")

    monkeypatch.setattr(programs_service, "apply_result", broken)
    with pytest.raises(InvalidInput, match="the rules could not be applied"):
        finish_workout(db, now=MONDAY + timedelta(hours=1))

    detail = active_workout(db)
    assert detail is not None and detail.workout.status == "in_progress"
    assert program_status(db).sessions_done == 0


def test_a_workout_of_a_stopped_programme_finishes_without_changing_it(db: Database) -> None:
    start_program(db, "linear-3x5", weights=LINEAR, today=MONDAY.date())
    start_next_session(db, now=MONDAY)
    log_sets(db, "squat", notation="100x5x3", now=MONDAY)
    stopped = stop_program(db, today=MONDAY.date())
    assert (stopped.status, stopped.ended_on) == ("stopped", MONDAY.date())

    finish_workout(db, now=MONDAY + timedelta(hours=1))

    with db.session() as session:
        (row,) = session.exec(select(ProgramEnrollmentRow)).all()
        assert row.state["sessions_done"] == 0
    with pytest.raises(NotFound, match="no programme in progress"):
        upcoming_session(db)
    with pytest.raises(NotFound, match="no programme in progress"):
        stop_program(db)


def test_a_programme_with_cycles_finishes_after_the_last_session(db: Database) -> None:
    document = {**MY_PROGRAM, "cycles": 1}
    write_program(db, "once", document)
    start_program(db, "once", weights={"squat": 80}, today=MONDAY.date())
    do_session(db, MONDAY, ("squat", "80x5x2"))

    status = program_adherence(db)
    assert (status.done, status.this_week) == (1, None)
    with pytest.raises(NotFound):
        program_status(db)
    with db.session() as session:
        (row,) = session.exec(select(ProgramEnrollmentRow)).all()
        assert (row.status, row.ended_on) == ("finished", MONDAY.date())


# --- adherence ----------------------------------------------------------------------------------


def test_adherence_counts_sessions_per_week_of_the_programme(db: Database) -> None:
    set_setting(db, "timezone", "UTC")
    start_program(db, "linear-3x5", weights=LINEAR, today=date(2026, 3, 2))
    days = [2, 4, 9, 16, 17, 18, 19]  # March: two in week 1, one in week 2, four in week 3
    for day in days:
        do_session(db, datetime(2026, 3, day, 17, tzinfo=UTC), ("squat", "60x5"))

    adherence = program_adherence(db, today=date(2026, 3, 20))

    assert [(w.week, w.start, w.end, w.planned, w.done) for w in adherence.by_week] == [
        (1, date(2026, 3, 2), date(2026, 3, 8), 3, 2),
        (2, date(2026, 3, 9), date(2026, 3, 15), 3, 1),
        (3, date(2026, 3, 16), date(2026, 3, 22), 3, 4),
    ]
    # The fourth session of week 3 does not make up for the ones missed before: (2+1+3)/9.
    assert (adherence.planned, adherence.done, adherence.rate) == (9, 7, pytest.approx(6 / 9))
    assert adherence.this_week == adherence.by_week[-1]
    assert program_status(db, today=date(2026, 3, 20)).adherence == adherence


def test_adherence_without_any_programme_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="no programme enrollment"):
        program_adherence(db)
