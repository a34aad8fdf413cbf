"""Parsing Strong, Hevy and FitNotes exports: the real files in shared/ and hand-made quirks."""

from __future__ import annotations

import codecs
import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.imports import decode_export, detect_format, parse_export
from halterofit_tui.domain.imports.model import ImportedSet, ParsedExport, UnitNeeded
from halterofit_tui.domain.units import Unit, from_kg
from tests.real_exports import fitnotes_figures, hevy_figures, real_export, strong_figures

FIXTURES = Path(__file__).parent / "import_fixtures"
LB = 0.45359237  # kg, exact by definition
MILE = 1609.344  # m, exact by definition


def load(name: str, unit: Unit | None = None, fmt: str = "auto") -> ParsedExport:
    return parse_export(decode_export((FIXTURES / name).read_bytes()), fmt, unit)


def all_sets(parsed: ParsedExport) -> list[ImportedSet]:
    return [s for w in parsed.workouts for s in w.sets]


def totals(parsed: ParsedExport) -> tuple[int, int, int, float]:
    sets = all_sets(parsed)
    return (
        len(parsed.workouts),
        len(sets),
        sum(s.reps for s in sets),
        sum(s.weight_kg * s.reps for s in sets),
    )


# --- the real exports, checked against figures computed here from the raw CSV ---------------


def test_real_strong_export_in_pounds() -> None:
    path = real_export("strong-lbs.csv")
    expected = strong_figures(path)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    parsed = parse_export(decode_export(path.read_bytes()), unit="lb")

    assert parsed.format == "strong"
    assert parsed.problems == ()
    assert parsed.rows == expected.rows
    assert parsed.ignored_rows == expected.rows - expected.sets
    workouts, set_count, reps, volume = totals(parsed)
    assert (workouts, set_count, reps) == (expected.workouts, expected.sets, expected.reps)
    assert volume == pytest.approx(expected.volume_kg, rel=1e-12)
    tags = {"W": "warmup", "D": "drop", "F": "failure"}
    kept = [
        r
        for r in rows
        if r["Set Order"] not in ("Rest Timer", "Note")
        and (float(r["Reps"]) > 0 or float(r["Seconds"]) > 0 or float(r["Distance"]) > 0)
    ]
    expected_types = sorted(tags.get(r["Set Order"], "working") for r in kept)
    assert sorted(s.set_type for s in all_sets(parsed)) == expected_types
    rests = sum(1 for s in all_sets(parsed) if s.rest_seconds is not None)
    assert 0 < rests <= sum(1 for r in rows if r["Set Order"] == "Rest Timer")


def test_real_hevy_export() -> None:
    path = real_export("hevy-kg.csv")
    expected = hevy_figures(path)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    parsed = parse_export(decode_export(path.read_bytes()))

    assert parsed.format == "hevy"
    assert parsed.problems == ()
    assert parsed.rows == expected.rows
    workouts, set_count, reps, volume = totals(parsed)
    assert (workouts, set_count, reps) == (expected.workouts, expected.sets, expected.reps)
    assert volume == pytest.approx(expected.volume_kg, rel=1e-12)
    bodyweight = [r for r in rows if not r["weight_kg"] and int(r["reps"] or 0) > 0]
    assert sum(s.is_bodyweight for s in all_sets(parsed)) == len(bodyweight)
    # Hevy writes a newline in a note as backslash-n: the note comes back on two lines.
    notes = {note for w in parsed.workouts for _, note in w.exercise_notes}
    assert "primeira vez fazendo\naprovadissimo ✅" in notes


