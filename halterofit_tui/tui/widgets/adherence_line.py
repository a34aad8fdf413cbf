"""One line of Analytics: how closely the lifter follows their programme (services/programs.py
defines the weeks and what counts as done). Hidden when they have never started one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.widgets import Static

from halterofit_tui.domain.errors import NotFound
from halterofit_tui.domain.units import format_number

if TYPE_CHECKING:
    from halterofit_tui.services.programs import Adherence
    from halterofit_tui.store.engine import Database


def programme_adherence(db: Database, now: datetime) -> Adherence | None:
    """The adherence of the programme in progress (else the latest one) as of the lifter's
    day at `now`; None when no programme was ever started."""
    from halterofit_tui.services.profile import get_profile, local_today
    from halterofit_tui.services.programs import program_adherence

    try:
        return program_adherence(db, today=local_today(get_profile(db), now))
    except NotFound:
        return None


def adherence_text(adherence: Adherence) -> str:
    """'Programme: 5/3/1 — 7 of 9 planned sessions done (78 %), this week 2/3'. Sessions past
    a week's plan do not make up for another week's, as in the rate."""
    kept = sum(min(w.done, w.planned) for w in adherence.by_week)
    rate = f" ({format_number(adherence.rate * 100, 0)} %)" if adherence.rate is not None else ""
    text = (
        f"Programme: {adherence.program_name} — {kept} of {adherence.planned} planned "
        f"session{'' if adherence.planned == 1 else 's'} done{rate}"
    )
    week = adherence.this_week
    return text + (f", this week {week.done}/{week.planned}" if week else ", ended")


class AdherenceLine(Static):
    DEFAULT_CSS = """
    AdherenceLine { height: auto; padding: 0 1; display: none; }
    AdherenceLine.-shown { display: block; }
    """

    def show(self, adherence: Adherence | None) -> None:
        self.set_class(adherence is not None, "-shown")
        self.update(adherence_text(adherence) if adherence is not None else "")
