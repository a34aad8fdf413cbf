"""A stand-in for Supabase's HTTP API in tests: Auth (GoTrue) and PostgREST over a real PostgreSQL.

Only the subset the sync client uses, with the real services' status codes and error bodies
(/work/shared/docs/SYNC.md). Every REST request runs in one transaction that starts, as
PostgREST's does, with `set_config('role', <jwt role>, true)` and
`set_config('request.jwt.claims', <claims>, true)`: row level security, grants, constraints and
triggers are PostgreSQL's own. Faults (refused or dropped connections, 5xx/429, latency,
expired access tokens, revoked sessions) are injected on demand.

Deliberate simplifications: users live in `auth.users` (scrypt password hashes instead of
bcrypt), sessions and refresh tokens in memory; the refresh token reuse interval is 0 s (only the
parent of a session's active token may be reused); the only accepted API key is the anon key.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import difflib
import functools
import hashlib
import hmac
import http
import json
import re
import secrets
import socket
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, TypeGuard
from urllib.parse import parse_qsl, urlsplit

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row

MAX_ROWS = 1000  # Supabase's PostgREST db-max-rows: a read never returns more
JWT_CLOCK_SKEW_S = 30  # PostgREST accepts exp/nbf/iat this far off
MIN_PASSWORD_LENGTH = 6  # GoTrue's default
ANON_ROLE = "anon"
API_VERSION_2024 = date(2024, 1, 1)
IDLE_CONNECTIONS = 8

FaultKind = Literal["drop_before", "drop_after_commit", "status", "delay"]
FAULT_KINDS: tuple[FaultKind, ...] = ("drop_before", "drop_after_commit", "status", "delay")

# Query parameters PostgREST reads itself; every other one is a filter on a column.
RESERVED_PARAMS = frozenset({"select", "order", "limit", "offset", "on_conflict", "columns"})
COMPARISONS = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
IS_VALUES = {
    "null": "NULL",
    "not_null": "NOT NULL",
    "true": "TRUE",
    "false": "FALSE",
    "unknown": "UNKNOWN",
}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
BEARER = re.compile(r"[Bb]earer (\S+)")


@dataclass(eq=False)
class Fault:
    """A failure injected on the `nth` matching request and the `count - 1` following ones.

    "drop_before" closes the connection without running anything; "drop_after_commit" runs and
    commits the request, then closes the connection without answering; "status" answers
    `status` (with `Retry-After: retry_after` when given) without running anything; "delay"
    waits `seconds`, then runs and answers normally. `method=None` matches every method;
    `path_prefix` is matched against the URL path (no query). `fired` counts applications.
    """

    kind: FaultKind
    method: str | None = "POST"
    path_prefix: str = "/rest/v1/"
    nth: int = 1
    count: int = 1
    status: int = 500
    retry_after: float | None = None
    seconds: float = 0.0
    seen: int = field(default=0, init=False)
    fired: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {FAULT_KINDS}")
        if self.nth < 1 or self.count < 1:
            raise ValueError("nth and count start at 1")

    def matches(self, method: str, path: str) -> bool:
        method_matches = self.method is None or self.method.upper() == method
        return method_matches and path.startswith(self.path_prefix)


class FaultPlan:
    """The faults to inject. Each fault counts every request it matches; when several are due on
    the same request, the first added applies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        """The fault to apply to this request, if one is due."""
        chosen: Fault | None = None
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                fault.seen += 1
                if chosen is None and fault.nth <= fault.seen < fault.nth + fault.count:
                    fault.fired += 1
                    chosen = fault
        return chosen


@dataclass(frozen=True)
class RecordedRequest:
    """One request the gateway received; `status` is None when it closed without answering."""

    method: str
    path: str
    status: int | None
    query: str = field(default="", compare=False)


@dataclass(frozen=True)
class _Request:
    method: str
    path: str
    query: str
    headers: Message
    body: bytes

    @property
    def params(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.params if key == name), None)

    def header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return None if value is None else str(value)


@dataclass
class _Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class _HttpError(Exception):
    """Ends a request with this answer."""

    def __init__(self, response: _Response) -> None:
        super().__init__(response.status)
        self.response = response


def _json_response(
    status: int, payload: object, headers: Mapping[str, str] | None = None
) -> _Response:
    return _text_response(status, json.dumps(payload), headers)


def _text_response(status: int, text: str, headers: Mapping[str, str] | None = None) -> _Response:
    content_type = {"Content-Type": "application/json; charset=utf-8"}
    return _Response(status, text.encode(), {**content_type, **(headers or {})})


# --- JWT (HS256) -------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(claims: Mapping[str, object], secret: str) -> str:
    """An HS256 JSON Web Token of `claims`."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256)
    return f"{header}.{payload}.{_b64url(signature.digest())}"


class _JwtInvalid(Exception):
    """A token that cannot be trusted, worded as PostgREST (`message`, `details`) and GoTrue
    (`reason`, golang-jwt's words) say it."""

    def __init__(self, message: str, reason: str, details: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.details = details


def _verified_claims(token: str, secret: str) -> dict[str, Any]:
    if not token:
        raise _JwtInvalid("Empty JWT is sent in Authorization header", "token is malformed")
    parts = token.split(".")
    if len(parts) != 3:
        raise _JwtInvalid(
            f"Expected 3 parts in JWT; got {len(parts)}",
            "token is malformed: token contains an invalid number of segments",
        )
    try:
        header = json.loads(_b64url_decode(parts[0]))
        claims = json.loads(_b64url_decode(parts[1]))
        signature = _b64url_decode(parts[2])
    except ValueError as error:
        raise _JwtInvalid(
            "JWT cryptographic operation failed", "token is malformed: could not base64 decode"
        ) from error
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        algorithm = header.get("alg") if isinstance(header, dict) else None
        raise _JwtInvalid(
            "Wrong or unsupported encoding algorithm",
            f"token is unverifiable: signing method {algorithm} is invalid",
            f"JWT algorithm {algorithm} is not supported",
        )
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.digest(), signature):
        raise _JwtInvalid(
            "No suitable key or wrong key type",
            "token signature is invalid: signature is invalid",
            "None of the keys was able to decode the JWT",
        )
    if not isinstance(claims, dict):
        raise _JwtInvalid("Parsing claims failed", "token is malformed: claims are not an object")
    return claims


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _postgrest_claims_problem(claims: Mapping[str, Any], now: float) -> str | None:
    """PostgREST's claim checks (with its clock skew); None when the claims are acceptable."""
    for key in ("exp", "nbf", "iat"):
        if key in claims and not _is_number(claims[key]):
            return f"The JWT '{key}' claim must be a number"
    if "exp" in claims and now - JWT_CLOCK_SKEW_S > claims["exp"]:
        return "JWT expired"
    if "nbf" in claims and now + JWT_CLOCK_SKEW_S < claims["nbf"]:
        return "JWT not yet valid"
    if "iat" in claims and now + JWT_CLOCK_SKEW_S < claims["iat"]:
        return "JWT issued at future"
    return None


# --- Passwords ---------------------------------------------------------------------------------

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def _hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _password_matches(password: str, stored: str | None) -> bool:
    if stored is None or not stored.startswith("scrypt$"):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
    )
    return hmac.compare_digest(candidate.hex(), digest)


