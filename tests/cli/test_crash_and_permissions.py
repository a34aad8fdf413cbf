"""Real processes: a killed logger loses nothing, and unusable homes fail cleanly.

Permission tests must bite even when the suite runs as root (as CI does): see `read_only`.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from halterofit_tui.config import DATABASE_NAME
from tests.conftest import database_dump, run_halterofit


def test_sigkill_while_logging_loses_no_returned_set(tmp_path: Path) -> None:
    home = tmp_path / "home"
    logger = textwrap.dedent(
        """
        import sys
        from halterofit_tui.domain.notation import parse_sets
        from halterofit_tui.services.context import open_store
        from halterofit_tui.services.workouts import log_sets

        db = open_store()
        specs = parse_sets("100x5@8", "kg")
        while True:
            result = log_sets(db, "bench press", specs)
            print(result.sets[0].id, flush=True)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", logger],
        env={**os.environ, "HALTEROFIT_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    returned: list[str] = []
    deadline = time.monotonic() + 120
    while len(returned) < 60 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        returned.append(line.strip())
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(returned) >= 60, process.stderr.read() if process.stderr else ""

    connection = sqlite3.connect(home / DATABASE_NAME)
    stored = {row[0] for row in connection.execute("SELECT id FROM exercise_sets")}
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    assert set(returned) <= stored
    result = run_halterofit("status", "--json", home=home)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file or directory unwritable for this process, even when it runs as root.

    Root ignores file modes, so as root the immutable attribute is used (chattr +i), which the
    kernel enforces for everyone; it is removed again afterwards.
    """
    locked: list[Path] = []

    def lock(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o555 if path.is_dir() else 0o444)
            return
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"running as root and chattr +i is unavailable: {done.stderr!r}")
        locked.append(path)

    yield lock
    for path in locked:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def _assert_one_clear_line(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]


def test_read_only_database_fails_cleanly_and_stays_unchanged(
    tmp_path: Path, read_only: Callable[[Path], None]
) -> None:
    home = tmp_path / "home"
    assert run_halterofit("log", "squat", "100x5", home=home).returncode == 0
    before = database_dump(home)
    read_only(home / DATABASE_NAME)

    result = run_halterofit("log", "squat", "105x5", home=home)

    _assert_one_clear_line(result, "read-only")
    assert database_dump(home) == before


def test_unwritable_home_fails_cleanly(tmp_path: Path, read_only: Callable[[Path], None]) -> None:
    home = tmp_path / "locked"
    home.mkdir()
    read_only(home)
    result = run_halterofit("log", "squat", "100x5", home=home)
    _assert_one_clear_line(result, "not writable")
    assert list(home.iterdir()) == []


def test_home_that_cannot_be_created_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_halterofit("status", home=blocker / "home")
    _assert_one_clear_line(result, "cannot create data directory")


def test_corrupt_database_fails_cleanly_and_stays_unchanged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    garbage = os.urandom(8192)
    (home / DATABASE_NAME).write_bytes(garbage)
    result = run_halterofit("log", "squat", "100x5", home=home)
    _assert_one_clear_line(result, "corrupt")
    assert (home / DATABASE_NAME).read_bytes() == garbage
