"""`halterofit doctor`: is this device ready to sync? Each check answers ok, warn or fail.

Keyring (the session's home), the local database's integrity, the project configuration, the
server's reachability, the session, the server schema against the one this release speaks, and
the clock against the server's. A check that cannot run because an earlier one failed says so.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

import httpx

from halterofit_tui.config import Paths
from halterofit_tui.domain.errors import HalterofitError
from halterofit_tui.services.remote_config import RemoteConfig, load_remote_config
from halterofit_tui.services.server_schema import SERVER_SCHEMA_VERSION
from halterofit_tui.services.supabase_auth import KeyringSessionStore, SessionManager
from halterofit_tui.services.supabase_rest import RestClient, RetryPolicy, describe_network_error

Status = Literal["ok", "warn", "fail"]
# The hybrid logical clock keeps sync correct whatever the skew, but last writer wins compares
# clock stamps: a device this far off can lose an edit to an older one made elsewhere.
SKEW_WARN_S = 2.0
SKEW_FAIL_S = 300.0
REACH_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Check:
    name: str  # "keyring", "database", "project", "server", "session", "schema", "clock"
    status: Status
    detail: str
    value: float | int | None = None  # the figure behind it: ms, schema version, skew seconds


def _keyring(config: RemoteConfig | None) -> Check:
    # The backend does not depend on the project; an unconfigured device still has one.
    store = KeyringSessionStore(config or RemoteConfig(url="", anon_key=""))
    try:
        name = store.backend_name()
        if config is not None:
            store.load()
    except HalterofitError as exc:
        return Check("keyring", "fail", str(exc))
    return Check("keyring", "ok", f"{name} (usable)")


def _database(paths: Paths) -> Check:
    if not paths.database.is_file():
        return Check("database", "warn", f"no database yet at {paths.database}")
    try:
        connection = sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return Check("database", "fail", f"{paths.database} cannot be read: {exc}")
    if problems != ["ok"]:
        return Check("database", "fail", f"integrity check failed: {problems[0]}")
    return Check("database", "ok", f"integrity check passed ({paths.database})")


def _reachable(http: httpx.Client, config: RemoteConfig) -> tuple[Check, httpx.Response | None]:
    started = time.perf_counter()
    try:
        response = http.get(
            f"{config.rest_url}/", headers={"apikey": config.anon_key}, timeout=REACH_TIMEOUT_S
        )
    except httpx.TransportError as exc:
        return Check("server", "fail", f"{config.url}: {describe_network_error(exc)}"), None
    elapsed_ms = (time.perf_counter() - started) * 1000
    detail = f"{config.url} answered HTTP {response.status_code} in {elapsed_ms:.0f} ms"
    return Check("server", "ok", detail, round(elapsed_ms, 1)), response


def _schema(found: object) -> Check:
    if found == SERVER_SCHEMA_VERSION:
        return Check("schema", "ok", f"server schema {found}", SERVER_SCHEMA_VERSION)
    if isinstance(found, int) and found > SERVER_SCHEMA_VERSION:
        return Check(
            "schema",
            "fail",
            f"the server has schema {found}, this Halterofit speaks {SERVER_SCHEMA_VERSION}: "
            "upgrade Halterofit",
            found,
        )
    return Check(
        "schema",
        "fail",
        f"the server has schema {found}, this Halterofit needs {SERVER_SCHEMA_VERSION}: "
        "apply the migrations (`halterofit server sql`)",
        found if isinstance(found, int) else None,
    )


def _skew(skew_s: float, resolution_s: float, source: str) -> Check:
    # Positive: the server's clock is ahead of ours.
    off = abs(skew_s) - resolution_s
    if round(skew_s, 1) == 0:
        detail = f"this clock agrees with the server's ({source})"
    else:
        direction = "behind" if skew_s > 0 else "ahead of"
        detail = f"this clock is {abs(skew_s):.1f} s {direction} the server's ({source})"
    if off <= SKEW_WARN_S:
        return Check("clock", "ok", detail, round(skew_s, 3))
    status: Status = "warn" if off <= SKEW_FAIL_S else "fail"
    return Check("clock", status, f"{detail}: set the time automatically (NTP)", round(skew_s, 3))


def _date_header_skew(response: httpx.Response, midpoint: float) -> Check | None:
    header = response.headers.get("Date")
    if not header:
        return None
    try:
        server_now = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError):
        return None
    return _skew(server_now - midpoint, 1.0, "HTTP Date header, 1 s resolution")


def run_doctor(
    paths: Paths,
    *,
    http: httpx.Client | None = None,
    clock: Callable[[], float] = time.time,
) -> list[Check]:
    """Every check, in order. `http` defaults to a client with short timeouts."""
    config: RemoteConfig | None = None
    try:
        config = load_remote_config(paths)
        project = Check("project", "ok", config.url)
    except HalterofitError as exc:
        project = Check("project", "fail", str(exc))
    checks = [_keyring(config), _database(paths), project]
    if config is None:
        return checks
    own_client = http is None
    client = http or httpx.Client(timeout=httpx.Timeout(REACH_TIMEOUT_S), follow_redirects=False)
    try:
        before = clock()
        server, response = _reachable(client, config)
        after = clock()
        checks.append(server)
        if response is None:
            return checks
        header_skew = _date_header_skew(response, (before + after) / 2)
        sessions = SessionManager(paths, config, client)
        try:
            email = sessions.current().email
        except HalterofitError as exc:
            checks.append(Check("session", "fail", str(exc)))
            checks.extend([header_skew] if header_skew is not None else [])
            return checks
        checks.append(Check("session", "ok", f"signed in as {email}"))
        rest = RestClient(config, sessions, client, retry=RetryPolicy(max_attempts=2))
        try:
            before = clock()
            info = rest.rpc("halterofit_server_info", {})
            after = clock()
        except HalterofitError as exc:
            checks.append(
                Check("schema", "fail", f"cannot ask the server its schema version: {exc}")
            )
            checks.extend([header_skew] if header_skew is not None else [])
            return checks
        answer = info if isinstance(info, dict) else {}
        checks.append(_schema(answer.get("schema_version")))
        server_now = answer.get("now")
        if isinstance(server_now, str):
            moment = datetime.fromisoformat(server_now)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            skew = moment.timestamp() - (before + after) / 2
            checks.append(_skew(skew, (after - before) / 2, "server time"))
        elif header_skew is not None:
            checks.append(header_skew)
        return checks
    finally:
        if own_client:
            client.close()
