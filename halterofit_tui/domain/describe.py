"""How a logged set reads, everywhere it is shown: '100 kg x 5 @8', 'bw+20 kg x 8'."""

from __future__ import annotations

from halterofit_tui.domain.records import LoggedSet
from halterofit_tui.domain.units import Unit, format_number, format_weight


def load_text(s: LoggedSet, unit: Unit) -> str:
    """The load of a set in `unit`: '100 kg', 'bw', 'bw+20 kg'."""
    load = format_weight(s.weight_kg, unit)
    if s.is_bodyweight:
        return "bw" if s.weight_kg == 0 else f"bw+{load}"
    return load


def set_text(s: LoggedSet, unit: Unit) -> str:
    """'100 kg x 5 @8', 'bw+20 kg x 8', 'bw x 12', with the set type when not a working set."""
    text = f"{load_text(s, unit)} x {s.reps}"
    if s.rpe is not None:
        text += f" @{format_number(s.rpe, 1)}"
    if s.set_type != "working":
        text += f" ({s.set_type})"
    return text


def plural(count: int, word: str) -> str:
    """'1 workout', '1,163 workouts' (regular plurals only)."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
