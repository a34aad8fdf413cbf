"""Shared fixtures: every test gets its own HALTEROFIT_HOME and never sees a real training log."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from halterofit_tui.config import DATABASE_NAME

pytest_plugins = ["tests.sync_backend.fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with the catalogue loaded, built once and copied into each home."""
    from halterofit_tui.services.context import open_store

    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HALTEROFIT_HOME", str(folder))
        open_store().dispose()
    return folder / DATABASE_NAME


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template_store: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    shutil.copy(template_store, path / DATABASE_NAME)
    monkeypatch.setenv("HALTEROFIT_HOME", str(path))
    return path


@pytest.fixture
def db(home: Path) -> Iterator[object]:
    from halterofit_tui.services.context import open_store

    store = open_store()
    yield store
    store.dispose()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(home: Path):  # type: ignore[no-untyped-def]
    """Run `halterofit ARGS...` in-process (typer's CliRunner) against the test home."""
    from halterofit_tui.cli.main import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> CliResult:
        result = runner.invoke(app, list(args), input=input, prog_name="halterofit")
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke


def run_halterofit(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess (for exit codes and signals)."""
    env = {**os.environ, "HALTEROFIT_HOME": str(home)}
    env.pop("HALTEROFIT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "halterofit_tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def database_dump(home: Path) -> str:
    """The logical content of the store, to prove a failed command changed nothing."""
    connection = sqlite3.connect(home / DATABASE_NAME)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()
