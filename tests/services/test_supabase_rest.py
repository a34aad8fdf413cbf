"""The PostgREST transport: back-off, Retry-After, error mapping; then real HTTP against the test
gateway (real PostgreSQL, the project's migrations) with injected faults."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest

from halterofit_tui.config import Paths
from halterofit_tui.services.remote_config import RemoteConfig
from halterofit_tui.services.supabase_auth import AuthClient, SessionManager, SignInRequired
from halterofit_tui.services.supabase_rest import (
    RestClient,
    RestError,
    RetryPolicy,
    ServerUnreachable,
    parse_retry_after,
)
from tests.services.test_supabase_auth import MemoryKeyring
from tests.sync_backend.gateway import Fault, Gateway


class TopOfRange(random.Random):
    """Jitter pinned to its upper bound, so the schedule's ceilings show."""

    def uniform(self, a: float, b: float) -> float:
        return b


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    policy = RetryPolicy(base_delay_s=0.5, max_delay_s=6.0, rng=TopOfRange())
    assert [policy.backoff(failures) for failures in range(1, 7)] == [0.5, 1, 2, 4, 6, 6]


def test_full_jitter_spreads_each_wait_below_its_ceiling() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=60.0, rng=random.Random(2026))
    waits = [policy.backoff(4) for _ in range(200)]
    assert all(0 <= wait <= 8 for wait in waits)
    # Full jitter, not "ceiling plus a little": waits cover the whole range.
    assert min(waits) < 1 and max(waits) > 7