# --- Database connections ----------------------------------------------------------------------


class _ConnectionPool:
    """Superuser connections, reused between requests; a request holds one for its transaction."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._lock = threading.Lock()
        self._idle: list[psycopg.Connection[Any]] = []
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self._lock:
            connection = self._idle.pop() if self._idle else None
        if connection is None:
            # Supabase databases run in UTC; no prepared statements, because tests change the
            # schema while the gateway runs.
            connection = psycopg.connect(
                self._dsn, prepare_threshold=None, options="-c TimeZone=UTC"
            )
        try:
            yield connection
        finally:
            self._release(connection)

    def _release(self, connection: psycopg.Connection[Any]) -> None:
        if not connection.closed and connection.info.transaction_status != TransactionStatus.IDLE:
            try:
                connection.rollback()
            except psycopg.Error:
                connection.close()
        with self._lock:
            keep = not self._closed and not connection.closed
            if keep and len(self._idle) < IDLE_CONNECTIONS:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


# --- Auth (GoTrue) -----------------------------------------------------------------------------

USER_COLUMNS = """id, aud, role, email, email_confirmed_at, raw_app_meta_data,
    raw_user_meta_data, created_at, updated_at"""


@dataclass
class _RefreshToken:
    value: str
    session_id: str
    parent: str | None
    revoked: bool = False


@dataclass
class _Session:
    id: str
    user_id: str
    tokens: list[_RefreshToken] = field(default_factory=list)

    def active_token(self) -> _RefreshToken | None:
        return next((token for token in reversed(self.tokens) if not token.revoked), None)


def _timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _user_json(row: Mapping[str, Any]) -> dict[str, Any]:
    confirmed = _timestamp(row["email_confirmed_at"])
    return {
        "id": str(row["id"]),
        "aud": row["aud"],
        "role": row["role"],
        "email": row["email"],
        "email_confirmed_at": confirmed,
        "phone": "",
        "confirmed_at": confirmed,
        "app_metadata": row["raw_app_meta_data"] or {},
        "user_metadata": row["raw_user_meta_data"] or {},
        "identities": [],
        "created_at": _timestamp(row["created_at"]),
        "updated_at": _timestamp(row["updated_at"]),
        "is_anonymous": False,
    }


def _api_version(request: _Request) -> date | None:
    given = request.header("X-Supabase-Api-Version")
    if not given:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        return None


def _auth_error(
    request: _Request,
    status: int,
    code: str,
    message: str,
    extra: Mapping[str, object] | None = None,
) -> _HttpError:
    """GoTrue's error body: `{code, message}` from API version 2024-01-01 on, else the legacy
    `{code: <status>, error_code, msg}`."""
    version = _api_version(request)
    extra = extra or {}
    headers = {"x-sb-error-code": code}
    if version is not None and version >= API_VERSION_2024:
        headers["X-Supabase-Api-Version"] = API_VERSION_2024.isoformat()
        return _HttpError(
            _json_response(status, {"code": code, "message": message, **extra}, headers)
        )
    legacy = {"code": status, "error_code": code, "msg": message, **extra}
    return _HttpError(_json_response(status, legacy, headers))


class _Auth:
    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._tokens: dict[str, _RefreshToken] = {}
        self._issued_signatures: set[str] = set()
        self._expired_signatures: set[str] = set()

    # Test controls

    def create_user(self, email: str, password: str, metadata: Mapping[str, object]) -> str:
        row = self._insert_user(email.strip().lower(), password, metadata)
        if row is None:
            raise ValueError(f"a user with the email {email!r} already exists")
        return str(row["id"])

    def expire_access_tokens(self) -> None:
        with self._lock:
            self._expired_signatures |= self._issued_signatures

    def is_expired_by_test(self, token: str) -> bool:
        with self._lock:
            return token.rpartition(".")[2] in self._expired_signatures

    def revoke_sessions(self, user_id: str) -> None:
        with self._lock:
            for session in [s for s in self._sessions.values() if s.user_id == user_id]:
                self._drop_session(session)

    # Routes

    def handle(self, request: _Request) -> _Response:
        route = request.path.removeprefix("/auth/v1")
        if (request.method, route) == ("POST", "/signup"):
            return self._signup(request)
        if (request.method, route) == ("POST", "/token"):
            return self._token(request)
        if (request.method, route) == ("POST", "/logout"):
            return self._logout(request)
        if (request.method, route) == ("GET", "/user"):
            user, _ = self._authenticated(request)
            return _json_response(200, _user_json(user))
        raise _auth_error(request, 404, "not_found", "Not Found")

    def _signup(self, request: _Request) -> _Response:
        body = self._body(request)
        email, password = body.get("email"), body.get("password")
        if not isinstance(email, str) or not email.strip():
            raise _auth_error(
                request, 400, "validation_failed", "To signup, please provide your email"
            )
        email = email.strip().lower()
        if not EMAIL.fullmatch(email):
            raise _auth_error(
                request,
                400,
                "validation_failed",
                "Unable to validate email address: invalid format",
            )
        if not isinstance(password, str) or not password:
            raise _auth_error(request, 422, "validation_failed", "Signup requires a valid password")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise _auth_error(
                request,
                422,
                "weak_password",
                f"Password should be at least {MIN_PASSWORD_LENGTH} characters.",
                {"weak_password": {"reasons": ["length"]}},
            )
        metadata = body.get("data")
        row = self._insert_user(email, password, metadata if isinstance(metadata, dict) else {})
        if row is None:
            raise _auth_error(request, 422, "user_already_exists", "User already registered")
        return self._session_response(row, *self._new_session(str(row["id"])))

    def _token(self, request: _Request) -> _Response:
        grant_type = request.param("grant_type")
        if grant_type == "password":
            return self._password_grant(request)
        if grant_type == "refresh_token":
            return self._refresh_grant(request)
        raise _auth_error(request, 400, "validation_failed", "unsupported_grant_type")

    def _password_grant(self, request: _Request) -> _Response:
        body = self._body(request)
        email, password = body.get("email"), body.get("password")
        row = None
        if isinstance(email, str) and isinstance(password, str):
            row = self._query_user(
                f"SELECT {USER_COLUMNS}, encrypted_password FROM auth.users WHERE email = %s",
                (email.strip().lower(),),
            )
        if row is None or not _password_matches(str(password), row["encrypted_password"]):
            raise _auth_error(request, 400, "invalid_credentials", "Invalid login credentials")
        return self._session_response(row, *self._new_session(str(row["id"])))

    def _refresh_grant(self, request: _Request) -> _Response:
        value = self._body(request).get("refresh_token")
        if not isinstance(value, str) or not value:
            oauth = {"error": "invalid_request", "error_description": "refresh_token required"}
            raise _HttpError(_json_response(400, oauth))
        not_found = _auth_error(
            request,
            400,
            "refresh_token_not_found",
            "Invalid Refresh Token: Refresh Token Not Found",
        )
        with self._lock:
            token = self._tokens.get(value)
            if token is None:
                raise not_found
            session = self._sessions[token.session_id]
            if token.revoked:
                active = session.active_token()
                # The parent of the active token may be reused: the client may have crashed
                # before storing the rotated one; it gets the active token back, not a new one.
                if active is None or active.parent != token.value:
                    for member in session.tokens:
                        member.revoked = True
                    raise _auth_error(
                        request,
                        400,
                        "refresh_token_already_used",
                        "Invalid Refresh Token: Already Used",
                    )
                issued = active
            else:
                token.revoked = True
                issued = self._add_token(session, parent=token.value)
        row = self._user_row(session.user_id)
        if row is None:
            raise not_found
        return self._session_response(row, session.id, issued.value)

    def _logout(self, request: _Request) -> _Response:
        user, claims = self._authenticated(request)
        scope = request.param("scope") or "global"
        if scope not in {"global", "local", "others"}:
            raise _auth_error(
                request, 400, "validation_failed", f'Unsupported logout scope "{scope}"'
            )
        session_id = claims.get("session_id")
        with self._lock:
            for session in list(self._sessions.values()):
                if session.user_id != str(user["id"]):
                    continue
                mine = session.id == session_id
                if scope == "global" or (scope == "local") == mine:
                    self._drop_session(session)
        return _Response(204)

    # Helpers

    def _authenticated(self, request: _Request) -> tuple[dict[str, Any], dict[str, Any]]:
        """The user and claims of the request's Bearer token, checked as GoTrue checks them."""
        match = BEARER.fullmatch(request.header("Authorization") or "")
        if match is None:
            raise _auth_error(
                request, 401, "no_authorization", "This endpoint requires a Bearer token"
            )
        token = match.group(1)
        try:
            claims = _verified_claims(token, self._gateway.jwt_secret)
        except _JwtInvalid as invalid:
            raise _auth_error(
                request,
                403,
                "bad_jwt",
                f"invalid JWT: unable to parse or verify signature, {invalid.reason}",
            ) from invalid
        expiry = claims.get("exp")
        if not _is_number(expiry) or expiry < time.time() or self.is_expired_by_test(token):
            raise _auth_error(
                request,
                403,
                "bad_jwt",
                "invalid JWT: unable to parse or verify signature, "
                "token has invalid claims: token is expired",
            )
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise _auth_error(request, 403, "bad_jwt", "invalid claim: missing sub claim")
        try:
            user_id = str(uuid.UUID(subject))
        except ValueError as error:
            raise _auth_error(
                request, 400, "bad_jwt", "invalid claim: sub claim must be a UUID"
            ) from error
        user = self._user_row(user_id)
        if user is None:
            raise _auth_error(
                request, 403, "user_not_found", "User from sub claim in JWT does not exist"
            )
        session_id = claims.get("session_id")
        with self._lock:
            session_missing = bool(session_id) and session_id not in self._sessions
        if session_missing:
            raise _auth_error(
                request,
                403,
                "session_not_found",
                "Session from session_id claim in JWT does not exist",
            )
        return user, claims

    def _body(self, request: _Request) -> dict[str, Any]:
        try:
            body = json.loads(request.body or b"{}")
        except ValueError as error:
            raise _auth_error(
                request, 400, "bad_json", f"Could not parse request body as JSON: {error}"
            ) from error
        if not isinstance(body, dict):
            raise _auth_error(
                request, 400, "bad_json", "Could not parse request body as JSON: not an object"
            )
        return body

    def _new_session(self, user_id: str) -> tuple[str, str]:
        with self._lock:
            session = _Session(str(uuid.uuid4()), user_id)
            self._sessions[session.id] = session
            return session.id, self._add_token(session, parent=None).value

    def _add_token(self, session: _Session, parent: str | None) -> _RefreshToken:
        token = _RefreshToken(secrets.token_urlsafe(16), session.id, parent)
        session.tokens.append(token)
        self._tokens[token.value] = token
        return token

    def _drop_session(self, session: _Session) -> None:
        del self._sessions[session.id]
        for token in session.tokens:
            self._tokens.pop(token.value, None)

    def _session_response(
        self, user: Mapping[str, Any], session_id: str, refresh_token: str
    ) -> _Response:
        now = int(time.time())
        expires_at = now + self._gateway.access_ttl_s
        user_json = _user_json(user)
        claims = {
            "iss": f"{self._gateway.url}/auth/v1",
            "sub": user_json["id"],
            "aud": "authenticated",
            "exp": expires_at,
            "iat": now,
            "email": user_json["email"],
            "phone": "",
            "app_metadata": user_json["app_metadata"],
            "user_metadata": user_json["user_metadata"],
            "role": "authenticated",
            "aal": "aal1",
            "amr": [{"method": "password", "timestamp": now}],
            "session_id": session_id,
            "is_anonymous": False,
        }
        access_token = sign_jwt(claims, self._gateway.jwt_secret)
        signature = access_token.rpartition(".")[2]
        with self._lock:
            self._issued_signatures.add(signature)
            # Tokens carry no unique id: one issued again in the same second is byte-identical
            # to an earlier one, and is new.
            self._expired_signatures.discard(signature)
        session = {
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": self._gateway.access_ttl_s,
            "expires_at": expires_at,
            "refresh_token": refresh_token,
            "user": user_json,
        }
        return _json_response(200, session)

    def _insert_user(
        self, email: str, password: str, metadata: Mapping[str, object]
    ) -> dict[str, Any] | None:
        return self._query_user(
            f"""INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password,
                    email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
                VALUES ('00000000-0000-0000-0000-000000000000', gen_random_uuid(),
                    'authenticated', 'authenticated', %s, %s, now(),
                    '{{"provider": "email", "providers": ["email"]}}', %s::jsonb)
                ON CONFLICT (email) DO NOTHING
                RETURNING {USER_COLUMNS}""",
            (email, _hash_password(password), json.dumps(metadata)),
        )

    def _user_row(self, user_id: str) -> dict[str, Any] | None:
        return self._query_user(f"SELECT {USER_COLUMNS} FROM auth.users WHERE id = %s", (user_id,))

    def _query_user(self, query: str, params: tuple[object, ...]) -> dict[str, Any] | None:
        with self._gateway.pool.connection() as connection:
            with connection.cursor(row_factory=dict_row) as cursor:
                cursor.execute(query.encode(), params)
                row = cursor.fetchone()
            connection.commit()
        return row


