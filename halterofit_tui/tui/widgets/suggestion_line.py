"""The suggested next set, one line under the set logger's fields; the reasons on demand.

The screen hands it a `Suggestion` (or None); the set logger's keys take it into the fields
(ctrl+g) and show why it was suggested (ctrl+r).
"""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from halterofit_tui.domain.suggestions import Suggestion
from halterofit_tui.domain.units import format_number


def headline(suggestion: Suggestion) -> str:
    """'Next 97.5 kg x 5 @8', with the readiness change and a set that can be left out."""
    text = f"Next {suggestion.text}"
    adjustment = suggestion.readiness
    if adjustment is not None:
        off = format_number((1 - adjustment.rule.load_factor) * 100, 0)
        text += f" · readiness {format_number(adjustment.score, 0)}: -{off} %"
    if suggestion.skip:
        text += " · or leave this set out"
    return text


class SuggestionLine(Static):
    DEFAULT_CSS = """
    SuggestionLine { height: auto; color: $text-accent; display: none; }
    SuggestionLine.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.suggestion: Suggestion | None = None
        self.reason_shown = False

    def show(self, suggestion: Suggestion | None) -> None:
        self.suggestion = suggestion
        self.set_class(suggestion is not None, "-shown")
        self._draw()

    def toggle_reason(self) -> None:
        self.reason_shown = not self.reason_shown
        self._draw()

    def _draw(self) -> None:
        if self.suggestion is None:
            self.update("")
            return
        keys = "ctrl+g take · ctrl+r " + ("hide" if self.reason_shown else "why")
        lines = [f"{escape(headline(self.suggestion))}  [dim]{keys}[/]"]
        if self.reason_shown:
            lines.extend(f"  [i]{escape(reason)}[/]" for reason in self.suggestion.reasons)
        self.update("\n".join(lines))
