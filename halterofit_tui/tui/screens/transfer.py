"""What the import, export and backup dialogs share: one store job at a time, Esc to close.

Each dialog runs its service in a worker (`call_service`) and shows the answer or the refusal
inline. While a job runs, the dialog stays open: an import's progress and summary belong to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.tui.services import call_service

if TYPE_CHECKING:
    from halterofit_tui.tui.app import HalterofitApp

ResultT = TypeVar("ResultT")
FINISHED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)


def mib_text(size_bytes: int) -> str:
    return f"{size_bytes / 2**20:.1f} MiB"


class TransferScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="transfer.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._job: Worker[None] | None = None
        self._answered = True

    @property
    def halterofit(self) -> HalterofitApp:
        return self.app  # type: ignore[return-value]

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.state not in FINISHED

    def show_note(self, error: str | None = None, done: str | None = None) -> None:
        """Show the refusal (`.transfer-note.error`, marked ✗) or the result (`.transfer-done`);
        the other is hidden, and both when neither is given."""
        refusal = f"✗ {error}" if error is not None else None
        for selector, text in ((".transfer-note.error", refusal), (".transfer-done", done)):
            for line in self.query(selector).results(Static):
                line.update(text or "")
                line.set_class(text is not None, "-shown")

    def run_job(
        self,
        service: Callable[..., ResultT],
        *args: Any,
        then: Callable[[ResultT], object],
        failed: Callable[[HalterofitError], object],
        **kwargs: Any,
    ) -> None:
        """Run `service(db, *args, **kwargs)` in a worker; `then` or `failed` gets the answer."""

        def answered(value: ResultT) -> None:
            self._answered = True
            then(value)

        def refused(error: HalterofitError) -> None:
            self._answered = True
            failed(error)

        self._answered = False
        self._job = call_service(
            self, service, *args, then=answered, failed=refused, group="transfer", **kwargs
        )

    def job_lost(self) -> None:
        """Clear the 'working' state after an unexpected error (call_service notified it)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._job and event.state in FINISHED and not self._answered:
            self._answered = True
            self.job_lost()

    def action_close(self) -> None:
        if self.busy:
            self.notify("Still working: wait for the summary.", timeout=3)
            return
        self.dismiss(None)