def test_real_fitnotes_export_with_unquoted_commas() -> None:
    path = real_export("fitnotes-kg.csv")
    expected = fitnotes_figures(path)
    with path.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    split = [r for r in rows if len(r) > len(header)]
    repaired_names = {",".join(r[1 : len(r) - 7]) for r in split}

    parsed = parse_export(decode_export(path.read_bytes()))

    assert parsed.format == "fitnotes"
    assert parsed.problems == ()
    assert parsed.rows == expected.rows
    assert parsed.repaired_rows == len(split) > 0
    workouts, set_count, reps, volume = totals(parsed)
    assert (workouts, set_count, reps) == (expected.workouts, expected.sets, expected.reps)
    assert volume == pytest.approx(expected.volume_kg, rel=1e-12)
    assert "Overhead Press (Each Side, Dumbbells)" in repaired_names
    assert repaired_names <= {s.exercise_name for s in all_sets(parsed)}


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + b"Date,Reps\r\n2024,5\r\n", "Date,Reps\n2024,5\n"),
        (codecs.BOM_UTF16_LE + "a,é\r\n".encode("utf-16-le"), "a,é\n"),
        (codecs.BOM_UTF16_BE + "a,é\rb\n".encode("utf-16-be"), "a,é\nb\n"),
        ("Café 💪\n".encode(), "Café 💪\n"),
        (b"Caf\xe9,\x80\r", "Café,€\n"),  # not UTF-8: Windows-1252
    ],
)
def test_decode_export(data: bytes, text: str) -> None:
    assert decode_export(data) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary"),
        (b"\x89PNG\r\n\x1a\n", "binary"),
        (b"Date\x81\x8d", "encoding"),  # neither UTF-8 nor Windows-1252
    ],
)
def test_decode_export_refuses_what_is_not_text(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        decode_export(data)


# --- detecting the format -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("strong-12col.csv", "strong"),
        ("strong-10col.csv", "strong"),
        ("strong-semicolon-units.csv", "strong"),
        ("strong6-note-rows.csv", "strong"),
        ("hevy-lbs-crlf-bom.csv", "hevy"),
        ("fitnotes-new.csv", "fitnotes"),
        ("fitnotes-old-lbs.csv", "fitnotes"),
    ],
)
def test_detect_format(name: str, fmt: str) -> None:
    assert detect_format(decode_export((FIXTURES / name).read_bytes())) == fmt


def test_an_unknown_file_names_the_formats_and_columns_expected() -> None:
    with pytest.raises(InvalidInput) as caught:
        detect_format("Name,Amount\nCoffee,3\n")
    message = str(caught.value)
    assert "(header: Name, Amount)" in message
    for expected in ("Strong", "Set Order", "Hevy", "exercise_title", "FitNotes", "Category"):
        assert expected in message
    with pytest.raises(InvalidInput, match="not a Strong, Hevy or FitNotes export"):
        parse_export("Name,Amount\nCoffee,3\n")


def test_a_forced_format_that_does_not_fit_says_what_is_missing() -> None:
    hevy = decode_export((FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes())
    with pytest.raises(InvalidInput) as caught:
        parse_export(hevy, "strong", "kg")
    assert str(caught.value).startswith(
        "not a Strong export: missing column(s) Date, Exercise Name, Set Order, Weight (found: "
        "title, start_time,"
    )
    with pytest.raises(InvalidInput, match="unknown format 'csv'"):
        parse_export(hevy, "csv")
    with pytest.raises(InvalidInput, match="empty"):
        parse_export("\n\n")


FIXTURE_NAMES = sorted(p.name for p in FIXTURES.glob("*.csv"))
MANGLES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=6),
        st.sampled_from(['"', ",", ";", "\n", "\r\n", "\ufeff", "-", "x", "", "1e9", "nan", "\t"]),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(FIXTURE_NAMES), mangles=MANGLES, unit=st.sampled_from(["kg", "lb"]))
def test_mangled_exports_give_problems_never_a_crash(
    name: str, mangles: list[tuple[int, int, str]], unit: Unit
) -> None:
    text = decode_export((FIXTURES / name).read_bytes())
    for position, cut, insert in mangles:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
    try:
        parsed = parse_export(text, unit=unit)
    except InvalidInput:
        return  # the header no longer names a known layout: refused with a message
    sets = all_sets(parsed)
    assert parsed.rows == len(sets) + len(parsed.problems) + parsed.ignored_rows
    assert len({s.source_key for s in sets}) == len(sets)
    line_count = text.count("\n") + 1
    assert all(1 < p.line <= line_count for p in parsed.problems)


# --- Strong -------------------------------------------------------------------------------------