# --- PostgREST ---------------------------------------------------------------------------------


def _pgrst_error(
    status: int,
    code: str,
    message: str,
    details: object = None,
    hint: object = None,
    headers: Mapping[str, str] | None = None,
) -> _HttpError:
    body = {"code": code, "message": message, "details": details, "hint": hint}
    all_headers = {"Proxy-Status": f"PostgREST; error={code}", **(headers or {})}
    return _HttpError(_json_response(status, body, all_headers))


def _jwt_error(code: str, message: str, details: str | None = None) -> _HttpError:
    challenge = f'Bearer error="invalid_token", error_description={json.dumps(message)}'
    return _pgrst_error(401, code, message, details, headers={"WWW-Authenticate": challenge})


def _pg_status(sqlstate: str, message: str, authed: bool) -> int:
    """PostgREST's mapping of SQLSTATE to HTTP status (PostgREST.Error.mapSQLtoHTTP)."""
    exact = {
        "23503": 409,
        "23505": 409,
        "25006": 405,
        "53400": 500,
        "57P01": 503,
        "P0001": 400,
        "42P01": 404,
        "42P17": 500,
        "42883": 404,
    }
    if sqlstate == "42501":
        return 403 if authed else 401
    if sqlstate == "22023" and message.startswith("role") and message.endswith("does not exist"):
        return 401
    if sqlstate in exact:
        return exact[sqlstate]
    by_class = {"08": 503, "09": 500, "0L": 403, "0P": 403, "25": 500, "28": 403, "2D": 500}
    by_class |= {"38": 500, "39": 500, "3B": 500, "40": 500, "53": 503, "54": 500, "55": 500}
    by_class |= {"57": 500, "58": 500, "F0": 500, "HV": 500, "P0": 500, "XX": 500}
    return by_class.get(sqlstate[:2], 400)


