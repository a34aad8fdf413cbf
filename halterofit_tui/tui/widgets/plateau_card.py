"""A plateau as a card: the lift, how long and how sure, the numbers behind it, its probable
causes and what to try, each with its reason (docs/METRICS.md).

Cards take the focus so the screen's keys act on the focused one; ↑/↓ scroll through a card
taller than the screen, then move to the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import Static

from halterofit_tui.domain.units import Unit, format_number, format_weight, from_kg
from halterofit_tui.tui.widgets.format import long_date

if TYPE_CHECKING:
    from halterofit_tui.services.plateaus import PlateauReport


def readable(text: str) -> str:
    """Muscle keys in the cause texts (side_delts) as words."""
    return text.replace("_", " ")


def card_title(report: PlateauReport) -> str:
    weeks = format_number(report.weeks, 0)
    sure = format_number(report.confidence * 100, 0)
    seen = " · acknowledged" if report.acknowledged else ""
    return f"{report.exercise_name} · no new best for {weeks} weeks · {sure}% sure{seen}"


def trend_text(kg_per_week: float, unit: Unit) -> str:
    value = from_kg(kg_per_week, unit)
    if round(value, 2) == 0:
        return "flat"
    return f"{'+' if value > 0 else ''}{format_number(value, 2)} {unit} a week"


def _item(marker: str, text: str, style: str = "") -> Padding:
    """A list item whose wrapped lines stay indented under its first."""
    return Padding(Text(f"{marker} {text}", style=style), (0, 0, 0, 2))


def card_body(report: PlateauReport) -> Group:
    unit = report.unit
    parts: list[RenderableType] = [
        Text(
            f"Last best e1RM {format_weight(report.last_pr_kg, unit)} on "
            f"{long_date(report.last_pr_date)}; since then "
            f"{format_weight(report.current_avg_kg, unit)} on average, trend "
            f"{trend_text(report.trend_kg_per_week, unit)}."
        ),
        Text("Probable causes", style="bold"),
    ]
    if report.causes:
        parts += [_item("•", readable(cause.text)) for cause in report.causes]
    else:
        parts.append(_item("•", "nothing in your sets, effort, frequency or recovery stands out"))
    parts.append(Text("What to try", style="bold"))
    for number, protocol in enumerate(report.protocols, start=1):
        parts.append(_item(f"{number}.", protocol.text))
        parts.append(Padding(Text(readable(protocol.rationale), style="dim"), (0, 0, 0, 5)))
    return Group(*parts)


class PlateauCard(Static, can_focus=True):
    DEFAULT_CSS = """
    PlateauCard {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text-accent;
        padding: 0 1;
        margin-bottom: 1;
    }
    PlateauCard:focus { border: round $accent; }
    PlateauCard.-acknowledged { border-title-color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next plateau", id="plateau.next", show=False),
        Binding("up", "move(-1)", "Previous plateau", id="plateau.previous", show=False),
    ]

    def __init__(self, report: PlateauReport) -> None:
        super().__init__(card_body(report))
        self.report = report

    def on_mount(self) -> None:
        self.show(self.report)

    def show(self, report: PlateauReport) -> None:
        self.report = report
        self.border_title = card_title(report)
        self.set_class(report.acknowledged, "-acknowledged")
        self.update(card_body(report))

    def action_move(self, step: int) -> None:
        """Scroll through this card while part of it is out of view, then go to the next."""
        listing = self.parent
        if isinstance(listing, ScrollableContainer):
            view_top = listing.scroll_y
            view_bottom = view_top + listing.scrollable_content_region.height
            card = self.virtual_region
            if (step > 0 and card.bottom > view_bottom) or (step < 0 and card.y < view_top):
                listing.scroll_relative(y=step, animate=False)
                return
        if step > 0:
            self.screen.focus_next(PlateauCard)
        else:
            self.screen.focus_previous(PlateauCard)