def test_strong_12_columns_in_pounds() -> None:
    parsed = load("strong-12col.csv", "lb")

    assert (parsed.rows, parsed.ignored_rows, parsed.problems) == (11, 3, ())
    push, run, quick = parsed.workouts
    assert (push.name, push.day) == ("Push Day", date(2024, 3, 4))
    assert push.started_at == datetime(2024, 3, 4, 18, 0)
    assert push.ended_at == datetime(2024, 3, 4, 19, 38)  # 1h 38m
    assert push.notes == "felt strong"
    assert push.exercise_notes == (("Bench Press (Barbell)", "pause the first rep"),)
    rows = [
        (s.line, s.exercise_name, s.set_type, s.reps, s.rpe, s.rest_seconds, s.duration_s)
        for s in push.sets
    ]
    assert rows == [
        (2, "Bench Press (Barbell)", "warmup", 10, None, None, None),
        # The rest timer after a set is the rest before the next one.
        (4, "Bench Press (Barbell)", "working", 5, 8.5, 90, None),
        (6, "Bench Press (Barbell)", "failure", 3, 10.0, 180, None),
        # Line 7 (F, 245 lb x 0) is a failed attempt that records no work: ignored.
        (8, "Bench Press (Barbell)", "drop", 12, None, None, None),
        (9, "Pull Up", "working", 8, None, None, None),
        (10, "Plank", "working", 0, None, None, 60),
    ]
    bench = push.sets[1]
    assert bench.weight_kg == 225 * LB
    assert bench.entered_unit == "lb"
    assert from_kg(bench.weight_kg, "lb") == 225.0
    assert [s.is_bodyweight for s in push.sets] == [False, False, False, False, True, False]
    assert [s.weight_kg for s in push.sets[4:]] == [0.0, 0.0]

    assert run.ended_at == datetime(2024, 3, 5, 8, 1)  # 51m
    (running,) = run.sets
    # No distance unit in this layout: miles for a lifter in pounds.
    assert (running.reps, running.duration_s, running.distance_m) == (0, 1500, 3.1 * MILE)

    assert quick.ended_at == datetime(2024, 3, 6, 12, 0, 16)  # 11s
    assert quick.exercise_notes == (("Triceps Pushdown (Cable)", '"rope", slow\neccentric'),)
    assert quick.sets[0].weight_kg == 102.5 * LB
    assert quick.sets[0].notes == ""

    # 45x10 + 225x5 + 225x3 + 135x12 + 102.5x12 = 5100 lb moved.
    assert totals(parsed) == (3, 8, 50, pytest.approx(5100 * LB, rel=1e-12))


def test_strong_comma_layout_needs_a_unit() -> None:
    with pytest.raises(UnitNeeded, match=r"does not say whether weights are in kg or lb$"):
        load("strong-12col.csv")
    in_kg = load("strong-12col.csv", "kg")
    assert in_kg.workouts[0].sets[1].weight_kg == 225.0
    assert in_kg.workouts[0].sets[1].entered_unit == "kg"
    # Kilograms mean kilometres.
    assert in_kg.workouts[1].sets[0].distance_m == pytest.approx(3100.0)


def test_strong_10_columns_without_duration_or_rpe() -> None:
    parsed = load("strong-10col.csv", "kg")

    (workout,) = parsed.workouts
    assert workout.started_at == datetime(2019, 6, 1, 9, 30)
    assert workout.ended_at is None
    assert (workout.notes, workout.exercise_notes) == (
        "deload week",
        (("Squat (Barbell)", "belt on"),),
    )
    assert [(s.weight_kg, s.reps, s.rpe) for s in workout.sets] == [
        (100.0, 5, None),
        (102.5, 5, None),
        (102.5, 5, None),
    ]
    # Two identical sets are still two sets.
    keys = [s.source_key for s in workout.sets]
    assert len(set(keys)) == 3
    assert all(k.startswith(workout.source_key[:-1]) for k in keys)


def test_strong_semicolon_layout_with_unit_columns() -> None:
    parsed = load("strong-semicolon-units.csv")  # the file states its units: no --unit

    (workout,) = parsed.workouts
    assert workout.started_at == datetime(2018, 11, 20, 17, 45, 12)
    assert workout.ended_at == datetime(2018, 11, 22, 18, 25, 12)  # 48h 40m
    sets = [
        (s.exercise_name, s.weight_kg, s.entered_unit, s.reps, s.rpe, s.duration_s, s.distance_m)
        for s in workout.sets
    ]
    assert sets == [
        ("Deadlift (Barbell)", 140.0, "kg", 5, 8.0, None, None),
        ("Deadlift (Barbell)", 102.5, "kg", 8, 7.5, None, None),  # decimal commas
        ("Bicep Curl (Dumbbell)", 25 * LB, "lb", 12, None, None, None),
        ("Cycling (Indoor)", 0.0, "kg", 0, None, 2100, 2.4 * MILE),
    ]
    # A unit column wins over --unit.
    assert load("strong-semicolon-units.csv", "lb").workouts[0].sets[0].weight_kg == 140.0