def _pg_error_response(error: psycopg.Error, authed: bool) -> _Response:
    diag = error.diag
    if diag.sqlstate is None:
        body = {
            "code": "PGRST000",
            "message": "Database connection error. Retrying the connection.",
            "details": str(error),
            "hint": None,
        }
        return _json_response(503, body, {"Proxy-Status": "PostgREST; error=PGRST000"})
    message = diag.message_primary or ""
    status = _pg_status(diag.sqlstate, message, authed)
    headers = {"Proxy-Status": f"PostgREST; error={diag.sqlstate}"}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    body = {
        "code": diag.sqlstate,
        "message": message,
        "details": diag.message_detail,
        "hint": diag.message_hint,
    }
    return _json_response(status, body, headers)


def _preferences(request: _Request) -> dict[str, str]:
    preferences: dict[str, str] = {}
    for header in request.headers.get_all("Prefer") or []:
        for item in str(header).split(","):
            key, _, value = item.strip().partition("=")
            preferences.setdefault(key.strip(), value.strip())
    return preferences


def _array_literal(items: list[str]) -> str:
    quoted = ('"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"' for item in items)
    return "{" + ",".join(quoted) + "}"


Operation = Callable[[psycopg.Cursor[Any]], _Response]


class _Rest:
    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def handle(self, request: _Request) -> _Response:
        role, claims = self._authenticate(request)
        name = request.path.removeprefix("/rest/v1/")
        operation: Operation
        if name.startswith("rpc/"):
            if request.method != "POST":
                raise _pgrst_error(
                    405, "PGRST101", f"Cannot use the {request.method} method on RPC"
                )
            operation = functools.partial(
                self._call, function=name.removeprefix("rpc/"), request=request
            )
        else:
            statements = {
                "GET": self._read,
                "POST": self._insert,
                "PATCH": self._update,
                "DELETE": self._delete,
            }
            operation = functools.partial(statements[request.method], table=name, request=request)
        return self._run(role, claims, operation)

    def _authenticate(self, request: _Request) -> tuple[str, dict[str, Any]]:
        """The role and claims PostgREST would run the request with."""
        scheme, _, token = (request.header("Authorization") or "").strip().partition(" ")
        if scheme.lower() != "bearer":
            return ANON_ROLE, {"role": ANON_ROLE}
        token = token.strip()
        try:
            claims = _verified_claims(token, self._gateway.jwt_secret)
        except _JwtInvalid as invalid:
            raise _jwt_error("PGRST301", invalid.message, invalid.details) from invalid
        problem = _postgrest_claims_problem(claims, time.time())
        if problem is None and self._gateway.auth.is_expired_by_test(token):
            problem = "JWT expired"
        if problem is not None:
            raise _jwt_error("PGRST303", problem)
        role = claims.get("role", ANON_ROLE)
        role = role if isinstance(role, str) else json.dumps(role)
        return role, {**claims, "role": role}

    def _run(self, role: str, claims: Mapping[str, Any], operation: Operation) -> _Response:
        """One transaction: the JWT's role and claims, then the statement, as PostgREST does."""
        authed = role != ANON_ROLE
        with self._gateway.pool.connection() as connection:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('role', %s, true), "
                        "set_config('request.jwt.claims', %s, true)",
                        (role, json.dumps(claims)),
                    )
                    response = operation(cursor)
                connection.commit()
            except psycopg.Error as error:
                return _pg_error_response(error, authed)
        return response

    # Schema

    def _columns(self, cursor: psycopg.Cursor[Any], table: str) -> list[str]:
        cursor.execute(
            """SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               WHERE c.relnamespace = 'public'::regnamespace AND c.relname = %s
                 AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND a.attnum > 0
                 AND NOT a.attisdropped
               ORDER BY a.attnum""",
            (table,),
        )
        columns = [row[0] for row in cursor.fetchall()]
        if columns:
            return columns
        cursor.execute(
            """SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
               AND relkind IN ('r', 'v', 'm', 'p', 'f')"""
        )
        close = difflib.get_close_matches(table, [row[0] for row in cursor.fetchall()], 1, 0.75)
        hint = f"Perhaps you meant the table 'public.{close[0]}'" if close else None
        raise _pgrst_error(
            404,
            "PGRST205",
            f"Could not find the table 'public.{table}' in the schema cache",
            hint=hint,
        )

    def _primary_key(self, cursor: psycopg.Cursor[Any], table: str) -> list[str]:
        cursor.execute(
            """SELECT a.attname FROM pg_index i
               JOIN pg_class c ON c.oid = i.indrelid
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
               WHERE c.relnamespace = 'public'::regnamespace AND c.relname = %s
                 AND i.indisprimary
               ORDER BY array_position(i.indkey::int2[], a.attnum)""",
            (table,),
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _check_known(table: str, keys: list[str], columns: list[str]) -> None:
        for key in keys:
            if key not in columns:
                raise _pgrst_error(
                    400,
                    "PGRST204",
                    f"Could not find the '{key}' column of '{table}' in the schema cache",
                )

    # Query string

    @staticmethod
    def _projection(request: _Request, columns: list[str]) -> sql.Composable:
        given = request.param("select")
        names = columns if given in {None, "", "*"} else [n.strip() for n in str(given).split(",")]
        if not all(NAME.fullmatch(name) for name in names):
            raise _pgrst_error(400, "PGRST100", f"failed to parse select parameter ({given})")
        return sql.SQL(", ").join(sql.Identifier(name) for name in names)

    @staticmethod
    def _where(table: str, request: _Request) -> tuple[sql.Composable, list[str]]:
        conditions: list[sql.Composable] = []
        params: list[str] = []
        for key, value in request.params:
            if key in RESERVED_PARAMS:
                continue
            column = sql.Identifier("public", table, key)
            negate = value.startswith("not.")
            operator, dot, operand = value.removeprefix("not.").partition(".")
            condition: sql.Composable
            if dot and operator in COMPARISONS:
                condition = sql.SQL("{} {} %s").format(column, sql.SQL(COMPARISONS[operator]))
                params.append(operand)
            elif dot and operator == "in" and operand.startswith("(") and operand.endswith(")"):
                inner = operand[1:-1]
                items = next(csv.reader([inner])) if inner else []
                condition = sql.SQL("{} = ANY(%s)").format(column)
                params.append(_array_literal(items))
            elif dot and operator == "is" and operand in IS_VALUES:
                condition = sql.SQL("{} IS {}").format(column, sql.SQL(IS_VALUES[operand]))
            else:
                raise _pgrst_error(
                    400, "PGRST100", f"failed to parse filter ({value})", "unknown operator"
                )
            conditions.append(sql.SQL("NOT ({})").format(condition) if negate else condition)
        if not conditions:
            return sql.SQL(""), params
        return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions), params

    @staticmethod
    def _order(table: str, request: _Request) -> sql.Composable:
        given = request.param("order")
        if not given:
            return sql.SQL("")
        terms: list[sql.Composable] = []
        for term in given.split(","):
            name, *modifiers = term.strip().split(".")
            direction = {"asc": "ASC", "desc": "DESC"}
            nulls = {"nullsfirst": "NULLS FIRST", "nullslast": "NULLS LAST"}
            words = [direction.get(m) or nulls.get(m) for m in modifiers]
            if not NAME.fullmatch(name) or None in words or len(words) > 2:
                raise _pgrst_error(400, "PGRST100", f"failed to parse order ({given})")
            terms.append(
                sql.SQL(" ").join(
                    [sql.Identifier("public", table, name)]
                    + [sql.SQL(word) for word in words if word is not None]
                )
            )
        return sql.SQL(" ORDER BY ") + sql.SQL(", ").join(terms)

    @staticmethod
    def _count_param(request: _Request, name: str, default: int) -> int:
        given = request.param(name)
        if given is None:
            return default
        if not given.isdigit():
            raise _pgrst_error(400, "PGRST100", f"failed to parse {name} parameter ({given})")
        return int(given)

    @staticmethod
    def _payload(request: _Request) -> object:
        try:
            return json.loads(request.body or b"")
        except ValueError as error:
            raise _pgrst_error(400, "PGRST102", "Empty or invalid json") from error

    # Statements

    def _read(self, cursor: psycopg.Cursor[Any], table: str, request: _Request) -> _Response:
        columns = self._columns(cursor, table)
        where, params = self._where(table, request)
        limit = min(self._count_param(request, "limit", MAX_ROWS), MAX_ROWS)
        offset = self._count_param(request, "offset", 0)
        cursor.execute(
            sql.SQL(
                "SELECT coalesce(json_agg(_pgrst_t), '[]')::text, count(*) FROM "
                "(SELECT {projection} FROM {table}{where}{order} LIMIT {limit} OFFSET {offset}) "
                "_pgrst_t"
            ).format(
                projection=self._projection(request, columns),
                table=sql.Identifier("public", table),
                where=where,
                order=self._order(table, request),
                limit=sql.Literal(limit),
                offset=sql.Literal(offset),
            ),
            params,
        )
        body, count = cursor.fetchone() or ("[]", 0)
        content_range = f"{offset}-{offset + count - 1}/*" if count else "*/*"
        return _text_response(200, body, {"Content-Range": content_range})

    def _insert(self, cursor: psycopg.Cursor[Any], table: str, request: _Request) -> _Response:
        payload = self._payload(request)
        given = payload if isinstance(payload, list) else [payload]
        rows: list[dict[str, Any]] = [row for row in given if isinstance(row, dict)]
        if len(rows) != len(given):
            raise _pgrst_error(400, "PGRST102", "Empty or invalid json")
        keys = list(rows[0]) if rows else []
        if any(set(row) != set(keys) for row in rows):
            raise _pgrst_error(400, "PGRST102", "All object keys must match")
        columns = self._columns(cursor, table)
        self._check_known(table, keys, columns)
        preferences = _preferences(request)
        resolution = preferences.get("resolution")
        if resolution not in {"merge-duplicates", "ignore-duplicates"}:
            resolution = None
        representation = preferences.get("return") == "representation"
        honoured = [
            f"{key}={preferences[key]}"
            for key in ("resolution", "return")
            if key in preferences and (key != "resolution" or resolution)
        ]
        applied = {"Preference-Applied": ", ".join(honoured)} if honoured else {}
        target = sql.Identifier("public", table)
        names = sql.SQL(", ").join(map(sql.Identifier, keys))
        statement = sql.SQL(
            "INSERT INTO {target}{columns} SELECT {names} "
            "FROM json_populate_recordset(NULL::{target}, %s::json) _pgrst_body"
        ).format(
            target=target,
            columns=sql.SQL(" ({})").format(names) if keys else sql.SQL(""),
            names=names,
        )
        if resolution is not None:
            conflict_columns = [c.strip() for c in (request.param("on_conflict") or "").split(",")]
            if conflict_columns == [""]:
                conflict_columns = self._primary_key(cursor, table)
            statement += sql.SQL(" ON CONFLICT ({})").format(
                sql.SQL(", ").join(map(sql.Identifier, conflict_columns))
            )
            if resolution == "merge-duplicates" and keys:
                statement += sql.SQL(" DO UPDATE SET ") + sql.SQL(", ").join(
                    sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(key)) for key in keys
                )
            else:
                statement += sql.SQL(" DO NOTHING")
        if resolution is None and not representation:
            if rows:
                cursor.execute(statement, (json.dumps(rows),))
            return _Response(201, headers=applied)
        inserted, body = 0, "[]"
        if rows:
            inserted, body = self._returning(
                cursor,
                statement + sql.SQL(" RETURNING *, (xmax = 0) AS _pgrst_inserted"),
                [json.dumps(rows)],
                self._projection(request, columns),
                counts_inserts=True,
            )
        # PostgREST answers 200 to a merge that inserted nothing, 201 otherwise.
        status = 200 if resolution == "merge-duplicates" and inserted == 0 else 201
        if representation:
            return _text_response(status, body, applied)
        return _Response(status, headers=applied)

    def _update(self, cursor: psycopg.Cursor[Any], table: str, request: _Request) -> _Response:
        payload = self._payload(request)
        if not isinstance(payload, dict):
            raise _pgrst_error(400, "PGRST102", "Empty or invalid json")
        keys = list(payload)
        columns = self._columns(cursor, table)
        self._check_known(table, keys, columns)
        representation = _preferences(request).get("return") == "representation"
        if not keys:
            return _text_response(200, "[]") if representation else _Response(204)
        where, params = self._where(table, request)
        target = sql.Identifier("public", table)
        statement = sql.SQL(
            "UPDATE {target} SET {assignments} FROM "
            "(SELECT * FROM json_populate_record(NULL::{target}, %s::json)) _pgrst_body{where}"
        ).format(
            target=target,
            assignments=sql.SQL(", ").join(
                sql.SQL("{0} = _pgrst_body.{0}").format(sql.Identifier(key)) for key in keys
            ),
            where=where,
        )
        all_params = [json.dumps(payload), *params]
        if not representation:
            cursor.execute(statement, all_params)
            return _Response(204)
        _, body = self._returning(
            cursor,
            statement + sql.SQL(" RETURNING {}.*").format(target),
            all_params,
            self._projection(request, columns),
        )
        return _text_response(200, body)

    def _delete(self, cursor: psycopg.Cursor[Any], table: str, request: _Request) -> _Response:
        columns = self._columns(cursor, table)
        where, params = self._where(table, request)
        target = sql.Identifier("public", table)
        statement = sql.SQL("DELETE FROM {}{}").format(target, where)
        if _preferences(request).get("return") != "representation":
            cursor.execute(statement, params)
            return _Response(204)
        _, body = self._returning(
            cursor,
            statement + sql.SQL(" RETURNING {}.*").format(target),
            params,
            self._projection(request, columns),
        )
        return _text_response(200, body)

    @staticmethod
    def _returning(
        cursor: psycopg.Cursor[Any],
        statement: sql.Composable,
        params: list[str],
        projection: sql.Composable,
        counts_inserts: bool = False,
    ) -> tuple[int, str]:
        """Runs a data-modifying statement with RETURNING; (rows inserted, JSON of the rows).

        With `counts_inserts`, the statement returns `_pgrst_inserted` (xmax = 0: the row
        version was made by an INSERT, not by ON CONFLICT DO UPDATE)."""
        inserted = (
            sql.SQL("count(*) FILTER (WHERE _pgrst_inserted)") if counts_inserts else sql.SQL("0")
        )
        cursor.execute(
            sql.SQL(
                "WITH _pgrst_source AS ({statement}) SELECT "
                "(SELECT {inserted} FROM _pgrst_source), "
                "(SELECT coalesce(json_agg(_pgrst_t), '[]')::text "
                "FROM (SELECT {projection} FROM _pgrst_source) _pgrst_t)"
            ).format(statement=statement, inserted=inserted, projection=projection),
            params,
        )
        count, body = cursor.fetchone() or (0, "[]")
        return int(count), str(body)

    def _call(self, cursor: psycopg.Cursor[Any], function: str, request: _Request) -> _Response:
        args = self._payload(request) if request.body.strip() else {}
        if not isinstance(args, dict):
            raise _pgrst_error(400, "PGRST102", "Empty or invalid json")
        cursor.execute(
            """SELECT p.proretset, p.prorettype = 'void'::regtype, p.proargnames,
                      p.proargmodes, p.pronargs, p.pronargdefaults,
                      ARRAY(SELECT format_type(t, NULL)
                            FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, i)
                            ORDER BY i)
               FROM pg_proc p
               WHERE p.pronamespace = 'public'::regnamespace AND p.proname = %s
                 AND p.prokind = 'f'""",
            (function,),
        )
        for returns_set, returns_void, names, modes, arity, defaults, types in cursor.fetchall():
            all_names = names or [""] * arity
            inputs = (
                all_names[:arity]
                if modes is None
                else [n for n, m in zip(all_names, modes, strict=True) if m in {"i", "b", "v"}]
            )
            if "" in inputs or not set(inputs[: arity - defaults]) <= set(args) <= set(inputs):
                continue
            arg_types = dict(zip(inputs, types, strict=True))
            return self._invoke(cursor, function, args, arg_types, returns_set, returns_void)
        shown = ", ".join(sorted(args))
        signature = f"({shown})" if args else " without parameters"
        searched = f" with parameters {shown}" if args else " without parameters"
        raise _pgrst_error(
            404,
            "PGRST202",
            f"Could not find the function public.{function}{signature} in the schema cache",
            f"Searched for the function public.{function}{searched}, "
            "but no matches were found in the schema cache.",
        )

    @staticmethod
    def _invoke(
        cursor: psycopg.Cursor[Any],
        function: str,
        args: dict[str, Any],
        arg_types: Mapping[str, str],
        returns_set: bool,
        returns_void: bool,
    ) -> _Response:
        call = sql.SQL("{}({})").format(
            sql.Identifier("public", function),
            sql.SQL(", ").join(
                sql.SQL("{0} => _pgrst_args.{0}").format(sql.Identifier(name)) for name in args
            ),
        )
        # Named arguments arrive as one JSON object, typed by the function's own signature.
        sources: list[sql.Composable] = []
        params: list[str] = []
        if args:
            definitions = sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(arg_types[name]))
                for name in args
            )
            sources.append(
                sql.SQL("json_to_record(%s::json) AS _pgrst_args({})").format(definitions)
            )
            params.append(json.dumps(args))
        source = sql.SQL(" FROM {}").format(sources[0]) if sources else sql.SQL("")
        if returns_void:
            cursor.execute(sql.SQL("SELECT {}{}").format(call, source), params)
            return _Response(204)
        if returns_set:
            sources.append(sql.SQL("LATERAL {} _pgrst_r").format(call))
            query = sql.SQL("SELECT coalesce(json_agg(_pgrst_r), '[]')::text FROM {}").format(
                sql.SQL(", ").join(sources)
            )
        else:
            query = sql.SQL("SELECT to_json({})::text{}").format(call, source)
        cursor.execute(query, params)
        row = cursor.fetchone()
        return _text_response(200, "null" if row is None or row[0] is None else str(row[0]))


