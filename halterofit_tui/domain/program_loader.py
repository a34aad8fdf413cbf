"""Programme documents: the JSON format validated into a `Program`, and the files it lives in
(the built-ins shipped in data/programs/, and files lifters write themselves).

Validation collects every problem, each naming the path to the bad field
("weeks[2].sessions[0].lifts[1].percent: must be between 0 and 150 (got -5)").
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, TypeGuard, cast

from halterofit_tui.domain.errors import HalterofitError, InvalidInput, NotFound
from halterofit_tui.domain.programs import (
    DEFAULT_DELOAD_PERCENT,
    FORMAT_VERSION,
    DoubleRule,
    Level,
    LiftSpec,
    LinearRule,
    Loading,
    Program,
    Progression,
    RpeRule,
    Rule,
    SessionSpec,
    SetSpec,
    Stage,
    StagesRule,
    StartGiven,
    TrainingMaxRule,
    WeekSpec,
    WorkingWeightRule,
    uses_rpe_chart,
)
from halterofit_tui.domain.strength import MAX_CHART_RPE, MAX_E1RM_REPS, MIN_CHART_RPE

PROGRAMS_FOLDER = "programs"
LEVELS: Final = ("beginner", "intermediate", "advanced")
RULE_TYPES: Final = ("linear", "double", "stages", "training_max", "rpe")
LOADINGS: Final = ("barbell", "steps")
MAX_PERCENT: Final = 150.0
MAX_SETS: Final = 20
MAX_REPS: Final = 100
MAX_REST_S: Final = 1800
MAX_INCREMENT_KG: Final = 50.0
MAX_WEEK_REPEAT: Final = 52

_KEY_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]*")


class InvalidProgram(InvalidInput):
    """A programme document with problems; each names the path to the bad field."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(self.problems[0] + suffix)


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Reader:
    """Reads JSON values at a path, collecting every problem instead of stopping at the first.

    It also carries what the lifts need from the rest of the document: the exercise slugs,
    every progression name declared, and the progressions that were read without problems.
    """

    def __init__(self, known_exercises: Collection[str]) -> None:
        self.problems: list[str] = []
        self.known_exercises = known_exercises
        self.declared: set[str] = set()
        self.progressions: dict[str, Progression] = {}

    def problem(self, path: str, message: str) -> None:
        # The sets of a "sets": N lift share their fields: one problem, said once.
        text = f"{path or 'the programme'}: {message}"
        if text not in self.problems:
            self.problems.append(text)

    def fields(
        self,
        value: object,
        path: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.problem(path, f"must be an object (got {_shown(value)})")
            return None
        known = (*required, *optional)
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(_at(path, str(key)), f"unknown field{hint}")
        for key in required:
            if key not in value:
                self.problem(_at(path, key), "missing")
        return value

    def integer(self, value: object, path: str, low: int, high: int) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        self.problem(path, f"must be a whole number from {low} to {high} (got {_shown(value)})")
        return None

    def number(
        self, value: object, path: str, low: float, high: float, *, above_low: bool = False
    ) -> float | None:
        if _is_number(value):
            number = float(value)
            in_range = (number > low if above_low else number >= low) and number <= high
            if math.isfinite(number) and in_range:
                return number
        bounds = (
            f"more than {low:g} and at most {high:g}" if above_low else f"from {low:g} to {high:g}"
        )
        self.problem(path, f"must be a number {bounds} (got {_shown(value)})")
        return None

    def percent(self, value: object, path: str, high: float = MAX_PERCENT) -> float | None:
        if _is_number(value) and 0 < value <= high:
            return float(value)
        self.problem(path, f"must be between 0 and {high:g} (got {_shown(value)})")
        return None

    def text(self, value: object, path: str, choices: Sequence[str] = ()) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"must be a non-empty text (got {_shown(value)})")
            return None
        if choices and value not in choices:
            self.problem(path, f"must be one of {', '.join(choices)} (got {_shown(value)})")
            return None
        return value

    def flag(self, value: object, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.problem(path, f"must be true or false (got {_shown(value)})")
        return None

    def items(self, value: object, path: str, most: int) -> list[object] | None:
        if not isinstance(value, list):
            self.problem(path, f"must be a list (got {_shown(value)})")
            return None
        if not value:
            self.problem(path, "must not be empty")
            return None
        if len(value) > most:
            self.problem(path, f"must have at most {most} entries (got {len(value)})")
            return None
        return value

    def rpe(self, value: object, path: str) -> float | None:
        if _is_number(value):
            number = float(value)
            if 1 <= number <= 10 and (number * 2).is_integer():
                return number
        self.problem(path, f"must be from 1 to 10 in steps of 0.5 (got {_shown(value)})")
        return None

    def reps(self, value: object, path: str) -> tuple[int, int | None] | None:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_REPS:
            return value, None
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
            and 1 <= value[0] < value[1] <= MAX_REPS
        ):
            return value[0], value[1]
        self.problem(
            path,
            f"must be a whole number from 1 to {MAX_REPS} or a range [low, high] with low "
            f"below high (got {_shown(value)})",
        )
        return None


