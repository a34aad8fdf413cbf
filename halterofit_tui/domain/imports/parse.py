"""Entry points: bytes to text, which app wrote the file, and the parsed export."""

from __future__ import annotations

import codecs
import re
from typing import Final

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.imports import common, fitnotes, hevy, strong
from halterofit_tui.domain.imports.model import ParsedExport, SourceFormat
from halterofit_tui.domain.units import Unit

FORMATS: Final[tuple[SourceFormat, ...]] = ("strong", "hevy", "fitnotes")
_EXPECTED: Final = (
    "expected a Strong export (Date, Workout Name, Exercise Name, Set Order, Weight, Reps, ...), "
    "a Hevy export (title, start_time, exercise_title, set_type, weight_kg or weight_lbs, reps, "
    "...) or a FitNotes export (Date, Exercise, Category, Weight (kgs) or Weight + Weight Unit, "
    "Reps, ...)"
)
# Control characters never found in a text export (tab, newlines and form feeds are fine).
_BINARY_RE: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_export(data: bytes) -> str:
    """The text of an exported file: UTF-8 (BOM dropped), UTF-16 with a BOM, else Windows-1252.

    Line ends come back as '\\n' whatever the file used. Binary or undecodable data raises
    InvalidInput.
    """
    if not data.strip():
        raise InvalidInput("the file is empty")
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InvalidInput(
            "the file is not text in a known encoding (UTF-8, UTF-16 or Windows-1252)"
        ) from None
    if _BINARY_RE.search(text):
        raise InvalidInput("the file is binary, not a CSV export")
    return common.normalise_newlines(text)


def _format_of(header: list[str]) -> SourceFormat | None:
    if hevy.looks_like(header):
        return "hevy"
    if strong.looks_like(header):
        return "strong"
    if fitnotes.looks_like(header):
        return "fitnotes"
    return None


def _not_an_export(header: list[str]) -> InvalidInput:
    shown = (", ".join(header[:8]) + (", ..." if len(header) > 8 else ""))[:200]
    return InvalidInput(f"not a Strong, Hevy or FitNotes export (header: {shown}); {_EXPECTED}")


def detect_format(text: str) -> SourceFormat:
    """Which app wrote `text`, from its header; InvalidInput naming what is expected otherwise."""
    header = common.read_table(text).header
    fmt = _format_of(header)
    if fmt is None:
        raise _not_an_export(header)
    return fmt


def parse_export(text: str, fmt: str = "auto", unit: Unit | None = None) -> ParsedExport:
    """Parse an export written by Strong, Hevy or FitNotes.

    `fmt` is "auto" (detect from the header) or one of FORMATS. `unit` is the weight unit of a
    file that does not state it (Strong's comma layouts, FitNotes' plain Weight column); without
    it such a file raises UnitNeeded. Bad rows never raise: they are left out and reported in
    `problems` with their line number. InvalidInput is raised only for a file that is not an
    export of the chosen app at all.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise InvalidInput(f"unknown format '{fmt}': use auto, {', '.join(FORMATS)}")
    table = common.read_table(text)
    detected = _format_of(table.header)
    chosen = detected if fmt == "auto" else fmt
    if chosen is None:
        raise _not_an_export(table.header)
    if chosen == "strong":
        return strong.parse(table, unit)
    if chosen == "hevy":
        return hevy.parse(table)
    return fitnotes.parse(table, unit)
