"""Back up the database now, from the palette: one button, or Enter.

The copy goes through SQLite's online backup API (services.backup), so it is consistent even
while this app or a `halterofit` command writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from halterofit_tui.config import resolve_paths
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.services.backup import BackupResult, create_backup
from halterofit_tui.tui.screens.transfer import TransferScreen, mib_text

if TYPE_CHECKING:
    from halterofit_tui.store.engine import Database


def back_up(db: Database) -> BackupResult:
    """A timestamped copy in the store's backups/ folder."""
    return create_backup(db.paths)


class BackupScreen(TransferScreen):
    AUTO_FOCUS = "#backup-run"

    def compose(self) -> ComposeResult:
        with Vertical(id="backup-dialog", classes="dialog transfer-dialog"):
            yield Static("Back up the database now", classes="dialog-title")
            yield Static(
                f"A consistent copy goes to {resolve_paths().backups}, "
                "even while a workout is being logged.",
                id="backup-where",
                markup=False,
            )
            yield Static("", classes="transfer-note error", id="backup-error", markup=False)
            yield Static("", classes="transfer-note transfer-done", id="backup-done", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back up now", variant="primary", compact=True, id="backup-run")
                yield Button("Close", compact=True, id="backup-close")
            yield Static("Tab moves · Enter presses the button · Esc closes", classes="muted")

    @on(Button.Pressed, "#backup-run")
    def back_up_now(self) -> None:
        if self.busy:
            return
        self.show_note(done="Backing up…")
        self.run_job(back_up, then=self._done, failed=self._refused)

    def _refused(self, error: HalterofitError) -> None:
        self.show_note(error=str(error))

    def _done(self, result: BackupResult) -> None:
        self.show_note(done=f"Backed up to {result.path} ({mib_text(result.size_bytes)}).")
        # Enter now closes; Tab back to the first button for another copy.
        self.query_one("#backup-close", Button).focus()

    @on(Button.Pressed, "#backup-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def job_lost(self) -> None:
        self.show_note()