# --- HTTP --------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    # Handler threads are joined on close, so a stopped gateway leaves no thread behind.
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], gateway: Gateway) -> None:
        self.gateway = gateway
        self._clients: set[socket.socket] = set()
        self._clients_lock = threading.Lock()
        super().__init__(address, _Handler)

    def track(self, client: socket.socket) -> None:
        with self._clients_lock:
            self._clients.add(client)

    def untrack(self, client: socket.socket) -> None:
        with self._clients_lock:
            self._clients.discard(client)

    def cut_client_connections(self) -> None:
        """Ends every open connection, idle keep-alive ones included, as a dead server would."""
        with self._clients_lock:
            clients = list(self._clients)
        for client in clients:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client that went away mid-request
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Answers leave as headers then body: with Nagle's algorithm on, the client's delayed ACK
    # holds every answer back ~40 ms, which no real Supabase does.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `Gateway.requests` instead."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urlsplit(self.path)
        request = _Request(self.command, target.path, target.query, self.headers, body)
        response = self.server.gateway.serve(request)
        if response is None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        with contextlib.suppress(OSError):
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.status != 204:
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if response.status != 204:
                self.wfile.write(response.body)

    do_GET = do_POST = do_PATCH = do_DELETE = _serve


# --- The gateway -------------------------------------------------------------------------------