def test_strong_6_note_and_rest_timer_rows() -> None:
    parsed = load("strong6-note-rows.csv")  # 'Weight (kg)' states the unit

    assert (parsed.rows, parsed.ignored_rows) == (5, 2)
    (workout,) = parsed.workouts
    assert workout.ended_at == datetime(2025, 3, 10, 15, 38, 50)  # Duration (sec) 3725
    assert workout.exercise_notes == (("Front Squat (Barbell)", "Tempo 3-1-1"),)
    sets = [
        (s.line, s.set_type, s.weight_kg, s.reps, s.rpe, s.rest_seconds, s.duration_s)
        for s in workout.sets
    ]
    assert sets == [
        (3, "warmup", 40.0, 5, None, None, None),
        (5, "working", 80.0, 3, 9.0, 150, None),
        (6, "working", 0.0, 0, None, None, 480),
    ]
    assert workout.sets[2].distance_m == 2000.0


def test_strong_twelve_hour_dates_from_ios() -> None:
    text = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        '2024-03-05 6:15:30\u202fpm,"Evening",45m,"Squat (Barbell)",1,100,5,0,0,,,\n'
        '2024-03-06 12:05:00 AM,"Late",45m,"Squat (Barbell)",1,100,5,0,0,,,\n'
    )
    parsed = parse_export(text, unit="kg")
    assert [w.started_at for w in parsed.workouts] == [
        datetime(2024, 3, 5, 18, 15, 30),
        datetime(2024, 3, 6, 0, 5),
    ]


def test_strong_bad_rows_are_reported_with_their_first_line() -> None:
    parsed = load("strong-malformed.csv", "lb")

    assert [(p.line, p.reason) for p in parsed.problems] == [
        (4, "weight 'abc' is not a number"),
        (5, "reps must be a whole number (got 7.5)"),
        (6, "unknown Set Order 'X': expected a number, W, D, F, Rest Timer or Note"),
        (7, "weight must be between 0 and 2204.62 lb (got -20 lb)"),
        (8, "RPE must be between 1 and 10 in steps of 0.5 (got 11)"),
        (9, "date '2024-13-01 18:00:00' is not like '2020-12-07 16:17:06'"),
        (10, "11 fields where the header has 12"),
        (11, "weight must be between 0 and 2204.62 lb (got 3000 lb)"),
        # Lines 12-14 are one record with a three-line note.
        (15, "duration 'soon' is not like '1h 38m', '51m' or '11s'"),
        (16, "reps must be between 0 and 1000 (got 1001)"),
    ]
    (workout,) = parsed.workouts
    assert [s.line for s in workout.sets] == [2, 12, 17]
    assert workout.exercise_notes == (
        ("Bench Press (Barbell)", "first line\nsecond line"),
        ("Bench Press (Barbell)", 'a "quoted"\nnote over\nthree lines'),
    )
    assert parsed.rows == len(workout.sets) + len(parsed.problems) + parsed.ignored_rows == 13


def test_re_export_with_newer_workouts_keeps_the_old_keys() -> None:
    text = decode_export((FIXTURES / "strong-12col.csv").read_bytes())
    appended = text + (
        '2024-03-08 18:00:00,"Push Day",1h,"Bench Press (Barbell)",1,230.0,5.0,0,0.0,,,\n'
        '2024-03-08 18:00:00,"Push Day",1h,"Bench Press (Barbell)",2,230.0,5.0,0,0.0,,,\n'
    )
    before, after = parse_export(text, unit="lb"), parse_export(appended, unit="lb")

    assert [w.source_key for w in after.workouts[:3]] == [w.source_key for w in before.workouts]
    assert [s.source_key for s in all_sets(after)[:8]] == [s.source_key for s in all_sets(before)]
    new_keys = [s.source_key for s in after.workouts[3].sets]
    assert len(set(new_keys)) == 2
    assert not set(new_keys) & {s.source_key for s in all_sets(before)}


# --- Hevy ---------------------------------------------------------------------------------------