def parse_program(document: object, known_exercises: Collection[str]) -> Program:
    """Validate a programme document (parsed JSON) and build the programme.

    `known_exercises` are the exercise slugs a programme may name. Every problem is collected;
    InvalidProgram lists them all, each with the path to the bad field.
    """
    reader = _Reader(known_exercises)
    program = _read_program(document, reader)
    if reader.problems or program is None:
        raise InvalidProgram(reader.problems or ["the programme: could not be read"])
    return program


def _read_program(document: object, reader: _Reader) -> Program | None:
    root = reader.fields(
        document,
        "",
        required=("format", "name", "level", "progressions", "weeks"),
        optional=("description", "based_on", "cycles"),
    )
    if root is None:
        return None
    if "format" in root and root["format"] != FORMAT_VERSION:
        reader.problem(
            "format",
            f"must be {FORMAT_VERSION}, the version this Halterofit reads "
            f"(got {_shown(root['format'])})",
        )
    name = reader.text(root["name"], "name") if "name" in root else None
    level = reader.text(root["level"], "level", LEVELS) if "level" in root else None
    description = ""
    if "description" in root:
        description = reader.text(root["description"], "description") or ""
    based_on = reader.text(root["based_on"], "based_on") if "based_on" in root else None
    cycles = reader.integer(root["cycles"], "cycles", 1, 100) if "cycles" in root else None

    if "progressions" in root:
        _read_progressions(root["progressions"], reader)
    weeks: tuple[WeekSpec, ...] = ()
    if "weeks" in root:
        weeks = _read_weeks(root["weeks"], reader)
    if weeks:
        used = {lift.progression for week in weeks for s in week.sessions for lift in s.lifts}
        for key in sorted(set(reader.progressions) - used):
            reader.problem(_at("progressions", key), "not used by any lift")
    if name is None or level is None or not weeks:
        return None
    return Program(
        name=name,
        description=description,
        level=cast(Level, level),  # checked against LEVELS
        progressions=reader.progressions,
        weeks=weeks,
        cycles=cycles,
        based_on=based_on,
    )


def _suggested_slugs(slug: str, known: Collection[str]) -> list[str]:
    """Slugs that contain every word of `slug` first (back-squat → barbell-back-squat, where
    spelling alone would pick hack-squat), shortest first; else the closest spellings."""
    words = set(slug.split("-"))
    containing = sorted((k for k in known if words <= set(k.split("-"))), key=len)
    return containing or difflib.get_close_matches(slug, list(known), n=1, cutoff=0.6)


def _check_exercise(value: object, path: str, reader: _Reader) -> str | None:
    slug = reader.text(value, path)
    if slug is None or slug in reader.known_exercises:
        return slug
    close = _suggested_slugs(slug, reader.known_exercises)
    hint = f" (did you mean '{close[0]}'?)" if close else " (use a slug from the exercise library)"
    reader.problem(path, f"unknown exercise '{slug}'{hint}")
    return None