class Gateway:
    """Supabase Auth (`/auth/v1`) and PostgREST (`/rest/v1`) on 127.0.0.1, over `dsn` (a
    superuser DSN of a database holding the Supabase shim and the project's migrations)."""

    def __init__(
        self, dsn: str, *, jwt_secret: str | None = None, access_ttl_s: int = 3600
    ) -> None:
        self.dsn = dsn
        self.jwt_secret = jwt_secret or secrets.token_urlsafe(32)
        self.access_ttl_s = access_ttl_s
        issued = int(time.time())
        self.anon_key = sign_jwt(
            {"iss": "supabase", "role": ANON_ROLE, "iat": issued, "exp": issued + 10 * 365 * 86400},
            self.jwt_secret,
        )
        self.faults = FaultPlan()
        self.pool = _ConnectionPool(dsn)
        self.auth = _Auth(self)
        self._rest = _Rest(self)
        self._port = 0
        self._log: list[RecordedRequest] = []
        self._log_lock = threading.Lock()
        self._lifecycle_lock = threading.Lock()
        self._server: _Server | None = None
        self._serve_thread: threading.Thread | None = None
        # Set while the server is down: wakes delayed requests so they end without an answer.
        self._down = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._log_lock:
            return list(self._log)

    # Lifecycle

    def start(self) -> Gateway:
        with self._lifecycle_lock:
            if self._server is None:
                self._open()
        return self

    def stop(self) -> None:
        with self._lifecycle_lock:
            if self._server is not None:
                self._close()
        self.pool.close()

    def refuse_connections(self) -> None:
        """Close the listening socket and every open connection: clients get refused."""
        with self._lifecycle_lock:
            if self._server is not None:
                self._close()

    def accept_connections(self) -> None:
        """Listen again, on the same port."""
        with self._lifecycle_lock:
            if self._server is None:
                self._open()

    def _open(self) -> None:
        self._down.clear()
        server = _Server(("127.0.0.1", self._port), self)
        self._port = server.server_address[1]
        # A short poll interval: stop() and refuse_connections() wait for the loop to notice.
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"supabase-gateway-{self._port}",
            daemon=True,
        )
        thread.start()
        self._server, self._serve_thread = server, thread

    def _close(self) -> None:
        server, thread = self._server, self._serve_thread
        assert server is not None and thread is not None
        self._down.set()
        server.shutdown()
        server.cut_client_connections()
        server.server_close()  # closes the listening socket, then joins the handler threads
        thread.join()
        self._server = self._serve_thread = None

    # Test controls

    def create_user(
        self, email: str, password: str, metadata: Mapping[str, object] | None = None
    ) -> str:
        """A confirmed user who can sign in with this password; their id."""
        return self.auth.create_user(email, password, metadata or {})

    def expire_access_tokens(self) -> None:
        """Every access token issued so far is treated as expired from now on."""
        self.auth.expire_access_tokens()

    def revoke_sessions(self, user_id: str) -> None:
        """End every session of the user: their refresh tokens stop working."""
        self.auth.revoke_sessions(user_id)

    def sign_token(self, claims: Mapping[str, object]) -> str:
        """A JWT with these claims, signed with the gateway's secret."""
        return sign_jwt(claims, self.jwt_secret)

    # Serving

    def serve(self, request: _Request) -> _Response | None:
        """The answer to a request, or None to close the connection without one."""
        fault = self.faults.take(request.method, request.path)
        response: _Response | None
        if fault is None:
            response = self._dispatch(request)
        elif fault.kind == "status":
            response = self._fault_answer(fault)
        elif fault.kind == "drop_before" or (
            fault.kind == "delay" and self._down.wait(fault.seconds)
        ):
            response = None
        else:
            response = self._dispatch(request)
            if fault.kind == "drop_after_commit":
                response = None
        status = None if response is None else response.status
        with self._log_lock:
            self._log.append(RecordedRequest(request.method, request.path, status, request.query))
        return response

    @staticmethod
    def _fault_answer(fault: Fault) -> _Response:
        message = (
            "API rate limit exceeded"
            if fault.status == 429
            else http.HTTPStatus(fault.status).phrase
        )
        headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
        return _json_response(fault.status, {"message": message}, headers)

    def _dispatch(self, request: _Request) -> _Response:
        try:
            if request.path.startswith("/auth/v1/"):
                self._check_api_key(request)
                return self.auth.handle(request)
            if request.path.startswith("/rest/v1/"):
                self._check_api_key(request)
                return self._rest.handle(request)
            return _json_response(404, {"message": "no Route matched with those values"})
        except _HttpError as error:
            return error.response
        except Exception as error:
            traceback.print_exc()
            return _json_response(500, {"message": f"gateway failure: {error!r}"})

    def _check_api_key(self, request: _Request) -> None:
        """The API gateway's key check, before Auth or PostgREST see the request."""
        key = request.header("apikey")
        if key is None:
            raise _HttpError(_json_response(401, {"message": "No API key found in request"}))
        if not hmac.compare_digest(key.encode(), self.anon_key.encode()):
            raise _HttpError(
                _json_response(
                    401,
                    {
                        "message": "Invalid API key",
                        "hint": "Double check your Supabase `anon` or `service_role` API key.",
                    },
                )
            )
