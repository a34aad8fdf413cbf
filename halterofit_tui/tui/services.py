"""Calling services from the app without blocking the event loop.

Every store call runs in a thread worker. The first call waits until the store is open (opening
may migrate), and results come back on the event loop through `call_from_thread`. Errors meant
for the user become notifications; nothing reaches the terminal as a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.worker import Worker

from halterofit_tui.domain.errors import HalterofitError

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from halterofit_tui.store.engine import Database

ResultT = TypeVar("ResultT")


class StoreGate:
    """The store, opened once in a worker; callers in other threads wait for it."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._db: Database | None = None
        self._error: Exception | None = None

    def open(self) -> None:
        from halterofit_tui.services.context import open_store

        try:
            self._db = open_store()
        except Exception as exc:  # reported to every waiting caller
            self._error = exc
        finally:
            self._ready.set()

    def wait(self) -> Database:
        self._ready.wait()
        if self._error is not None:
            raise self._error
        assert self._db is not None
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def call_service(
    node: DOMNode,
    service: Callable[..., ResultT],
    *args: Any,
    then: Callable[[ResultT], object] | None = None,
    failed: Callable[[HalterofitError], object] | None = None,
    group: str = "default",
    exclusive: bool = False,
    **kwargs: Any,
) -> Worker[None]:
    """Run `service(db, *args, **kwargs)` in a thread; hand the result to `then` on the loop."""
    app = node.app
    gate: StoreGate = app.store  # type: ignore[attr-defined]

    def job() -> None:
        try:
            result = service(gate.wait(), *args, **kwargs)
        except HalterofitError as error:
            if failed is not None:
                app.call_from_thread(failed, error)
            else:
                app.call_from_thread(app.notify, str(error), severity="error", timeout=6)
            return
        except Exception as error:
            message = f"internal error: {type(error).__name__}: {error}"
            app.call_from_thread(app.notify, message[:300], severity="error", timeout=10)
            return
        if then is not None:
            app.call_from_thread(then, result)

    return node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