def _read_progressions(value: object, reader: _Reader) -> None:
    if not isinstance(value, dict):
        reader.problem("progressions", f"must be an object (got {_shown(value)})")
        return
    if not value:
        reader.problem("progressions", "must not be empty")
    for key, entry in value.items():
        reader.declared.add(key)
        path = _at("progressions", key)
        if not _KEY_PATTERN.fullmatch(key):
            reader.problem(path, "names must be lower-case letters, digits and hyphens")
            continue
        progression = _read_progression(key, entry, path, reader)
        if progression is not None:
            reader.progressions[key] = progression


def _read_progression(key: str, value: object, path: str, reader: _Reader) -> Progression | None:
    fields = reader.fields(value, path, ("exercise", "rule"), ("loading", "start"))
    if fields is None:
        return None
    exercise = None
    if "exercise" in fields:
        exercise = _check_exercise(fields["exercise"], _at(path, "exercise"), reader)
    rule = _read_rule(fields["rule"], _at(path, "rule"), reader) if "rule" in fields else None
    loading: str | None = "barbell"
    if "loading" in fields:
        loading = reader.text(fields["loading"], _at(path, "loading"), LOADINGS)
    start = (_default_given(rule), 100.0, False)
    if "start" in fields and rule is not None:
        start = _read_start(fields["start"], _at(path, "start"), rule, reader) or start
    if exercise is None or rule is None or loading is None:
        return None
    given, percent, optional = start
    return Progression(
        key=key,
        exercise=exercise,
        rule=rule,
        loading=cast(Loading, loading),  # checked against LOADINGS
        given=given,
        start_percent=percent,
        optional=optional,
    )


def _default_given(rule: Rule | None) -> StartGiven:
    if isinstance(rule, TrainingMaxRule):
        return "training_max"
    if isinstance(rule, RpeRule):
        return "one_rep_max"
    return "weight"


def _allowed_givens(rule: Rule) -> tuple[StartGiven, ...]:
    if isinstance(rule, TrainingMaxRule):
        return ("training_max", "one_rep_max")
    if isinstance(rule, RpeRule):
        return ("one_rep_max",)
    return ("weight", "one_rep_max")


def _read_start(
    value: object, path: str, rule: Rule, reader: _Reader
) -> tuple[StartGiven, float, bool] | None:
    fields = reader.fields(value, path, (), ("given", "percent", "optional"))
    if fields is None:
        return None
    given: str | None = _default_given(rule)
    if "given" in fields:
        given = reader.text(fields["given"], _at(path, "given"), _allowed_givens(rule))
    percent: float | None = 100.0
    if "percent" in fields:
        percent = reader.percent(fields["percent"], _at(path, "percent"))
    optional: bool | None = False
    if "optional" in fields:
        optional = reader.flag(fields["optional"], _at(path, "optional"))
        if optional and not isinstance(rule, WorkingWeightRule):
            reader.problem(
                _at(path, "optional"),
                "only weight-based progressions (linear, double, stages) can start without a "
                "value: percentages need a number to take them of",
            )
            optional = None
    if given is None or percent is None or optional is None:
        return None
    return cast(StartGiven, given), percent, optional  # given was checked against the choices


def _read_increment(fields: dict[str, object], path: str, reader: _Reader) -> float | None:
    if "increment" not in fields:
        return None
    return reader.number(
        fields["increment"], _at(path, "increment"), 0, MAX_INCREMENT_KG, above_low=True
    )


def _read_deload(
    fields: dict[str, object], path: str, reader: _Reader
) -> tuple[int | None, float] | None:
    failures = None
    if "deload_after_failures" in fields:
        failures = reader.integer(
            fields["deload_after_failures"], _at(path, "deload_after_failures"), 1, 10
        )
        if failures is None:
            return None
    percent: float | None = DEFAULT_DELOAD_PERCENT
    if "deload_percent" in fields:
        percent = reader.percent(fields["deload_percent"], _at(path, "deload_percent"), 99)
    if percent is None:
        return None
    return failures, percent


