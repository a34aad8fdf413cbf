"""Where Halterofit keeps its files.

`HALTEROFIT_HOME=/path` puts everything (database, backups, config) in one directory: tests,
benchmarks and demos use it so they never touch a real training log. Without it the platform's
user directories are used. Nothing is created at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from halterofit_tui.domain.errors import HalterofitError

HOME_ENV = "HALTEROFIT_HOME"
APP_NAME = "halterofit"
DATABASE_NAME = "halterofit.db"


class HomeUnusable(HalterofitError):
    """The data directory cannot be created or written."""


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"


def resolve_paths() -> Paths:
    """The directories in use, from HALTEROFIT_HOME or platformdirs (not created here)."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser()
        return Paths(data_dir=root, config_dir=root)
    import platformdirs

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def ensure_writable_dir(path: Path) -> Path:
    """Create `path` if needed and prove we can write in it, or raise HomeUnusable."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise HomeUnusable(f"data directory {path} exists but is not a directory") from exc
    except OSError as exc:
        raise HomeUnusable(
            f"cannot create data directory {path}: {exc.strerror or exc}"
            f" (set {HOME_ENV} to a writable directory)"
        ) from exc
    if not path.is_dir():
        raise HomeUnusable(f"data directory {path} exists but is not a directory")
    if not os.access(path, os.W_OK | os.X_OK):
        raise HomeUnusable(
            f"data directory {path} is not writable (set {HOME_ENV} to a writable directory)"
        )
    return path
