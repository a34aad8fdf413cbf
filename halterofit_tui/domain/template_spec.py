"""The lift spec of workout templates: "bench press: 3x8-12 @8 rest 120", "squat: 5x5 @75%".

    LIFT   = EXERCISE ":" GROUP ("," GROUP)*
    GROUP  = SETS "x" REPS ["-" MAX] ["+"] [WEIGHT[kg|lb]] ["@" RPE | "@" PERCENT "%"] [rest TIME]
    TIME   = seconds ("120", "120s"), minutes ("2m") or minutes:seconds ("2:30")

`3x8-12` is three sets of 8 to 12 reps; `1x5+` one set of at least 5 (as many as possible);
`@8` an RPE target; `@75%` a percentage of the lifter's latest e1RM; a weight without a unit is
in the lifter's unit. Groups follow each other: "squat: 1x5 @8, 3x5 @72%" is a top set and
three back-off sets. Parsing is strict, as for logged sets: anything unclear is refused with the
part that could not be read and the accepted form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.notation import MAX_WEIGHT_KG, validate_rpe
from halterofit_tui.domain.units import Unit, format_number, from_kg, parse_unit, to_kg

MAX_SETS: Final = 20
MAX_REPS: Final = 100
MAX_REST_S: Final = 3600
MAX_PERCENT_1RM: Final = 100.0
SPEC_FORM: Final = (
    "write SETSxREPS[-MAX][+] [WEIGHT] [@RPE or @PERCENT%] [rest SECONDS], "
    "e.g. 'bench press: 3x8-12 @8 rest 120' or 'squat: 1x5 @8, 3x5 @72%'"
)

_HEAD: Final = re.compile(
    r"(\d+)\s*[x×]\s*(\d+)(?:\s*-\s*(\d+))?(\s*\+)?", re.IGNORECASE | re.ASCII
)
_WEIGHT: Final = re.compile(r"(\d+(?:\.\d+)?)(kgs?|lbs?)?", re.IGNORECASE | re.ASCII)
_TARGET: Final = re.compile(r"@(\d+(?:\.\d+)?)(%)?", re.ASCII)
_REST: Final = re.compile(r"(\d+)(?::(\d{2})|(s|sec|m|min))?", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True)
class TargetSet:
    """One set to do: reps (a range when reps_max > reps_min; at least reps_min when amrap), an
    optional weight (kg), an RPE or a percentage of the latest e1RM, and the rest after it."""

    reps_min: int
    reps_max: int
    amrap: bool = False
    weight_kg: float | None = None
    rpe: float | None = None
    percent_1rm: float | None = None
    rest_s: int | None = None


@dataclass(frozen=True)
class LiftTargets:
    """An exercise (as typed: the caller resolves the name) and its sets, in order."""

    exercise: str
    sets: tuple[TargetSet, ...]


def _refuse(group: str, reason: str) -> InvalidInput:
    return InvalidInput(f"cannot read '{group.strip()}': {reason}")


def _whole(text: str, low: int, high: int, what: str, group: str) -> int:
    value = int(text)
    if not low <= value <= high:
        raise _refuse(group, f"{what} must be from {low} to {high} (got {value})")
    return value


def _rest_seconds(text: str, group: str) -> int:
    match = _REST.fullmatch(text)
    if match is None:
        raise _refuse(group, f"rest is seconds, minutes or minutes:seconds (got '{text}')")
    amount, seconds, suffix = match.groups()
    if seconds is not None:
        if int(seconds) >= 60:
            raise _refuse(group, f"'{text}' has more than 59 seconds")
        total = int(amount) * 60 + int(seconds)
    elif suffix is not None and suffix.lower().startswith("m"):
        total = int(amount) * 60
    else:
        total = int(amount)
    if total > MAX_REST_S:
        raise _refuse(group, f"rest must be at most {MAX_REST_S} seconds (got {total})")
    return total


def _percent(value: float, group: str) -> float:
    if not 0 < value <= MAX_PERCENT_1RM:
        raise _refuse(
            group,
            f"a percentage of 1RM must be above 0 and at most {MAX_PERCENT_1RM:g} "
            f"(got {format_number(value)})",
        )
    return value


def _rpe(value: float, group: str) -> float:
    try:
        return validate_rpe(value)
    except InvalidInput as error:
        raise _refuse(group, str(error)) from None


def _weight_kg(value: float, unit: Unit, word: str, group: str) -> float:
    kg = to_kg(value, unit)
    if not 0 < kg <= MAX_WEIGHT_KG:
        raise _refuse(
            group,
            f"a weight must be above 0 and at most {format_number(MAX_WEIGHT_KG)} kg (got {word})",
        )
    return kg


def _tokens(rest: str) -> list[str]:
    """The words after SETSxREPS, with "@ 8", "75 %" and "100 kg" each kept as one word."""
    joined = re.sub(r"@\s+", "@", rest)
    joined = re.sub(r"(\d)\s+%", r"\1%", joined)
    joined = re.sub(r"(\d)\s+(kgs?|lbs?)\b", r"\1\2", joined, flags=re.IGNORECASE)
    return joined.split()


def parse_group(group: str, unit: Unit) -> tuple[TargetSet, ...]:
    """One group ("3x8-12 @8 rest 120") as its sets; a weight without a unit is in `unit`."""
    head = _HEAD.match(group.strip())
    if head is None:
        raise _refuse(group, SPEC_FORM)
    sets = _whole(head.group(1), 1, MAX_SETS, "sets", group)
    reps_min = _whole(head.group(2), 1, MAX_REPS, "reps", group)
    reps_max = reps_min
    if head.group(3) is not None:
        reps_max = _whole(head.group(3), 1, MAX_REPS, "reps", group)
        if reps_max <= reps_min:
            raise _refuse(group, f"a rep range goes up: {reps_min}-{reps_max} is not one")
    amrap = head.group(4) is not None
    if amrap and reps_max != reps_min:
        raise _refuse(group, "an AMRAP set (+) needs a fixed rep count, not a range")

    weight_kg: float | None = None
    rpe: float | None = None
    percent: float | None = None
    rest_s: int | None = None
    words = _tokens(group.strip()[head.end() :])
    while words:
        word = words.pop(0)
        if word.lower() == "rest":
            if rest_s is not None or not words:
                raise _refuse(group, "give one rest, e.g. 'rest 120'")
            rest_s = _rest_seconds(words.pop(0), group)
        elif (target := _TARGET.fullmatch(word)) is not None:
            if rpe is not None or percent is not None:
                raise _refuse(group, "give one target: an RPE (@8) or a percentage (@75%)")
            if target.group(2):
                percent = _percent(float(target.group(1)), group)
            else:
                rpe = _rpe(float(target.group(1)), group)
        elif (weight := _WEIGHT.fullmatch(word)) is not None:
            if weight_kg is not None:
                raise _refuse(group, "give one weight")
            typed_unit = parse_unit(weight.group(2)) if weight.group(2) else unit
            weight_kg = _weight_kg(float(weight.group(1)), typed_unit, word, group)
        else:
            raise _refuse(group, f"unexpected '{word}'; {SPEC_FORM}")
    one = TargetSet(reps_min, reps_max, False, weight_kg, rpe, percent, rest_s)
    last = TargetSet(reps_min, reps_max, amrap, weight_kg, rpe, percent, rest_s)
    return (*([one] * (sets - 1)), last)


def parse_sets_spec(text: str, unit: Unit) -> tuple[TargetSet, ...]:
    """The part after the colon: groups separated by commas."""
    groups = text.split(",")
    if not text.strip() or any(not g.strip() for g in groups):
        raise InvalidInput(f"no sets given: {SPEC_FORM}")
    parsed: list[TargetSet] = []
    for group in groups:
        parsed.extend(parse_group(group, unit))
    if len(parsed) > MAX_SETS:
        raise InvalidInput(f"at most {MAX_SETS} sets per exercise (got {len(parsed)})")
    return tuple(parsed)


def parse_lift(text: str, unit: Unit) -> LiftTargets:
    """'bench press: 3x8-12 @8 rest 120' -> the exercise as typed and its sets."""
    exercise, colon, spec = text.partition(":")
    if not colon or not exercise.strip():
        raise InvalidInput(
            f"cannot read '{text.strip()}': start with the exercise and a colon; {SPEC_FORM}"
        )
    try:
        sets = parse_sets_spec(spec, unit)
    except InvalidInput as error:
        raise InvalidInput(f"{exercise.strip()}: {error}") from None
    return LiftTargets(" ".join(exercise.split()), sets)


def _reps_text(target: TargetSet) -> str:
    if target.reps_max != target.reps_min:
        return f"{target.reps_min}-{target.reps_max}"
    return f"{target.reps_min}{'+' if target.amrap else ''}"


def _group_text(target: TargetSet, count: int, unit: Unit) -> str:
    parts = [f"{count}x{_reps_text(target)}"]
    if target.weight_kg is not None:
        parts.append(f"{format_number(from_kg(target.weight_kg, unit))}{unit}")
    if target.rpe is not None:
        parts.append(f"@{format_number(target.rpe, 1)}")
    if target.percent_1rm is not None:
        parts.append(f"@{format_number(target.percent_1rm)}%")
    if target.rest_s is not None:
        parts.append(f"rest {target.rest_s}")
    return " ".join(parts)


def describe_sets(sets: Sequence[TargetSet], unit: Unit) -> str:
    """Sets written back in the spec grammar, identical neighbours folded: '3x5 100kg @8'.

    An AMRAP set closes its group ("3x5+" is two sets of 5 then one of 5+), as parsed."""
    groups: list[tuple[TargetSet, int]] = []
    for target in sets:
        if groups:
            last, count = groups[-1]
            if not last.amrap and last == replace(target, amrap=False):
                groups[-1] = (target, count + 1)
                continue
        groups.append((target, 1))
    return ", ".join(_group_text(target, count, unit) for target, count in groups)