def _read_rule(value: object, path: str, reader: _Reader) -> Rule | None:
    if not isinstance(value, dict):
        reader.problem(path, f"must be an object (got {_shown(value)})")
        return None
    kind = value.get("type")
    if kind not in RULE_TYPES:
        shown = "missing" if kind is None else f"unknown rule type {_shown(kind)}"
        reader.problem(_at(path, "type"), f"{shown} (use one of {', '.join(RULE_TYPES)})")
        return None
    if kind == "linear":
        fields = reader.fields(
            value,
            path,
            ("type", "increment"),
            ("deload_after_failures", "deload_percent", "amrap_reps_to_progress"),
        )
        assert fields is not None
        increment, deload = (
            _read_increment(fields, path, reader),
            _read_deload(fields, path, reader),
        )
        threshold = None
        if "amrap_reps_to_progress" in fields:
            threshold = reader.integer(
                fields["amrap_reps_to_progress"], _at(path, "amrap_reps_to_progress"), 1, MAX_REPS
            )
            if threshold is None:
                return None
        if increment is None or deload is None:
            return None
        return LinearRule(increment, deload[0], deload[1], threshold)
    if kind == "double":
        fields = reader.fields(
            value, path, ("type", "increment"), ("deload_after_failures", "deload_percent")
        )
        assert fields is not None
        increment, deload = (
            _read_increment(fields, path, reader),
            _read_deload(fields, path, reader),
        )
        if increment is None or deload is None:
            return None
        return DoubleRule(increment, deload[0], deload[1])
    if kind == "stages":
        return _read_stages_rule(value, path, reader)
    if kind == "training_max":
        fields = reader.fields(value, path, ("type", "increment"), ("deload_percent",))
        assert fields is not None
        increment, deload = (
            _read_increment(fields, path, reader),
            _read_deload(fields, path, reader),
        )
        if increment is None or deload is None:
            return None
        return TrainingMaxRule(increment, deload[1])
    reader.fields(value, path, ("type",))
    return RpeRule()


def _read_stages_rule(value: dict[str, object], path: str, reader: _Reader) -> StagesRule | None:
    fields = reader.fields(
        value, path, ("type", "increment", "stages"), ("deload_percent", "restart_increment")
    )
    assert fields is not None
    increment = _read_increment(fields, path, reader)
    stages: list[Stage] = []
    listed = reader.items(fields["stages"], _at(path, "stages"), 10) if "stages" in fields else None
    for index, entry in enumerate(listed or []):
        stage_path = f"{_at(path, 'stages')}[{index}]"
        stage_fields = reader.fields(entry, stage_path, ("sets", "reps"), ("amrap",))
        if stage_fields is None:
            continue
        sets = reps = None
        if "sets" in stage_fields:
            sets = reader.integer(stage_fields["sets"], _at(stage_path, "sets"), 1, MAX_SETS)
        if "reps" in stage_fields:
            reps = reader.integer(stage_fields["reps"], _at(stage_path, "reps"), 1, MAX_REPS)
        amrap: bool | None = False
        if "amrap" in stage_fields:
            amrap = reader.flag(stage_fields["amrap"], _at(stage_path, "amrap"))
        if sets is not None and reps is not None and amrap is not None:
            stages.append(Stage(sets, reps, amrap))
    deload = restart = None
    if ("deload_percent" in fields) == ("restart_increment" in fields):
        reader.problem(
            path,
            "give deload_percent (restart the first stage that much lighter) or "
            "restart_increment (restart it at its last weight plus this), not both or neither",
        )
        return None
    if "deload_percent" in fields:
        deload = reader.percent(fields["deload_percent"], _at(path, "deload_percent"), 99)
        if deload is None:
            return None
    else:
        restart = reader.number(
            fields["restart_increment"],
            _at(path, "restart_increment"),
            0,
            MAX_INCREMENT_KG,
            above_low=True,
        )
        if restart is None:
            return None
    if increment is None or listed is None or len(stages) != len(listed):
        return None
    return StagesRule(tuple(stages), increment, deload, restart)


_LIFT_FIELDS: Final = (
    "exercise", "progression", "sets", "reps", "amrap", "percent", "rpe", "backoff_percent",
    "rest", "note",
)  # fmt: skip
_SET_FIELDS: Final = ("reps", "amrap", "percent", "rpe", "backoff_percent")