def test_hevy_pounds_miles_supersets_set_types_and_notes() -> None:
    raw = (FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in raw

    parsed = load("hevy-lbs-crlf-bom.csv")  # weight_lbs states the unit

    assert (parsed.format, parsed.rows, parsed.problems) == ("hevy", 8, ())
    cardio, push = parsed.workouts  # oldest first, though Hevy writes newest first
    assert push.name == "Push 💪"
    assert (push.started_at, push.ended_at) == (
        datetime(2025, 7, 26, 7, 6),
        datetime(2025, 7, 26, 8, 11),
    )
    assert push.notes == "Great session 🔥\nsecond line"
    assert push.exercise_notes == (("Bench Press (Barbell)", "elbows in\nslow down 🐢"),)
    sets = [
        (s.line, s.exercise_name, s.set_type, s.weight_kg, s.is_bodyweight, s.reps, s.rpe)
        for s in push.sets
    ]
    # Every record spans two lines: the workout's description has a newline.
    assert sets == [
        (2, "Bench Press (Barbell)", "warmup", 95 * LB, False, 10, None),
        (4, "Bench Press (Barbell)", "working", 185 * LB, False, 5, 8.5),
        (6, "Bench Press (Barbell)", "failure", 185 * LB, False, 3, 10.0),
        (8, "Chest Dip", "working", 0.0, True, 12, None),
        (10, "Chest Dip", "drop", 0.0, True, 8, None),
        (12, "Lateral Raise (Dumbbell)", "working", 22.5 * LB, False, 15, 7.0),
    ]
    assert [s.superset for s in push.sets] == ["0", "0", "0", "0", "0", None]
    assert {s.entered_unit for s in push.sets} == {"lb"}

    assert cardio.started_at == datetime(2025, 7, 2, 17, 56)  # zero-padded day
    running, plank = cardio.sets
    assert (running.reps, running.duration_s, running.distance_m) == (0, 1200, 2.5 * MILE)
    assert (plank.reps, plank.duration_s, plank.distance_m) == (0, 90, None)


def test_hevy_bad_rows_and_other_date_forms() -> None:
    header = (
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
    )
    text = header + (
        '"A","2026-04-08 16:50","2026-04-08T17:43:00","","Squat",,"",0,"normal",100,5,,,\n'
        '"B","Apr 9, 2026, 4:50 PM","Apr 9, 2026, 5:30 PM","","Squat",,"",0,"normal",100,5,,,\n'
        '"C","8 Avr 2026, 16:50","","","Squat",,"",0,"normal",100,5,,,\n'
        '"A","2026-04-08 16:50","2026-04-08T17:43:00","","Squat",,"",1,"amrap",100,5,,,\n'
        '"D","10 Apr 2026, 18:00","10 Apr 2026, 17:00","","Squat",,"",0,"normal",100,5,,,\n'
        '"A","2026-04-08 16:50","2026-04-08T17:43:00","","Squat",,"",2,"normal",100,5,,,9.3\n'
    )
    parsed = parse_export(text)

    assert [(w.name, w.started_at, w.ended_at) for w in parsed.workouts] == [
        ("A", datetime(2026, 4, 8, 16, 50), datetime(2026, 4, 8, 17, 43)),
        ("B", datetime(2026, 4, 9, 16, 50), datetime(2026, 4, 9, 17, 30)),
    ]
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (4, "start_time '8 Avr 2026, 16:50' is not like '8 Apr 2026, 16:50'"),
        (5, "unknown set_type 'amrap': expected normal, warmup, dropset or failure"),
        (6, "end_time '10 Apr 2026, 17:00' is before start_time '10 Apr 2026, 18:00'"),
        (7, "RPE must be between 1 and 10 in steps of 0.5 (got 9.3)"),
    ]


def test_hevy_re_export_with_newer_workouts_first_keeps_the_old_keys() -> None:
    text = decode_export((FIXTURES / "hevy-lbs-crlf-bom.csv").read_bytes())
    header, body = text.split("\n", 1)
    newer = (
        '"Legs","1 Aug 2025, 07:00","1 Aug 2025, 08:00","","Squat (Barbell)",,"",0,"normal",'
        "225,5,,,\n"
    )
    before, after = parse_export(text), parse_export(f"{header}\n{newer}{body}")

    assert [s.source_key for s in all_sets(after)[:-1]] == [s.source_key for s in all_sets(before)]
    assert [s.line for s in all_sets(after)[:-1]] == [s.line + 1 for s in all_sets(before)]


