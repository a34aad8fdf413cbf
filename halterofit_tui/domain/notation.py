"""The set notation shared by the CLI and the TUI: "100x5@8", "225lb x 5 x 3", "bw+20x8".

Parsing is strict on purpose: a logged set is training history, so anything we cannot read
unambiguously is rejected with a message naming the piece and the accepted forms, never guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.units import Unit, format_number, from_kg, to_kg

SET_TYPES: Final = ("warmup", "working", "drop", "cluster", "rest_pause", "failure", "amrap")

_SET_TYPE_ALIASES: Final[dict[str, str]] = {
    "w": "warmup",
    "warm_up": "warmup",
    "normal": "working",
    "d": "drop",
    "dropset": "drop",
    "drop_set": "drop",
    "f": "failure",
    "rp": "rest_pause",
    "restpause": "rest_pause",
}

MAX_WEIGHT_KG: Final = 1000.0
MAX_REPS: Final = 1000
MIN_RPE: Final = 1.0
MAX_RPE: Final = 10.0
MAX_SETS_PER_SPEC: Final = 20

ACCEPTED_FORMS: Final[str] = (
    "accepted forms: 100x5, 100x5@8, 100x5@8.5, 100x5x3 (3 sets), 225lbx5, 102.5kg x 3 @9, "
    "bw x 12, bw+20x8"
)


def _num(value: float) -> str:
    """Show a number as the user would type it: 8.3, 11, 1200.5 (no trailing .0)."""
    if isinstance(value, int):
        return str(value)
    return format_number(value, 6)


def parse_set_type(text: str) -> str:
    """Return the canonical set type for `text` ("w", "warm-up", "rp", "normal", ...)."""
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if key in SET_TYPES:
        return key
    canonical = _SET_TYPE_ALIASES.get(key)
    if canonical is None:
        raise InvalidInput(f"unknown set type '{text.strip()}': use one of {', '.join(SET_TYPES)}")
    return canonical


def validate_weight_kg(kg: float) -> float:
    """Return `kg` if it is a finite weight between 0 and MAX_WEIGHT_KG, else raise."""
    if not math.isfinite(kg) or not 0 <= kg <= MAX_WEIGHT_KG:
        raise InvalidInput(
            f"weight must be between 0 and {_num(MAX_WEIGHT_KG)} kg (got {_num(kg)} kg)"
        )
    return float(kg)


def validate_reps(reps: int) -> int:
    """Return `reps` if it is a whole number between 1 and MAX_REPS, else raise."""
    # bool is an int subclass; True reps is a caller bug, not 1 rep.
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= MAX_REPS:
        raise InvalidInput(f"reps must be a whole number between 1 and {MAX_REPS} (got {reps})")
    return reps


def validate_rpe(rpe: float) -> float:
    """Return `rpe` if it lies in 1..10 on the half-point grid, else raise."""
    if not (math.isfinite(rpe) and MIN_RPE <= rpe <= MAX_RPE and float(rpe * 2).is_integer()):
        raise InvalidInput(
            f"RPE must be between {_num(MIN_RPE)} and {_num(MAX_RPE)} in steps of 0.5 "
            f"(got {_num(rpe)})"
        )
    return float(rpe)


@dataclass(frozen=True)
class SetSpec:
    """One parsed spec: `count` identical sets of `reps` at `weight` (in `unit`).

    For bodyweight sets `weight` is the added load only (0 for plain "bw").
    """

    weight: float
    unit: Unit
    reps: int
    rpe: float | None = None
    count: int = 1
    bodyweight: bool = False

    @property
    def weight_kg(self) -> float:
        """The (added) weight in kilograms, unrounded."""
        return to_kg(self.weight, self.unit)


_NUMBER: Final = r"\d+(?:\.\d+)?"
_UNIT: Final = r"kgs?|lbs?"
_SEP: Final = "[x×]"
# Whitespace is removed from a piece before matching, so this pattern has no \s.
_SPEC_RE: Final = re.compile(
    rf"""
    (?:
        (?P<bw>bw|bodyweight)(?:\+(?P<added>{_NUMBER})(?P<added_unit>{_UNIT})?)?
      | (?P<weight>{_NUMBER})(?P<unit>{_UNIT})?
    )
    {_SEP}(?P<reps>\d+)
    (?:{_SEP}(?P<sets>\d+))?
    (?:@(?P<rpe>{_NUMBER}))?
    """,
    re.IGNORECASE | re.VERBOSE | re.ASCII,  # ASCII: \d must not match other scripts
)
_UNIT_WORD_RE: Final = re.compile(rf"(?:{_UNIT})", re.IGNORECASE)
_OPERATORS: Final = "xX×@+"
_WORD_RE: Final = re.compile(r"[^\s,]+")


@dataclass(frozen=True)
class _Piece:
    """A candidate spec: its span in the (joined) input text."""

    start: int
    end: int


def _joins(text: str, prev: re.Match[str], word: re.Match[str]) -> bool:
    """Whether `word` continues the spec that ends with `prev` (only whitespace between)."""
    if "," in text[prev.end() : word.start()]:
        return False
    left, right = prev.group(), word.group()
    if left[-1] in _OPERATORS or right[0] in _OPERATORS:
        return True
    # "102.5 kg": a unit word right after a number.
    return left[-1].isdigit() and _UNIT_WORD_RE.fullmatch(right) is not None


def _split(text: str) -> list[_Piece]:
    """Split the input into specs on commas and on whitespace that is not inside a spec."""
    pieces: list[_Piece] = []
    prev: re.Match[str] | None = None
    for word in _WORD_RE.finditer(text):
        if prev is not None and pieces and _joins(text, prev, word):
            pieces[-1] = _Piece(pieces[-1].start, word.end())
        else:
            pieces.append(_Piece(word.start(), word.end()))
        prev = word
    return pieces


def _reject(token: str, reason: str) -> InvalidInput:
    return InvalidInput(f"invalid set '{token}': {reason}; {ACCEPTED_FORMS}")


def _decimal_comma_token(text: str, piece: _Piece) -> str | None:
    """The "102,5x3" around `piece` if a digit-comma-digit touches it, else None."""
    before = piece.start >= 2 and text[piece.start - 1] == "," and text[piece.start - 2].isdigit()
    after = piece.end + 1 < len(text) and text[piece.end] == "," and text[piece.end + 1].isdigit()
    starts_digit = text[piece.start].isdigit()
    ends_digit = text[piece.end - 1].isdigit()
    if not ((before and starts_digit) or (after and ends_digit)):
        return None
    # Widen to the whole comma-glued chunk so the user sees what they typed.
    start, end = piece.start, piece.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _explain(compact: str) -> str:
    """A short reason for a piece that does not match the grammar."""
    lowered = compact.lower()
    if re.search(r"(?:^|[^\d.])-\d", compact) or lowered.startswith("-"):
        return "negative numbers are not allowed"
    if lowered.endswith("@"):
        return "missing RPE after '@'"
    if lowered.startswith("@"):
        return "RPE needs a set before it"
    if lowered.startswith(("x", "×")):
        return "missing weight before 'x'"
    if lowered.endswith(("x", "×")):
        return "missing reps after 'x'"
    return "expected WEIGHTxREPS[xSETS][@RPE]"


@contextmanager
def _blaming(token: str) -> Iterator[None]:
    """Re-raise a validator's error with the offending token and the accepted forms."""
    try:
        yield
    except InvalidInput as exc:
        raise _reject(token, str(exc)) from None


