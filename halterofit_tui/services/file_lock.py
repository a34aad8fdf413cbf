"""An exclusive lock on a file, held across processes (the CLI and the app run side by side).

fcntl on Linux and macOS, msvcrt on Windows; each call opens its own file description, so two
threads of one process exclude each other too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockBusy(Exception):
    """Another process holds the lock and the caller asked not to wait."""


@contextmanager
def exclusive_lock(path: Path, *, wait: bool = True) -> Iterator[None]:
    with open(path, "a+b") as handle:
        _acquire(handle.fileno(), wait)
        try:
            yield
        finally:
            _release(handle.fileno())


if sys.platform == "win32":
    import msvcrt

    def _acquire(fd: int, wait: bool) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        # LK_LOCK retries for about 10 s and then fails; loop so waiting means waiting.
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
                return
            except OSError as exc:
                if not wait:
                    raise LockBusy(str(exc)) from exc

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(fd: int, wait: bool) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise LockBusy(str(exc)) from exc

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