@dataclass
class _SessionContext:
    """What the lifts read so far in one session tell the ones after them."""

    deload: bool
    used_working_weight: set[str] = field(default_factory=set)
    top_sets: set[str] = field(default_factory=set)


def _read_weeks(value: object, reader: _Reader) -> tuple[WeekSpec, ...]:
    listed = reader.items(value, "weeks", 104)
    if listed is None:
        return ()
    weeks: list[WeekSpec] = []
    complete = True
    for index, entry in enumerate(listed):
        path = f"weeks[{index}]"
        fields = reader.fields(entry, path, ("sessions",), ("deload", "repeat"))
        if fields is None:
            complete = False
            continue
        deload: bool | None = False
        if "deload" in fields:
            deload = reader.flag(fields["deload"], _at(path, "deload"))
        repeat: int | None = 1
        if "repeat" in fields:
            repeat = reader.integer(fields["repeat"], _at(path, "repeat"), 1, MAX_WEEK_REPEAT)
        sessions = None
        if "sessions" in fields:
            sessions = _read_sessions(
                fields["sessions"], _at(path, "sessions"), bool(deload), reader
            )
        if deload is None or repeat is None or sessions is None:
            complete = False
            continue
        weeks.extend([WeekSpec(sessions, deload)] * repeat)
    return tuple(weeks) if complete else ()


def _read_sessions(
    value: object, path: str, deload: bool, reader: _Reader
) -> tuple[SessionSpec, ...] | None:
    listed = reader.items(value, path, 14)
    if listed is None:
        return None
    sessions: list[SessionSpec] = []
    for index, entry in enumerate(listed):
        session_path = f"{path}[{index}]"
        fields = reader.fields(entry, session_path, ("name", "lifts"))
        if fields is None:
            continue
        name = reader.text(fields["name"], _at(session_path, "name")) if "name" in fields else None
        lifts_path = _at(session_path, "lifts")
        lifts = reader.items(fields["lifts"], lifts_path, 30) if "lifts" in fields else None
        context = _SessionContext(deload)
        read = [
            _read_lift(lift, f"{lifts_path}[{n}]", context, reader)
            for n, lift in enumerate(lifts or [])
        ]
        if name is not None and lifts is not None and all(lift is not None for lift in read):
            sessions.append(SessionSpec(name, tuple(lift for lift in read if lift is not None)))
    return tuple(sessions) if len(sessions) == len(listed) else None


def _read_lift(
    value: object, path: str, context: _SessionContext, reader: _Reader
) -> LiftSpec | None:
    fields = reader.fields(value, path, (), _LIFT_FIELDS)
    if fields is None:
        return None
    problems_before = len(reader.problems)
    progression: Progression | None = None
    key: str | None = None
    exercise: str | None = None
    if "progression" in fields:
        key = reader.text(fields["progression"], _at(path, "progression"))
        if key is not None and key not in reader.declared:
            known = ", ".join(sorted(reader.declared)) or "none"
            reader.problem(
                _at(path, "progression"),
                f"unknown progression '{key}' (this programme has: {known})",
            )
        elif key is not None:
            progression = reader.progressions.get(key)
        if "exercise" in fields:
            reader.problem(
                _at(path, "exercise"),
                "give either exercise or progression: a progression names its own exercise",
            )
    elif "exercise" in fields:
        exercise = _check_exercise(fields["exercise"], _at(path, "exercise"), reader)
    else:
        reader.problem(path, "needs an exercise, or a progression to follow")

    if progression is not None and isinstance(progression.rule, StagesRule):
        for name in ("sets", "reps", "amrap", "percent", "rpe", "backoff_percent"):
            if name in fields:
                reader.problem(
                    _at(path, name),
                    f"not allowed: the stages progression '{progression.key}' sets the sets "
                    "and reps",
                )
        sets: tuple[SetSpec, ...] | None = ()
    else:
        sets = _read_sets(fields, path, reader)
        if sets is not None:
            for index, spec in enumerate(sets):
                set_path = (
                    f"{_at(path, 'sets')}[{index}]" if isinstance(fields["sets"], list) else path
                )
                _check_set(spec, set_path, key, context, reader)
    if progression is not None and isinstance(progression.rule, WorkingWeightRule):
        if progression.key in context.used_working_weight:
            reader.problem(
                _at(path, "progression"),
                f"'{progression.key}' already has a lift in this session (a weight-based "
                "progression can only be judged once per session)",
            )
        context.used_working_weight.add(progression.key)

    rest = (
        reader.integer(fields["rest"], _at(path, "rest"), 0, MAX_REST_S)
        if "rest" in fields
        else None
    )
    note = reader.text(fields["note"], _at(path, "note")) if "note" in fields else None
    if len(reader.problems) > problems_before or sets is None:
        return None
    if progression is not None:
        exercise = progression.exercise
    if exercise is None:
        return None
    return LiftSpec(exercise, key if progression is not None else None, sets, rest, note)