# --- FitNotes -----------------------------------------------------------------------------------


def test_fitnotes_new_layout_repairs_unquoted_commas() -> None:
    parsed = load("fitnotes-new.csv")

    assert (parsed.rows, parsed.repaired_rows, parsed.problems) == (9, 3, ())
    first, second = parsed.workouts
    assert (first.source_key, first.day, first.started_at, first.ended_at) == (
        '["fitnotes","2025-04-29"]',
        date(2025, 4, 29),
        None,
        None,
    )
    assert first.name == "Chest & Shoulders & Back & Cardio"
    assert second.name == "Back & Chest & Abs & Cardio"
    sets = [
        (s.line, s.exercise_name, s.category_hint, s.weight_kg, s.entered_unit, s.reps)
        for s in all_sets(parsed)
    ]
    assert sets == [
        (2, "Flat Barbell Bench Press", "Chest", 60.0, "kg", 8),
        (3, "Overhead Press (Each Side, Dumbbells)", "Shoulders", 8.0, "kg", 5),
        (4, "Overhead Press (Each Side, Dumbbells)", "Shoulders", 8.0, "kg", 5),
        (5, "Pull Up", "Back", 0.0, "kg", 10),
        (6, "Rowing Machine", "Cardio", 0.0, "kg", 0),
        (7, "Deadlift", "Back", 225 * LB, "lb", 5),
        (8, "Bench Press (With Bar, Each Side, Wide)", "Chest", 20.0, "kg", 10),
        (9, "Plank", "Abs", 0.0, "kg", 0),
        (10, "Running", "Cardio", 0.0, "kg", 0),
    ]
    timed = [(s.duration_s, s.distance_m) for s in all_sets(parsed) if s.reps == 0]
    assert timed == [(510, 2000.0), (90, None), (900, 3000.0)]
    assert [s.is_bodyweight for s in first.sets] == [False, False, False, True, False]
    assert {s.set_type for s in all_sets(parsed)} == {"working"}


def test_fitnotes_old_layout_in_pounds_with_comments() -> None:
    parsed = load("fitnotes-old-lbs.csv", "kg")  # 'Weight (lbs)' wins over --unit

    legs, cardio = parsed.workouts
    assert legs.name == "Back & Biceps"
    assert [(s.weight_kg, s.entered_unit, s.reps, s.notes) for s in legs.sets] == [
        (315 * LB, "lb", 5, "felt heavy, grip slipping"),
        (65 * LB, "lb", 10, ""),
    ]
    (cycling,) = cardio.sets
    assert (cycling.duration_s, cycling.distance_m) == (2400, 10 * MILE)


def test_fitnotes_bad_rows() -> None:
    text = (
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"
        "2025-04-29,Squat,Legs,100.0,5,,,\n"
        "29/04/2025,Squat,Legs,100.0,5,,,\n"
        "2025-04-29,Squat,Legs,100.0,5,,,,oops\n"
        "2025-04-29,Rowing,Cardio,,,2000,parsecs,\n"
        "2025-04-29,Plank,Abs,,,,,1:75\n"
        "2025-04-29,Squat,Legs,100.0,0,,,\n"
    )
    parsed = parse_export(text)

    assert [(p.line, p.reason) for p in parsed.problems] == [
        (3, "date '29/04/2025' is not like '2025-04-29'"),
        (
            4,
            "9 fields where the header has 8, and re-joining a name split by an unquoted "
            "comma does not give a readable row",
        ),
        (5, "unknown distance unit 'parsecs': expected m, km, mi, ft or yd"),
        (6, "time '1:75' is not h:mm:ss or m:ss"),
    ]
    assert (parsed.rows, parsed.ignored_rows, len(all_sets(parsed))) == (6, 1, 1)


def test_fitnotes_plain_weight_column_needs_a_unit() -> None:
    text = "Date,Exercise,Category,Weight,Reps\n2025-04-29,Squat,Legs,100,5\n"
    with pytest.raises(UnitNeeded, match=r"does not say whether weights are in kg or lb$"):
        parse_export(text)
    assert all_sets(parse_export(text, unit="lb"))[0].weight_kg == 100 * LB
