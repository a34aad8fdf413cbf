"""`?`: every key that works here, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


class KeysScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="keys.close"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="keys-dialog"):
            yield Static("[b]Keys[/b]  (Esc to close)", id="keys-title")
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Action", "Where")
            for row in self.rows:
                table.add_row(*row)
            yield table


def active_keys(screen: object) -> list[tuple[str, str, str]]:
    """(key, description, where) for every binding active on `screen`, focused widget first."""
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or (key, binding.description) in seen:
            continue
        seen.add((key, binding.description))
        where = type(active.node).__name__.removesuffix("Screen").removesuffix("App") or "App"
        rows.append((screen.app.get_key_display(binding), binding.description, where))
    return rows