def _read_sets(fields: dict[str, object], path: str, reader: _Reader) -> tuple[SetSpec, ...] | None:
    if "sets" not in fields:
        reader.problem(_at(path, "sets"), "missing")
        return None
    defaults = _read_set_fields(fields, path, reader, ("reps", "percent", "rpe", "backoff_percent"))
    raw_sets = fields["sets"]
    if isinstance(raw_sets, list):
        if "amrap" in fields:
            reader.problem(_at(path, "amrap"), "with a list of sets, mark the AMRAP set itself")
        listed = reader.items(raw_sets, _at(path, "sets"), MAX_SETS)
        if listed is None or defaults is None:
            return None
        specs: list[SetSpec] = []
        for index, entry in enumerate(listed):
            set_path = f"{_at(path, 'sets')}[{index}]"
            set_fields = reader.fields(entry, set_path, (), _SET_FIELDS)
            own = (
                _read_set_fields(set_fields, set_path, reader, _SET_FIELDS) if set_fields else None
            )
            if own is None:
                continue
            merged = {**defaults, **own}
            spec = _set_spec(merged, set_path, reader)
            if spec is not None:
                specs.append(spec)
        return tuple(specs) if len(specs) == len(listed) else None
    count = reader.integer(raw_sets, _at(path, "sets"), 1, MAX_SETS)
    amrap = reader.flag(fields["amrap"], _at(path, "amrap")) if "amrap" in fields else False
    if count is None or defaults is None or amrap is None:
        return None
    # "amrap": true marks the last set; the others are done for the written reps.
    last = _set_spec({**defaults, "amrap": amrap}, path, reader)
    if last is None:
        return None
    return (*([replace(last, amrap=False)] * (count - 1)), last)


def _read_set_fields(
    fields: dict[str, object], path: str, reader: _Reader, names: Sequence[str]
) -> dict[str, object] | None:
    """The set fields present, each checked on its own; None when one is bad."""
    read: dict[str, object] = {}
    ok = True
    for name in names:
        if name not in fields:
            continue
        raw, at = fields[name], _at(path, name)
        parsed: object
        if name == "reps":
            parsed = reader.reps(raw, at)
        elif name == "amrap":
            parsed = reader.flag(raw, at)
        elif name == "rpe":
            parsed = reader.rpe(raw, at)
        elif name == "backoff_percent":
            parsed = reader.percent(raw, at, 100)
        else:
            parsed = reader.percent(raw, at)
        ok = ok and parsed is not None
        read[name] = parsed
    return read if ok else None


def _set_spec(values: dict[str, object], path: str, reader: _Reader) -> SetSpec | None:
    reps = values.get("reps")
    if not isinstance(reps, tuple):
        reader.problem(_at(path, "reps"), "missing")
        return None
    low, high = reps
    amrap = values.get("amrap") is True
    if amrap and high is not None:
        reader.problem(_at(path, "amrap"), "an AMRAP set needs a fixed rep count, not a range")
        return None
    percent, backoff = values.get("percent"), values.get("backoff_percent")
    if percent is not None and backoff is not None:
        reader.problem(_at(path, "backoff_percent"), "give either percent or backoff_percent")
        return None
    rpe = values.get("rpe")
    return SetSpec(
        reps=low,
        reps_max=high,
        amrap=amrap,
        percent=percent if isinstance(percent, float) else None,
        rpe=rpe if isinstance(rpe, float) else None,
        backoff_percent=backoff if isinstance(backoff, float) else None,
    )