def _parse_piece(
    token: str, compact: str, default_unit: Unit, default_rpe: float | None
) -> SetSpec:
    match = _SPEC_RE.fullmatch(compact)
    if match is None:
        raise _reject(token, _explain(compact))
    bodyweight = match["bw"] is not None
    if bodyweight:
        weight = float(match["added"]) if match["added"] else 0.0
        unit_text = match["added_unit"]
    else:
        weight = float(match["weight"])
        unit_text = match["unit"]
    unit: Unit = default_unit
    if unit_text:
        unit = "kg" if unit_text.lower().startswith("kg") else "lb"
    reps = int(match["reps"])
    with _blaming(token):
        if unit == "lb" and to_kg(weight, unit) > MAX_WEIGHT_KG:
            # Speak the user's unit: "got 1043.26 kg" would be a number they never typed.
            limit = format_number(from_kg(MAX_WEIGHT_KG, "lb"))
            raise InvalidInput(f"weight must be between 0 and {limit} lb (got {_num(weight)} lb)")
        validate_weight_kg(to_kg(weight, unit))
        validate_reps(reps)
    count = int(match["sets"]) if match["sets"] else 1
    if not 1 <= count <= MAX_SETS_PER_SPEC:
        raise _reject(token, f"number of sets must be between 1 and {MAX_SETS_PER_SPEC}")
    rpe = default_rpe
    if match["rpe"] is not None:
        rpe = float(match["rpe"])
        with _blaming(token):
            validate_rpe(rpe)
    return SetSpec(weight=weight, unit=unit, reps=reps, rpe=rpe, count=count, bodyweight=bodyweight)


def parse_sets(
    text: str | Sequence[str], default_unit: Unit, default_rpe: float | None = None
) -> list[SetSpec]:
    """Parse one or more set specs, separated by whitespace or commas.

    `text` is a string or the CLI's argv tokens (joined with spaces). Forms:
    WEIGHT[UNIT]xREPS[xSETS][@RPE] and bw[+WEIGHT[UNIT]]xREPS[xSETS][@RPE]; spaces are allowed
    around x, ×, @, + and between a number and its unit. `default_unit` applies to weights
    without a unit, `default_rpe` to specs without "@". "5x100" is read as written (5 for 100
    reps): we never swap numbers. Decimal commas are rejected, as "102,5" could be two specs.
    """
    joined = text if isinstance(text, str) else " ".join(text)
    if default_rpe is not None:
        validate_rpe(default_rpe)
    pieces = _split(joined)
    if not pieces:
        raise InvalidInput(f"no sets given; {ACCEPTED_FORMS}")
    specs: list[SetSpec] = []
    for piece in pieces:
        token = joined[piece.start : piece.end]
        compact = re.sub(r"\s+", "", token)
        try:
            specs.append(_parse_piece(token, compact, default_unit, default_rpe))
        except InvalidInput:
            chunk = _decimal_comma_token(joined, piece)
            if chunk is not None:
                raise _reject(chunk, "use '.' for decimals (102.5, not 102,5)") from None
            raise
    return specs