NOW = datetime(2026, 12, 1, 18, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("Tue, 01 Dec 2026 18:00:30 GMT", 30.0),
        ("Tue, 01 Dec 2026 17:59:00 GMT", 0.0),  # already past: go now
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_or_an_http_date(
    header: str | None, seconds: float | None
) -> None:
    assert parse_retry_after(header, NOW) == seconds


@pytest.mark.parametrize(
    ("code", "rejects"),
    [
        ("23505", True),  # unique violation
        ("23503", True),  # foreign key
        ("22P02", True),  # invalid text representation
        ("42501", True),  # row-level security
        ("PGRST204", False),  # unknown column: the client, not the rows
        ("PGRST303", False),  # expired JWT
        ("", False),
    ],
)
def test_only_row_faults_quarantine_rows(code: str, rejects: bool) -> None:
    assert RestError(400, code, "message").rejects_rows is rejects


def test_a_rest_error_is_one_line_with_status_and_code() -> None:
    error = RestError(409, "23505", 'duplicate key value violates unique constraint "x"')
    assert str(error) == (
        'the server refused the request: duplicate key value violates unique constraint "x" '
        "(HTTP 409, 23505)"
    )


# --- against the gateway -------------------------------------------------------------------

PASSWORD = "correct horse battery staple"
WEIGH_INS = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222")


@dataclass
class Remote:
    gateway: Gateway
    rest: RestClient
    sleeps: list[float]
    user_id: str


@pytest.fixture
def remote(supabase: Gateway, tmp_path: Path) -> Iterator[Remote]:
    """A signed-in RestClient (in-memory keyring) whose back-off waits are recorded, not slept."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    user_id = supabase.create_user("lifter@example.com", PASSWORD)
    config = RemoteConfig(supabase.url, supabase.anon_key)
    paths = Paths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    sleeps: list[float] = []
    with httpx.Client(timeout=httpx.Timeout(2.0, connect=1.0)) as http:
        sessions = SessionManager(paths, config, http)
        sessions.adopt(AuthClient(config, http).sign_in("lifter@example.com", PASSWORD))
        policy = RetryPolicy(max_attempts=4, base_delay_s=0.5, max_delay_s=30, rng=TopOfRange())
        yield Remote(
            supabase, RestClient(config, sessions, http, policy, sleeps.append), sleeps, user_id
        )
    keyring.set_keyring(previous)


def weigh_in(remote: Remote, row_id: str, kg: float, day: str = "2026-11-30") -> dict[str, Any]:
    return {
        "user_id": remote.user_id,
        "id": row_id,
        "hlc": "0001764000000000-0001",
        "device_id": "device-a",
        "deleted": False,
        "measured_on": day,
        "bodyweight_kg": kg,
    }


def stored_weights(remote: Remote) -> list[tuple[str, float, int]]:
    rows = remote.rest.select(
        "body_metrics",
        {"select": "id,bodyweight_kg,server_version", "order": "server_version.asc"},
    )
    return [(row["id"], row["bodyweight_kg"], row["server_version"]) for row in rows]


def statuses(remote: Remote, path: str) -> list[int | None]:
    return [r.status for r in remote.gateway.requests if r.path == path]


def test_rows_go_up_in_one_batch_and_come_back(remote: Remote) -> None:
    remote.rest.upsert(
        "body_metrics",
        [weigh_in(remote, WEIGH_INS[0], 82.5), weigh_in(remote, WEIGH_INS[1], 82.1)],
        "user_id,id",
    )
    # The server's trigger stamps each row from the user's counter: 1, then 2.
    assert stored_weights(remote) == [(WEIGH_INS[0], 82.5, 1), (WEIGH_INS[1], 82.1, 2)]
    remote.rest.upsert("body_metrics", [weigh_in(remote, WEIGH_INS[0], 81.9)], "user_id,id")
    # The merged row is newer than every other: it comes last in a pull.
    (second, _, second_version), (first, weight, first_version) = stored_weights(remote)
    assert (second, first, weight) == (WEIGH_INS[1], WEIGH_INS[0], 81.9)
    assert first_version > second_version == 2
    assert remote.rest.rpc("halterofit_server_info", {})["schema_version"] == 1  # type: ignore[index]
    assert remote.sleeps == []


def test_server_errors_are_retried_with_growing_waits(remote: Remote) -> None:
    remote.gateway.faults.add(Fault("status", path_prefix="/rest/v1/body_metrics", count=3))
    remote.rest.upsert("body_metrics", [weigh_in(remote, WEIGH_INS[0], 82.5)], "user_id,id")
    assert statuses(remote, "/rest/v1/body_metrics") == [500, 500, 500, 201]
    assert remote.sleeps == [0.5, 1.0, 2.0]
    assert stored_weights(remote) == [(WEIGH_INS[0], 82.5, 1)]


def test_a_429_waits_as_long_as_retry_after_says(remote: Remote) -> None:
    remote.gateway.faults.add(
        Fault("status", path_prefix="/rest/v1/body_metrics", status=429, retry_after=7)
    )
    remote.rest.upsert("body_metrics", [weigh_in(remote, WEIGH_INS[0], 82.5)], "user_id,id")
    assert statuses(remote, "/rest/v1/body_metrics") == [429, 201]
    assert remote.sleeps == [7.0]


def test_a_retry_after_beyond_the_limit_fails_at_once(remote: Remote) -> None:
    remote.gateway.faults.add(
        Fault("status", path_prefix="/rest/v1/body_metrics", status=429, retry_after=600)
    )
    with pytest.raises(RestError) as refused:
        remote.rest.upsert("body_metrics", [weigh_in(remote, WEIGH_INS[0], 82.5)], "user_id,id")
    assert refused.value.status == 429
    assert remote.sleeps == []


def test_retries_stop_at_the_last_attempt_with_its_answer(remote: Remote) -> None:
    remote.gateway.faults.add(
        Fault("status", path_prefix="/rest/v1/body_metrics", status=503, count=10)
    )
    with pytest.raises(RestError) as refused:
        remote.rest.upsert("body_metrics", [weigh_in(remote, WEIGH_INS[0], 82.5)], "user_id,id")
    assert refused.value.status == 503
    assert refused.value.rejects_rows is False
    assert statuses(remote, "/rest/v1/body_metrics") == [503, 503, 503, 503]
    assert remote.sleeps == [0.5, 1.0, 2.0]


def test_an_answer_lost_after_commit_is_resent_and_stored_once(remote: Remote) -> None:
    remote.gateway.faults.add(Fault("drop_after_commit", path_prefix="/rest/v1/body_metrics"))
    remote.rest.upsert(
        "body_metrics",
        [weigh_in(remote, WEIGH_INS[0], 82.5), weigh_in(remote, WEIGH_INS[1], 82.1)],
        "user_id,id",
    )
    # The first attempt committed; the resent batch merged into the same two rows.
    assert statuses(remote, "/rest/v1/body_metrics") == [None, 200]
    assert [row[:2] for row in stored_weights(remote)] == [
        (WEIGH_INS[0], 82.5),
        (WEIGH_INS[1], 82.1),
    ]
    assert remote.sleeps == [0.5]


def test_a_timeout_is_retried(remote: Remote) -> None:
    remote.gateway.faults.add(
        Fault("delay", method="GET", path_prefix="/rest/v1/body_metrics", seconds=2.5)
    )
    assert stored_weights(remote) == []
    assert remote.sleeps == [0.5]


def test_an_unreachable_server_is_reported_after_every_attempt(remote: Remote) -> None:
    remote.gateway.refuse_connections()
    with pytest.raises(ServerUnreachable) as unreachable:
        remote.rest.select("body_metrics", {"select": "id"})
    host = remote.gateway.url.removeprefix("http://")
    assert str(unreachable.value).startswith(f"cannot reach the Supabase server {host}: ")
    assert remote.sleeps == [0.5, 1.0, 2.0]


def test_an_expired_access_token_gets_one_refresh_and_a_retry(remote: Remote) -> None:
    remote.gateway.expire_access_tokens()
    assert stored_weights(remote) == []
    assert [(r.path, r.status) for r in remote.gateway.requests[-3:]] == [
        ("/rest/v1/body_metrics", 401),
        ("/auth/v1/token", 200),
        ("/rest/v1/body_metrics", 200),
    ]


def test_a_revoked_session_asks_to_sign_in_again(remote: Remote) -> None:
    remote.gateway.expire_access_tokens()
    remote.gateway.revoke_sessions(remote.user_id)
    with pytest.raises(SignInRequired, match="sign in again: halterofit login"):
        remote.rest.select("body_metrics", {"select": "id"})


def test_a_bad_value_is_a_row_fault_and_an_unknown_column_is_not(remote: Remote) -> None:
    with pytest.raises(RestError) as bad_date:
        remote.rest.upsert(
            "body_metrics", [weigh_in(remote, WEIGH_INS[0], 82.5, day="2026-13-45")], "user_id,id"
        )
    assert (bad_date.value.status, bad_date.value.code) == (400, "22008")
    assert bad_date.value.rejects_rows is True
    with pytest.raises(RestError) as unknown:
        remote.rest.upsert(
            "body_metrics",
            [{**weigh_in(remote, WEIGH_INS[0], 82.5), "mood": "great"}],
            "user_id,id",
        )
    assert (unknown.value.status, unknown.value.code) == (400, "PGRST204")
    assert unknown.value.rejects_rows is False
    assert remote.sleeps == []


def test_another_users_row_is_refused_by_row_level_security(remote: Remote) -> None:
    other = remote.gateway.create_user("other@example.com", PASSWORD)
    with pytest.raises(RestError) as refused:
        remote.rest.upsert(
            "body_metrics",
            [{**weigh_in(remote, WEIGH_INS[0], 82.5), "user_id": other}],
            "user_id,id",
        )
    assert (refused.value.status, refused.value.code) == (403, "42501")
    assert refused.value.rejects_rows is True