def _check_set(
    spec: SetSpec, path: str, key: str | None, context: _SessionContext, reader: _Reader
) -> None:
    """Checks that need the progression the set follows (when it was read without problems)."""
    if key is None:
        for name, given in (("percent", spec.percent), ("backoff_percent", spec.backoff_percent)):
            if given is not None:
                reader.problem(_at(path, name), "needs a progression to take a percentage of")
        return
    progression = reader.progressions.get(key)
    if progression is None:
        return
    rule = progression.rule
    if uses_rpe_chart(spec, rule):
        if spec.reps_max is not None or spec.reps > MAX_E1RM_REPS:
            reader.problem(
                _at(path, "reps"),
                f"a top set at an RPE needs a fixed rep count from 1 to {MAX_E1RM_REPS} "
                "(the RPE chart's range)",
            )
        assert spec.rpe is not None
        if not MIN_CHART_RPE <= spec.rpe <= MAX_CHART_RPE:
            reader.problem(
                _at(path, "rpe"),
                f"a top set's RPE must be from {MIN_CHART_RPE:g} to {MAX_CHART_RPE:g} "
                f"(the RPE chart's range; got {spec.rpe:g})",
            )
        context.top_sets.add(progression.key)
    elif isinstance(rule, RpeRule) and spec.percent is None and spec.backoff_percent is None:
        reader.problem(
            path,
            f"a lift on the rpe progression '{progression.key}' needs rpe (a top set), "
            "percent (of the estimated 1RM) or backoff_percent (of today's top set)",
        )
    if spec.backoff_percent is not None:
        if not isinstance(rule, RpeRule):
            reader.problem(
                _at(path, "backoff_percent"),
                "back-off sets need an rpe progression (they take a percentage of the day's top "
                "set)",
            )
        elif progression.key not in context.top_sets:
            reader.problem(
                _at(path, "backoff_percent"),
                f"needs a top set of '{progression.key}' (a set with an rpe) earlier in the "
                "session",
            )
    if isinstance(rule, TrainingMaxRule) and spec.percent is None:
        reader.problem(
            _at(path, "percent"),
            f"missing (a lift on the training max '{progression.key}' needs a percentage of it)",
        )
    if isinstance(rule, LinearRule) and spec.reps_max is not None:
        reader.problem(_at(path, "reps"), "a linear progression needs a fixed rep count")
    if isinstance(rule, DoubleRule) and spec.reps_max is None and not context.deload:
        reader.problem(
            _at(path, "reps"),
            f"a double progression needs a rep range such as [8, 12] (got {spec.reps})",
        )


# --- files ---------------------------------------------------------------------------------


def programs_dir() -> Path:
    """The built-in programmes: inside the wheel, or the repository's data/ in a checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "data", package.parent / "data"):
        folder = candidate / PROGRAMS_FOLDER
        if folder.is_dir():
            return folder
    raise HalterofitError("the built-in programmes (data/programs) are missing from this install")


def builtin_program_names() -> list[str]:
    """Names of the built-in programmes (their file names without .json), sorted."""
    return sorted(path.stem for path in programs_dir().glob("*.json"))


def read_program_document(path: Path) -> object:
    """The parsed JSON of a programme file, refused with the reason when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(f"no programme file at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {path}: {error}") from None
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path.name} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from None
    return document


def load_program_file(path: Path, known_exercises: Collection[str]) -> Program:
    """Read and validate a programme a lifter wrote (InvalidProgram lists every problem)."""
    return parse_program(read_program_document(path), known_exercises)


def load_builtin_program(name: str, known_exercises: Collection[str]) -> Program:
    names = builtin_program_names()
    if name not in names:
        raise NotFound(f"no built-in programme '{name}': choose one of {', '.join(names)}")
    return load_program_file(programs_dir() / f"{name}.json", known_exercises)


def load_builtin_programs(known_exercises: Collection[str]) -> dict[str, Program]:
    """Every built-in programme by name."""
    return {name: load_builtin_program(name, known_exercises) for name in builtin_program_names()}
