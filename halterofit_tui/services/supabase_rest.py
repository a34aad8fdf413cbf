"""Supabase's PostgREST API over httpx, with the retry rules the sync engine relies on.

Every request the sync engine sends is safe to repeat (upserts keyed by primary key under a
last-writer-wins trigger, reads, a read-only RPC), so a lost answer, a timeout, a 5xx or a 429
is retried with exponential back-off and full jitter, honouring `Retry-After`. A 401 (expired
or rejected access token) gets one token refresh and one more try. Any other answer becomes a
RestError carrying PostgREST's {code, message, details, hint}. Tokens are sent in headers only
and never logged: log lines name the method, the path and the status.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from halterofit_tui import __version__
from halterofit_tui.domain.errors import HalterofitError

if TYPE_CHECKING:
    from halterofit_tui.services.remote_config import RemoteConfig
    from halterofit_tui.services.supabase_auth import AuthSession, SessionManager

log = logging.getLogger(__name__)

# Network failures after which repeating the request is the only way to learn the outcome.
RETRIED_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# Failures proving the request never reached the server: safe to repeat even a non-idempotent one.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout)
ROW_REJECTING_SQLSTATE_CLASSES = ("22", "23")
RLS_VIOLATION = "42501"


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to insist: attempts in all, and the back-off between them (seconds)."""

    max_attempts: int = 5
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    # A Retry-After longer than this is not waited for: the call fails with the 429 instead.
    max_retry_after_s: float = 120.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def backoff(self, failed_attempts: int) -> float:
        """Full jitter: uniform over [0, min(cap, base × 2^(failures − 1))]."""
        ceiling = min(self.max_delay_s, self.base_delay_s * 2 ** (failed_attempts - 1))
        return self.rng.uniform(0.0, ceiling)


class ServerUnreachable(HalterofitError):
    """No answer from the server after every retry: offline, refused, or timed out."""

    def __init__(self, url: str, error: httpx.TransportError) -> None:
        host = urlsplit(url).netloc or url
        super().__init__(
            f"cannot reach the Supabase server {host}: {describe_network_error(error)}"
        )


class RestError(HalterofitError):
    """PostgREST answered with an error we do not retry (or retried in vain)."""

    def __init__(
        self, status: int, code: str, message: str, details: str = "", hint: str = ""
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        label = f"HTTP {status}, {code}" if code else f"HTTP {status}"
        super().__init__(f"the server refused the request: {message} ({label})")

    @property
    def rejects_rows(self) -> bool:
        """The rows themselves are at fault (bad value, constraint, RLS): quarantine them."""
        return self.code.startswith(ROW_REJECTING_SQLSTATE_CLASSES) or self.code == RLS_VIOLATION

    @classmethod
    def from_response(cls, response: httpx.Response) -> RestError:
        body = error_body(response)
        return cls(
            response.status_code,
            text_field(body, "code"),
            text_field(body, "message") or response.reason_phrase or "no reason given",
            text_field(body, "details"),
            text_field(body, "hint"),
        )


def describe_network_error(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the connection closed before an answer"
    reason = (str(error).strip().splitlines() or [""])[0]
    return reason or type(error).__name__


def error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def text_field(body: Mapping[str, Any], key: str) -> str:
    value = body.get(key)
    return "" if value is None else str(value)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())


def open_http_client() -> httpx.Client:
    """The HTTP client for Supabase calls: bounded timeouts, no redirects."""
    return httpx.Client(
        timeout=httpx.Timeout(20.0, connect=5.0),
        headers={"User-Agent": f"halterofit/{__version__}"},
        follow_redirects=False,
    )


def send_with_retries(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    json_body: Any = None,
    params: Mapping[str, str] | None = None,
    idempotent: bool = True,
) -> httpx.Response:
    """One request, repeated on network errors, 5xx and 429 until an answer or the last attempt.

    Returns the last answer, whatever its status (the caller turns errors into exceptions);
    raises ServerUnreachable when the last attempt got no answer at all.
    """
    path = urlsplit(url).path
    attempt = 1
    while True:
        try:
            response = http.request(method, url, headers=headers, json=json_body, params=params)
        except RETRIED_ERRORS as exc:
            if attempt >= policy.max_attempts or not (
                idempotent or isinstance(exc, NOT_SENT_ERRORS)
            ):
                raise ServerUnreachable(url, exc) from exc
            delay = policy.backoff(attempt)
            outcome = describe_network_error(exc)
        else:
            status = response.status_code
            log.debug("%s %s -> %d (attempt %d)", method, path, status, attempt)
            if status != 429 and status < 500:
                return response
            if attempt >= policy.max_attempts:
                return response
            wait = parse_retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
            if wait is not None and wait > policy.max_retry_after_s:
                return response
            delay = policy.backoff(attempt) if wait is None else wait
            outcome = f"HTTP {status}"
        log.info(
            "%s %s: %s; retrying in %.2f s (attempt %d of %d)",
            method,
            path,
            outcome,
            delay,
            attempt + 1,
            policy.max_attempts,
        )
        sleep(delay)
        attempt += 1


class RestClient:
    """PostgREST calls as the signed-in user; the session comes from the SessionManager."""

    def __init__(
        self,
        config: RemoteConfig,
        sessions: SessionManager,
        http: httpx.Client,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._config = config
        self._sessions = sessions
        self._http = http
        self._retry = retry or RetryPolicy()
        self._sleep = sleep

    @property
    def user_id(self) -> str:
        """The signed-in user's id (rows sent carry it); SignInRequired when nobody is."""
        return self._sessions.current().user_id

    def upsert(self, table: str, rows: list[dict[str, Any]], on_conflict: str) -> None:
        """Insert or merge `rows` (all with the same keys) in one transaction: all or nothing."""
        if not rows:
            return
        self._request(
            "POST",
            table,
            params={"on_conflict": on_conflict},
            json_body=rows,
            prefer="resolution=merge-duplicates,return=minimal",
        )

    def select(self, table: str, params: dict[str, str]) -> list[dict[str, Any]]:
        """Rows of `table` matching PostgREST query `params` (select, filters, order, limit)."""
        body = self._request("GET", table, params=params).json()
        if not isinstance(body, list) or not all(isinstance(row, dict) for row in body):
            raise RestError(200, "", f"expected a list of rows from {table}")
        return body

    def rpc(self, name: str, args: dict[str, Any]) -> object:
        """Call a database function; its JSON result (None when it returns nothing)."""
        response = self._request("POST", f"rpc/{name}", json_body=args)
        return response.json() if response.content else None

    def _headers(self, session: AuthSession, prefer: str | None) -> dict[str, str]:
        headers = {
            "apikey": self._config.anon_key,
            "Authorization": f"Bearer {session.access_token}",
            "Accept": "application/json",
        }
        if prefer:
            headers["Prefer"] = prefer
        return headers

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        prefer: str | None = None,
    ) -> httpx.Response:
        url = f"{self._config.rest_url}/{path}"
        session = self._sessions.current()
        refreshed = False
        while True:
            response = send_with_retries(
                self._http,
                method,
                url,
                headers=self._headers(session, prefer),
                policy=self._retry,
                sleep=self._sleep,
                json_body=json_body,
                params=params,
            )
            if response.status_code != 401:
                break
            if refreshed:
                from halterofit_tui.services.supabase_auth import SignInRequired

                raise SignInRequired(
                    "the server rejects even a fresh session: sign in again: halterofit login"
                )
            log.info("%s %s: access token rejected; refreshing it once", method, path)
            session = self._sessions.force_refresh(session)
            refreshed = True
        if not response.is_success:
            raise RestError.from_response(response)
        return response
