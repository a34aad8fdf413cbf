"""The test gateway answers like Supabase Auth and PostgREST, lets PostgreSQL enforce row level
security under each token's role and claims, and injects the faults the sync tests rely on."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg is a dev extra: run `make dev`")

import httpx  # noqa: E402

from tests.sync_backend.gateway import Fault, Gateway, RecordedRequest  # noqa: E402

API_VERSION = {"X-Supabase-Api-Version": "2024-01-01"}
MERGE = {"Prefer": "resolution=merge-duplicates,return=minimal"}
PASSWORD = "correct horse"

NOTE_1 = "00000000-0000-4000-8000-000000000001"
NOTE_2 = "00000000-0000-4000-8000-000000000002"
NOTE_3 = "00000000-0000-4000-8000-000000000003"
NOTE_4 = "00000000-0000-4000-8000-000000000004"
NOTE_5 = "00000000-0000-4000-8000-000000000005"
ITEM_1 = "00000000-0000-4000-8000-0000000000a1"
ITEM_2 = "00000000-0000-4000-8000-0000000000a2"

# A user-owned parent and child with the server schema's rules: composite keys inside the user,
# RLS for `authenticated` only, and a child insert/update check that the parent is the user's.
NOTES_SCHEMA = """
CREATE TABLE public.notes (
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    body text NOT NULL,
    score double precision CHECK (score >= 0),
    taken_on date,
    meta jsonb,
    edited_at timestamptz,
    PRIMARY KEY (user_id, id)
);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_select ON public.notes FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()));
CREATE POLICY notes_insert ON public.notes FOR INSERT TO authenticated
    WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY notes_update ON public.notes FOR UPDATE TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY notes_delete ON public.notes FOR DELETE TO authenticated
    USING (user_id = (SELECT auth.uid()));

CREATE TABLE public.note_items (
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    note_id uuid NOT NULL,
    text text NOT NULL,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, note_id) REFERENCES public.notes (user_id, id)
);
ALTER TABLE public.note_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_select ON public.note_items FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()));
CREATE POLICY items_insert ON public.note_items FOR INSERT TO authenticated
    WITH CHECK (user_id = (SELECT auth.uid()) AND EXISTS (
        SELECT 1 FROM public.notes n WHERE n.user_id = (SELECT auth.uid()) AND n.id = note_id));
CREATE POLICY items_update ON public.note_items FOR UPDATE TO authenticated
    USING (user_id = (SELECT auth.uid()))
    WITH CHECK (user_id = (SELECT auth.uid()) AND EXISTS (
        SELECT 1 FROM public.notes n WHERE n.user_id = (SELECT auth.uid()) AND n.id = note_id));

CREATE FUNCTION public.note_stats(min_score double precision DEFAULT 0) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('count', count(*), 'total', coalesce(sum(score), 0))
    FROM public.notes WHERE score >= min_score
$$;
"""


@pytest.fixture
def notes(supabase: Gateway, supabase_db: str) -> Gateway:
    """The gateway, with the notes tables created in its database."""
    with psycopg.connect(supabase_db, autocommit=True) as connection:
        connection.execute(NOTES_SCHEMA)
    return supabase


@pytest.fixture
def http(supabase: Gateway) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=supabase.url, headers={"apikey": supabase.anon_key, **API_VERSION}, timeout=10
    ) as client:
        yield client


def sign_up(http: httpx.Client, email: str) -> dict[str, Any]:
    response = http.post("/auth/v1/signup", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return dict(response.json())


def refresh(http: httpx.Client, refresh_token: str) -> httpx.Response:
    return http.post(
        "/auth/v1/token",
        params={"grant_type": "refresh_token"},
        json={"refresh_token": refresh_token},
    )


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['access_token']}"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def hs256(claims: dict[str, Any], secret: str) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(signature)}"


def stored_notes(dsn: str) -> list[tuple[str, str, str]]:
    """(owner, id, body) of every note, read as the superuser (no RLS)."""
    with psycopg.connect(dsn) as connection:
        rows = connection.execute(
            "SELECT user_id::text, id::text, body FROM public.notes ORDER BY user_id, id"
        ).fetchall()
    return [(row[0], row[1], row[2]) for row in rows]


# --- API key -----------------------------------------------------------------------------------


def test_every_endpoint_requires_the_api_key(supabase: Gateway) -> None:
    with httpx.Client(base_url=supabase.url) as bare:
        for method, path in (("GET", "/rest/v1/notes"), ("POST", "/auth/v1/signup")):
            missing = bare.request(method, path)
            assert missing.status_code == 401
            assert missing.json() == {"message": "No API key found in request"}
            wrong = bare.request(method, path, headers={"apikey": "not-the-anon-key"})
            assert wrong.status_code == 401
            assert wrong.json()["message"] == "Invalid API key"
    assert [r.status for r in supabase.requests] == [401, 401, 401, 401]


# --- Auth --------------------------------------------------------------------------------------


def test_signup_returns_a_session_signed_with_the_gateway_secret(
    supabase: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    before = int(time.time())
    session = sign_up(http, "Lifter@Example.com")
    user = session["user"]
    assert session["token_type"] == "bearer"
    assert session["expires_in"] == 3600
    assert before + 3600 <= session["expires_at"] <= int(time.time()) + 3600
    assert session["refresh_token"]
    assert user["email"] == "lifter@example.com"
    assert user["aud"] == "authenticated"
    assert {"id", "app_metadata", "user_metadata", "created_at"} <= set(user)

    token = session["access_token"]
    head, body, signature = token.split(".")
    expected = hmac.new(supabase.jwt_secret.encode(), f"{head}.{body}".encode(), hashlib.sha256)
    assert signature == b64url(expected.digest())
    claims = claims_of(token)
    assert claims["sub"] == user["id"]
    assert claims["role"] == "authenticated"
    assert claims["aud"] == "authenticated"
    assert claims["email"] == "lifter@example.com"
    assert claims["exp"] == session["expires_at"]
    assert claims["exp"] - claims["iat"] == 3600
    uuid.UUID(claims["session_id"])
    assert claims_of(supabase.anon_key) | {"iat": 0, "exp": 0} == {
        "iss": "supabase",
        "role": "anon",
        "iat": 0,
        "exp": 0,
    }

    with psycopg.connect(supabase_db) as connection:
        stored = connection.execute(
            "SELECT id::text, encrypted_password, email_confirmed_at IS NOT NULL FROM auth.users"
        ).fetchall()
    assert len(stored) == 1
    assert stored[0][0] == user["id"]
    assert PASSWORD not in stored[0][1]
    assert stored[0][2] is True


def test_signup_refuses_a_taken_email_and_a_weak_password(
    supabase: Gateway, http: httpx.Client
) -> None:
    sign_up(http, "lifter@example.com")
    taken = http.post(
        "/auth/v1/signup", json={"email": "LIFTER@example.com", "password": "another one"}
    )
    assert taken.status_code == 422
    assert taken.json() == {"code": "user_already_exists", "message": "User already registered"}
    assert taken.headers["x-sb-error-code"] == "user_already_exists"

    weak = http.post("/auth/v1/signup", json={"email": "new@example.com", "password": "12345"})
    assert weak.status_code == 422
    assert weak.json() == {
        "code": "weak_password",
        "message": "Password should be at least 6 characters.",
        "weak_password": {"reasons": ["length"]},
    }

    # Clients that do not send an API version get GoTrue's legacy error body.
    legacy = http.post(
        "/auth/v1/signup",
        json={"email": "lifter@example.com", "password": PASSWORD},
        headers={"X-Supabase-Api-Version": ""},
    )
    assert legacy.status_code == 422
    assert legacy.json() == {
        "code": 422,
        "error_code": "user_already_exists",
        "msg": "User already registered",
    }


def test_password_grant_signs_in_a_created_user_and_refuses_wrong_credentials(
    supabase: Gateway, http: httpx.Client
) -> None:
    user_id = supabase.create_user("coach@example.com", PASSWORD)
    signed_in = http.post(
        "/auth/v1/token",
        params={"grant_type": "password"},
        json={"email": "coach@example.com", "password": PASSWORD},
    )
    assert signed_in.status_code == 200
    assert signed_in.json()["user"]["id"] == user_id
    assert claims_of(signed_in.json()["access_token"])["sub"] == user_id

    invalid = {"code": "invalid_credentials", "message": "Invalid login credentials"}
    for email, password in (
        ("coach@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
    ):
        refused = http.post(
            "/auth/v1/token",
            params={"grant_type": "password"},
            json={"email": email, "password": password},
        )
        assert refused.status_code == 400
        assert refused.json() == invalid
    with pytest.raises(ValueError, match="already exists"):
        supabase.create_user("Coach@example.com", PASSWORD)


def test_refresh_rotates_tolerates_one_reuse_of_the_parent_and_revokes_on_older_reuse(
    http: httpx.Client,
) -> None:
    session = sign_up(http, "lifter@example.com")
    token_0 = session["refresh_token"]

    rotated = refresh(http, token_0)
    assert rotated.status_code == 200
    token_1 = rotated.json()["refresh_token"]
    assert token_1 != token_0
    assert (
        claims_of(rotated.json()["access_token"])["session_id"]
        == claims_of(session["access_token"])["session_id"]
    )

    # A client that crashed before storing token_1 presents token_0 again: it gets token_1 back.
    recovered = refresh(http, token_0)
    assert recovered.status_code == 200
    assert recovered.json()["refresh_token"] == token_1

    token_2 = refresh(http, token_1).json()["refresh_token"]
    assert token_2 not in {token_0, token_1}
    already_used = {
        "code": "refresh_token_already_used",
        "message": "Invalid Refresh Token: Already Used",
    }
    stale = refresh(http, token_0)
    assert stale.status_code == 400
    assert stale.json() == already_used
    # Reusing an older token revokes the whole family, the newest token included.
    assert refresh(http, token_2).json() == already_used

    unknown = refresh(http, "never-issued")
    assert unknown.status_code == 400
    assert unknown.json() == {
        "code": "refresh_token_not_found",
        "message": "Invalid Refresh Token: Refresh Token Not Found",
    }


def test_revoked_sessions_lose_their_refresh_tokens_only(
    notes: Gateway, http: httpx.Client
) -> None:
    lifter = sign_up(http, "lifter@example.com")
    other = sign_up(http, "other@example.com")
    notes.revoke_sessions(lifter["user"]["id"])

    revoked = refresh(http, lifter["refresh_token"])
    assert revoked.status_code == 400
    assert revoked.json()["code"] == "refresh_token_not_found"
    assert refresh(http, other["refresh_token"]).status_code == 200
    # Like PostgREST, the REST side checks only the JWT: the access token works until it expires.
    assert http.get("/rest/v1/notes", headers=bearer(lifter)).status_code == 200


def test_logout_ends_the_session_by_scope(http: httpx.Client) -> None:
    phone = sign_up(http, "lifter@example.com")
    laptop = http.post(
        "/auth/v1/token",
        params={"grant_type": "password"},
        json={"email": "lifter@example.com", "password": PASSWORD},
    ).json()

    assert (
        http.post("/auth/v1/logout", params={"scope": "local"}, headers=bearer(phone)).status_code
        == 204
    )
    assert refresh(http, phone["refresh_token"]).json()["code"] == "refresh_token_not_found"
    gone = http.get("/auth/v1/user", headers=bearer(phone))
    assert gone.status_code == 403
    assert gone.json()["code"] == "session_not_found"
    laptop_rotated = refresh(http, laptop["refresh_token"])
    assert laptop_rotated.status_code == 200

    assert http.post("/auth/v1/logout", headers=bearer(laptop_rotated.json())).status_code == 204
    assert refresh(http, laptop_rotated.json()["refresh_token"]).status_code == 400

    anonymous = http.post("/auth/v1/logout")
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "code": "no_authorization",
        "message": "This endpoint requires a Bearer token",
    }


def test_get_user_needs_a_valid_unexpired_token(supabase: Gateway, http: httpx.Client) -> None:
    session = sign_up(http, "lifter@example.com")
    me = http.get("/auth/v1/user", headers=bearer(session))
    assert me.status_code == 200
    assert me.json()["id"] == session["user"]["id"]
    assert me.json()["email"] == "lifter@example.com"

    assert http.get("/auth/v1/user").status_code == 401
    forged = hs256(claims_of(session["access_token"]), "another secret")
    bad = http.get("/auth/v1/user", headers={"Authorization": f"Bearer {forged}"})
    assert bad.status_code == 403
    assert bad.json()["code"] == "bad_jwt"

    supabase.expire_access_tokens()
    expired = http.get("/auth/v1/user", headers=bearer(session))
    assert expired.status_code == 403
    assert expired.json()["code"] == "bad_jwt"
    assert "token is expired" in expired.json()["message"]


# --- PostgREST ---------------------------------------------------------------------------------


def test_upsert_answers_201_when_a_row_is_new_and_200_when_all_merged(
    notes: Gateway, http: httpx.Client
) -> None:
    lifter = sign_up(http, "lifter@example.com")
    auth = bearer(lifter)
    note = {
        "user_id": lifter["user"]["id"],
        "id": NOTE_1,
        "body": "squat 5x5",
        "score": 2.5,
        "taken_on": "2025-03-01",
        "meta": {"rpe": [8, 8.5]},
        "edited_at": "2025-03-01T18:30:00+02:00",
    }
    url = "/rest/v1/notes?on_conflict=user_id,id"
    first = http.post(url, json=[note], headers={**auth, **MERGE})
    assert first.status_code == 201
    assert first.content == b""
    mixed = [{**note, "body": "squat 5x5 heavy"}, {**note, "id": NOTE_2}]
    assert http.post(url, json=mixed, headers={**auth, **MERGE}).status_code == 201
    merged = http.post(url, json=[{**note, "body": "final"}], headers={**auth, **MERGE})
    assert merged.status_code == 200

    read = http.get("/rest/v1/notes", params={"select": "*", "order": "id.asc"}, headers=auth)
    assert read.status_code == 200
    # Values come back typed by the table: double, date, jsonb and timestamptz (in UTC).
    assert read.json() == [
        {**note, "body": "final", "edited_at": "2025-03-01T16:30:00+00:00"},
        {**note, "id": NOTE_2, "edited_at": "2025-03-01T16:30:00+00:00"},
    ]

    duplicate = http.post("/rest/v1/notes", json=note, headers=auth)
    assert duplicate.status_code == 409
    # PostgreSQL keeps the key out of the detail on a table with row level security.
    assert duplicate.json() == {
        "code": "23505",
        "message": 'duplicate key value violates unique constraint "notes_pkey"',
        "details": None,
        "hint": None,
    }


def test_return_representation_patch_and_delete(notes: Gateway, http: httpx.Client) -> None:
    lifter = sign_up(http, "lifter@example.com")
    auth = bearer(lifter)
    representation = {**auth, "Prefer": "return=representation"}

    created = http.post(
        "/rest/v1/notes", json={"id": NOTE_1, "body": "bench"}, headers=representation
    )
    assert created.status_code == 201
    # user_id was left to its default, auth.uid(), which is the token's subject.
    assert created.json() == [
        {
            "user_id": lifter["user"]["id"],
            "id": NOTE_1,
            "body": "bench",
            "score": None,
            "taken_on": None,
            "meta": None,
            "edited_at": None,
        }
    ]

    patched = http.patch(
        "/rest/v1/notes?id=eq." + NOTE_1 + "&select=id,score",
        json={"score": 3},
        headers=representation,
    )
    assert patched.status_code == 200
    assert patched.json() == [{"id": NOTE_1, "score": 3.0}]
    quiet = http.patch(f"/rest/v1/notes?id=eq.{NOTE_1}", json={"body": "bench press"}, headers=auth)
    assert quiet.status_code == 204
    assert http.get("/rest/v1/notes?select=body", headers=auth).json() == [{"body": "bench press"}]

    deleted = http.delete(f"/rest/v1/notes?id=eq.{NOTE_1}", headers=auth)
    assert deleted.status_code == 204
    assert http.get("/rest/v1/notes", headers=auth).json() == []


def test_filters_order_and_paging(notes: Gateway, http: httpx.Client) -> None:
    auth = bearer(sign_up(http, "lifter@example.com"))
    scores = {NOTE_1: 1, NOTE_2: 2, NOTE_3: 3, NOTE_4: 4, NOTE_5: None}
    rows = [{"id": i, "body": f"note {i[-1]}", "score": s} for i, s in scores.items()]
    assert http.post("/rest/v1/notes", json=rows, headers=auth).status_code == 201

    def ids(query: str) -> list[str]:
        response = http.get(f"/rest/v1/notes?select=id&order=id.asc&{query}", headers=auth)
        assert response.status_code == 200, response.text
        return [row["id"] for row in response.json()]

    assert ids("score=gt.2") == [NOTE_3, NOTE_4]
    assert ids("score=gte.2&score=lt.4") == [NOTE_2, NOTE_3]
    assert ids("score=lte.1") == [NOTE_1]
    assert ids("score=neq.1") == [NOTE_2, NOTE_3, NOTE_4]  # NULL is neither equal nor unequal
    assert ids("score=eq.4") == [NOTE_4]
    assert ids("score=is.null") == [NOTE_5]
    assert ids("score=not.is.null") == [NOTE_1, NOTE_2, NOTE_3, NOTE_4]
    assert ids(f"id=in.({NOTE_2},{NOTE_5})") == [NOTE_2, NOTE_5]
    assert ids("id=in.()") == []

    page = http.get(
        "/rest/v1/notes?select=score&order=score.desc.nullslast&limit=2&offset=1", headers=auth
    )
    assert page.json() == [{"score": 3.0}, {"score": 2.0}]
    assert page.headers["Content-Range"] == "1-2/*"
    first = http.get("/rest/v1/notes?select=score&order=score.asc.nullsfirst&limit=1", headers=auth)
    assert first.json() == [{"score": None}]

    bad = http.get("/rest/v1/notes?score=like.3", headers=auth)
    assert bad.status_code == 400
    assert bad.json()["code"] == "PGRST100"


def test_reads_return_at_most_1000_rows(
    notes: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    lifter = sign_up(http, "lifter@example.com")
    with psycopg.connect(supabase_db) as connection:
        connection.execute(
            "INSERT INTO public.notes (user_id, id, body, score) "
            "SELECT %s, gen_random_uuid(), 'n', g FROM generate_series(1, 1005) g",
            (lifter["user"]["id"],),
        )
    auth = bearer(lifter)
    capped = http.get("/rest/v1/notes?select=score&order=score.asc&limit=5000", headers=auth)
    assert len(capped.json()) == 1000
    assert capped.headers["Content-Range"] == "0-999/*"
    rest = http.get("/rest/v1/notes?select=score&order=score.asc&offset=1000", headers=auth)
    assert rest.json() == [{"score": float(n)} for n in range(1001, 1006)]
    assert rest.headers["Content-Range"] == "1000-1004/*"


def test_schema_and_constraint_errors(notes: Gateway, http: httpx.Client) -> None:
    auth = bearer(sign_up(http, "lifter@example.com"))

    missing_table = http.get("/rest/v1/note", headers=auth)
    assert missing_table.status_code == 404
    assert missing_table.json() == {
        "code": "PGRST205",
        "message": "Could not find the table 'public.note' in the schema cache",
        "details": None,
        "hint": "Perhaps you meant the table 'public.notes'",
    }
    missing_column = http.post(
        "/rest/v1/notes", json={"id": NOTE_1, "body": "x", "mood": "good"}, headers=auth
    )
    assert missing_column.status_code == 400
    assert missing_column.json()["code"] == "PGRST204"
    assert missing_column.json()["message"] == (
        "Could not find the 'mood' column of 'notes' in the schema cache"
    )
    uneven = http.post(
        "/rest/v1/notes", json=[{"id": NOTE_1, "body": "x"}, {"id": NOTE_2}], headers=auth
    )
    assert (uneven.status_code, uneven.json()["code"]) == (400, "PGRST102")
    not_json = http.post("/rest/v1/notes", content=b"{nope", headers=auth)
    assert (not_json.status_code, not_json.json()["code"]) == (400, "PGRST102")

    def code_of(row: dict[str, Any]) -> tuple[int, str]:
        response = http.post("/rest/v1/notes", json=row, headers=auth)
        return response.status_code, response.json()["code"]

    assert code_of({"id": NOTE_1, "body": "x", "score": "heavy"}) == (400, "22P02")
    assert code_of({"id": NOTE_1, "body": "x", "score": -1}) == (400, "23514")
    assert code_of({"id": NOTE_1, "body": None}) == (400, "23502")
    unknown_select = http.get("/rest/v1/notes?select=mood", headers=auth)
    assert (unknown_select.status_code, unknown_select.json()["code"]) == (400, "42703")
    assert http.get("/rest/v1/notes", headers=auth).json() == []


def test_rpc_runs_under_the_callers_rls(notes: Gateway, http: httpx.Client) -> None:
    lifter, other = sign_up(http, "lifter@example.com"), sign_up(http, "other@example.com")
    mine = [{"id": NOTE_1, "body": "a", "score": 1.5}, {"id": NOTE_2, "body": "b", "score": 4}]
    assert http.post("/rest/v1/notes", json=mine, headers=bearer(lifter)).status_code == 201
    theirs = {"id": NOTE_3, "body": "c", "score": 10}
    assert http.post("/rest/v1/notes", json=theirs, headers=bearer(other)).status_code == 201

    def stats(headers: dict[str, str], args: dict[str, Any]) -> httpx.Response:
        return http.post("/rest/v1/rpc/note_stats", json=args, headers=headers)

    assert stats(bearer(lifter), {}).json() == {"count": 2, "total": 5.5}
    assert stats(bearer(lifter), {"min_score": 2}).json() == {"count": 1, "total": 4}
    assert stats(bearer(other), {}).json() == {"count": 1, "total": 10}
    assert stats({}, {}).json() == {"count": 0, "total": 0}
    wrong_argument = stats(bearer(lifter), {"minimum": 2})
    assert wrong_argument.status_code == 404
    assert wrong_argument.json()["code"] == "PGRST202"
    missing = http.post("/rest/v1/rpc/no_such_function", json={}, headers=bearer(lifter))
    assert missing.status_code == 404
    assert missing.json()["message"] == (
        "Could not find the function public.no_such_function without parameters in the schema cache"
    )


# --- Security ----------------------------------------------------------------------------------


def test_user_b_can_neither_read_change_delete_nor_attach_to_user_a_rows(
    notes: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    owner, intruder = sign_up(http, "owner@example.com"), sign_up(http, "intruder@example.com")
    owner_id, intruder_id = owner["user"]["id"], intruder["user"]["id"]
    a, b = bearer(owner), bearer(intruder)
    assert (
        http.post("/rest/v1/notes", json={"id": NOTE_1, "body": "A's"}, headers=a).status_code
        == 201
    )
    item = {"id": ITEM_1, "note_id": NOTE_1, "text": "A's item"}
    assert http.post("/rest/v1/note_items", json=item, headers=a).status_code == 201

    # Read: nothing, even when naming A's row.
    assert http.get("/rest/v1/notes", headers=b).json() == []
    assert http.get(f"/rest/v1/notes?id=eq.{NOTE_1}", headers=b).json() == []
    assert http.get(f"/rest/v1/notes?user_id=eq.{owner_id}", headers=b).json() == []
    assert http.get("/rest/v1/note_items", headers=b).json() == []

    # Change and delete: PostgreSQL finds no row of B's to touch.
    assert (
        http.patch(
            f"/rest/v1/notes?id=eq.{NOTE_1}", json={"body": "B was here"}, headers=b
        ).status_code
        == 204
    )
    assert (
        http.patch(f"/rest/v1/note_items?id=eq.{ITEM_1}", json={"text": "B"}, headers=b).status_code
        == 204
    )
    assert http.delete(f"/rest/v1/notes?id=eq.{NOTE_1}", headers=b).status_code == 204

    # Upsert onto A's key: refused by the insert policy.
    onto_a = {"user_id": owner_id, "id": NOTE_1, "body": "B was here"}
    for headers in ({**b, **MERGE}, b):
        refused = http.post("/rest/v1/notes?on_conflict=user_id,id", json=[onto_a], headers=headers)
        assert refused.status_code == 403
        assert refused.json()["code"] == "42501"

    # Attach a child to A's parent, as B or posing as A: refused.
    for user_id in (intruder_id, owner_id):
        child = {"user_id": user_id, "id": ITEM_2, "note_id": NOTE_1, "text": "B's item"}
        attached = http.post("/rest/v1/note_items", json=child, headers=b)
        assert attached.status_code == 403
        assert attached.json()["code"] == "42501"

    # The same id under B's own user_id is B's own row; A's is untouched.
    own = {"user_id": intruder_id, "id": NOTE_1, "body": "B's"}
    assert (
        http.post(
            "/rest/v1/notes?on_conflict=user_id,id", json=[own], headers={**b, **MERGE}
        ).status_code
        == 201
    )
    assert http.post("/rest/v1/rpc/note_stats", json={}, headers=b).json()["count"] == 0

    assert stored_notes(supabase_db) == sorted(
        [(owner_id, NOTE_1, "A's"), (intruder_id, NOTE_1, "B's")]
    )
    with psycopg.connect(supabase_db) as connection:
        items = connection.execute("SELECT user_id::text, text FROM public.note_items").fetchall()
    assert items == [(owner_id, "A's item")]


def test_anon_reads_nothing_and_writes_nothing(
    notes: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    owner = sign_up(http, "owner@example.com")
    assert (
        http.post(
            "/rest/v1/notes", json={"id": NOTE_1, "body": "A's"}, headers=bearer(owner)
        ).status_code
        == 201
    )

    with_anon_key = {"Authorization": f"Bearer {notes.anon_key}"}
    for headers in ({}, with_anon_key):
        assert http.get("/rest/v1/notes", headers=headers).json() == []
        written = http.post("/rest/v1/notes", json={"id": NOTE_2, "body": "anon"}, headers=headers)
        assert written.status_code == 401
        assert written.json()["code"] == "42501"
        assert written.headers["WWW-Authenticate"] == "Bearer"
        assert (
            http.patch("/rest/v1/notes", json={"body": "anon"}, headers=headers).status_code == 204
        )
    assert stored_notes(supabase_db) == [(owner["user"]["id"], NOTE_1, "A's")]


def test_a_token_signed_with_another_secret_is_refused(notes: Gateway, http: httpx.Client) -> None:
    session = sign_up(http, "lifter@example.com")
    forged = hs256(claims_of(session["access_token"]), "another secret")
    refused = http.get("/rest/v1/notes", headers={"Authorization": f"Bearer {forged}"})
    assert refused.status_code == 401
    assert refused.json() == {
        "code": "PGRST301",
        "message": "No suitable key or wrong key type",
        "details": "None of the keys was able to decode the JWT",
        "hint": None,
    }
    assert refused.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="No suitable key or wrong key type"'
    )
    malformed = http.get("/rest/v1/notes", headers={"Authorization": "Bearer not-a-jwt"})
    assert malformed.status_code == 401
    assert malformed.json()["message"] == "Expected 3 parts in JWT; got 1"
    # The anon key re-signed with another secret is refused too (by the API gateway).
    foreign_anon = hs256(claims_of(notes.anon_key), "another secret")
    assert http.get("/rest/v1/notes", headers={"apikey": foreign_anon}).status_code == 401


def test_expired_access_tokens_get_401_pgrst303_until_refreshed(
    notes: Gateway, http: httpx.Client
) -> None:
    session = sign_up(http, "lifter@example.com")
    notes.expire_access_tokens()
    expired = http.get("/rest/v1/notes", headers=bearer(session))
    assert expired.status_code == 401
    assert expired.json()["code"] == "PGRST303"
    assert expired.json()["message"] == "JWT expired"
    assert expired.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="JWT expired"'
    )
    fresh = refresh(http, session["refresh_token"]).json()
    assert http.get("/rest/v1/notes", headers=bearer(fresh)).status_code == 200

    # PostgREST tolerates 30 s of clock skew on `exp`.
    claims = claims_of(session["access_token"])
    now = int(time.time())
    for seconds_ago, status in ((10, 200), (60, 401)):
        token = notes.sign_token({**claims, "exp": now - seconds_ago})
        response = http.get("/rest/v1/notes", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == status


def test_concurrent_requests_are_served(notes: Gateway, http: httpx.Client) -> None:
    auth = bearer(sign_up(http, "lifter@example.com"))
    statuses: list[int] = []
    lock = threading.Lock()

    def push(worker: int) -> None:
        with httpx.Client(base_url=notes.url, headers={"apikey": notes.anon_key, **auth}) as own:
            for n in range(10):
                row = {"id": str(uuid.UUID(int=worker * 100 + n)), "body": "x"}
                status = own.post("/rest/v1/notes", json=[row], headers=MERGE).status_code
                with lock:
                    statuses.append(status)

    workers = [threading.Thread(target=push, args=(w,)) for w in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert statuses == [201] * 60
    assert len(http.get("/rest/v1/notes?select=id", headers=auth).json()) == 60


# --- Faults ------------------------------------------------------------------------------------


def test_refused_connections_then_accepted_on_the_same_port(
    notes: Gateway, http: httpx.Client
) -> None:
    url = notes.url
    assert http.get("/rest/v1/notes").status_code == 200  # keeps a pooled connection open
    notes.refuse_connections()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/rest/v1/notes", headers={"apikey": notes.anon_key})
    with pytest.raises(httpx.TransportError):
        http.get("/rest/v1/notes")
    notes.accept_connections()
    assert notes.url == url
    assert http.get("/rest/v1/notes").status_code == 200


def test_drop_before_runs_nothing(notes: Gateway, http: httpx.Client, supabase_db: str) -> None:
    auth = bearer(sign_up(http, "lifter@example.com"))
    fault = notes.faults.add(Fault("drop_before"))
    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/rest/v1/notes", json={"id": NOTE_1, "body": "lost"}, headers=auth)
    assert stored_notes(supabase_db) == []
    assert fault.fired == 1
    assert notes.requests[-1] == RecordedRequest("POST", "/rest/v1/notes", None)
    assert (
        http.post("/rest/v1/notes", json={"id": NOTE_1, "body": "sent"}, headers=auth).status_code
        == 201
    )


def test_drop_after_commit_keeps_the_row_but_loses_the_answer(
    notes: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    lifter = sign_up(http, "lifter@example.com")
    row = {"user_id": lifter["user"]["id"], "id": NOTE_1, "body": "committed"}
    notes.faults.add(Fault("drop_after_commit", path_prefix="/rest/v1/notes"))
    url = "/rest/v1/notes?on_conflict=user_id,id"
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(url, json=[row], headers={**bearer(lifter), **MERGE})
    assert stored_notes(supabase_db) == [(lifter["user"]["id"], NOTE_1, "committed")]
    # Resending the batch is harmless: everything merges, nothing is new.
    assert http.post(url, json=[row], headers={**bearer(lifter), **MERGE}).status_code == 200


def test_status_faults_answer_nth_to_nth_plus_count_minus_one(
    notes: Gateway, http: httpx.Client
) -> None:
    notes.faults.add(
        Fault(
            "status",
            method="GET",
            path_prefix="/rest/v1/notes",
            nth=2,
            count=2,
            status=429,
            retry_after=2,
        )
    )
    answers = [http.get("/rest/v1/notes") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 429, 429, 200]
    assert answers[1].headers["Retry-After"] == "2"
    assert answers[1].json() == {"message": "API rate limit exceeded"}
    assert http.post("/rest/v1/notes", json={"id": NOTE_1, "body": "x"}).status_code == 401

    notes.faults.add(Fault("status", path_prefix="/auth/v1/token", status=500))
    failed = http.post(
        "/auth/v1/token",
        params={"grant_type": "password"},
        json={"email": "nobody@example.com", "password": PASSWORD},
    )
    assert failed.status_code == 500
    assert "Retry-After" not in failed.headers
    assert [r.status for r in notes.requests] == [200, 429, 429, 200, 401, 500]

    notes.faults.add(Fault("status", method=None, path_prefix="/", count=100))
    notes.faults.clear()
    assert http.get("/rest/v1/notes").status_code == 200


def test_delay_times_out_the_client_yet_the_request_runs(
    notes: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    auth = bearer(sign_up(http, "lifter@example.com"))
    notes.faults.add(Fault("delay", seconds=1.0))
    with pytest.raises(httpx.ReadTimeout):
        http.post("/rest/v1/notes", json={"id": NOTE_1, "body": "late"}, headers=auth, timeout=0.2)
    deadline = time.monotonic() + 5
    while not stored_notes(supabase_db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [row[2] for row in stored_notes(supabase_db)] == ["late"]

    notes.faults.add(Fault("delay", seconds=0.3))
    started = time.monotonic()
    slow = http.post("/rest/v1/notes", json={"id": NOTE_2, "body": "slow"}, headers=auth)
    assert slow.status_code == 201
    assert time.monotonic() - started >= 0.3


def test_stop_closes_the_port_and_leaves_no_thread(supabase_db: str) -> None:
    before = set(threading.enumerate())
    gateway = Gateway(supabase_db).start()
    client = httpx.Client(base_url=gateway.url, headers={"apikey": gateway.anon_key})
    assert client.get("/rest/v1/no_table").status_code == 404  # leaves a keep-alive connection
    delay = gateway.faults.add(Fault("delay", method=None, seconds=30))
    outcomes: list[BaseException] = []

    def wait_for_answer() -> None:
        try:
            client.get("/rest/v1/no_table")
        except httpx.TransportError as error:
            outcomes.append(error)

    waiting = threading.Thread(target=wait_for_answer)
    waiting.start()
    deadline = time.monotonic() + 5
    while delay.fired == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    gateway.stop()
    waiting.join()
    client.close()
    assert time.monotonic() - started < 5  # the 30 s delay was cut short
    assert len(outcomes) == 1  # the delayed request ended without an answer
    assert set(threading.enumerate()) == before
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{gateway.url}/rest/v1/notes")


# --- The project's own schema (supabase/migrations) --------------------------------------------


def bench_press_id(http: httpx.Client, headers: dict[str, str]) -> str:
    found = http.get(
        "/rest/v1/builtin_exercises?select=id&slug=eq.barbell-bench-press", headers=headers
    )
    assert found.status_code == 200, found.text
    return str(found.json()[0]["id"])


def test_workout_upserts_follow_last_writer_wins_and_the_server_version_cursor(
    supabase: Gateway, http: httpx.Client
) -> None:
    lifter = sign_up(http, "lifter@example.com")
    auth = {**bearer(lifter), **MERGE}
    url = "/rest/v1/workouts?on_conflict=user_id,id"
    workout = {
        "user_id": lifter["user"]["id"],
        "id": NOTE_1,
        "name": "Push day",
        "date": "2025-03-01",
        "hlc": "0001764000000000-0002",
        "device_id": "laptop",
    }

    def stored() -> dict[str, Any]:
        rows = http.get("/rest/v1/workouts?select=name,server_version", headers=bearer(lifter))
        return dict(rows.json()[0])

    assert http.post(url, json=[workout], headers=auth).status_code == 201
    first = stored()
    assert first["name"] == "Push day"
    assert first["server_version"] >= 1

    older = {**workout, "name": "stale edit", "hlc": "0001764000000000-0001"}
    assert http.post(url, json=[older], headers=auth).status_code == 200
    assert stored() == first  # the trigger kept the stored row

    newer = {**workout, "name": "Push day (heavy)", "hlc": "0001764000000000-0003"}
    assert http.post(url, json=[newer], headers=auth).status_code == 200
    second = stored()
    assert second["name"] == "Push day (heavy)"
    assert second["server_version"] > first["server_version"]
    pulled = http.get(
        "/rest/v1/workouts",
        params={
            "select": "id,name",
            "server_version": f"gt.{first['server_version']}",
            "order": "server_version.asc",
        },
        headers=bearer(lifter),
    )
    assert pulled.json() == [{"id": NOTE_1, "name": "Push day (heavy)"}]

    info = http.post("/rest/v1/rpc/halterofit_server_info", json={}, headers=bearer(lifter))
    assert info.status_code == 200
    assert set(info.json()) == {"schema_version", "now"}


def test_user_b_cannot_reach_user_a_workouts_or_hang_sets_on_them(
    supabase: Gateway, http: httpx.Client, supabase_db: str
) -> None:
    owner, intruder = sign_up(http, "owner@example.com"), sign_up(http, "intruder@example.com")
    owner_id, intruder_id = owner["user"]["id"], intruder["user"]["id"]
    a, b = bearer(owner), bearer(intruder)
    workout = {"id": NOTE_1, "name": "A's workout", "date": "2025-03-01"}
    assert http.post("/rest/v1/workouts", json=workout, headers=a).status_code == 201
    exercise_id = bench_press_id(http, b)  # the catalogue is readable by every signed-in lifter
    a_set = {
        "id": ITEM_1,
        "workout_id": NOTE_1,
        "exercise_id": exercise_id,
        "exercise_order": 1,
        "set_number": 1,
        "weight_kg": 100,
        "reps": 5,
        "logged_at": "2025-03-01T18:00:00Z",
    }
    created = http.post(
        "/rest/v1/exercise_sets", json=a_set, headers={**a, "Prefer": "return=representation"}
    )
    assert created.status_code == 201
    assert created.json()[0]["volume_load"] == 500.0  # the server's trigger ran

    for table in ("workouts", "exercise_sets"):
        assert http.get(f"/rest/v1/{table}", headers=b).json() == []
        assert http.get(f"/rest/v1/{table}?user_id=eq.{owner_id}", headers=b).json() == []
    assert (
        http.patch(f"/rest/v1/workouts?id=eq.{NOTE_1}", json={"name": "B"}, headers=b).status_code
        == 204
    )
    assert (
        http.patch(
            f"/rest/v1/exercise_sets?id=eq.{ITEM_1}", json={"reps": 1}, headers=b
        ).status_code
        == 204
    )
    assert http.delete(f"/rest/v1/workouts?id=eq.{NOTE_1}", headers=b).status_code == 204

    onto_a = {**workout, "user_id": owner_id, "name": "B was here"}
    refused = http.post(
        "/rest/v1/workouts?on_conflict=user_id,id", json=[onto_a], headers={**b, **MERGE}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "42501")
    for user_id in (intruder_id, owner_id):
        hung = {**a_set, "id": ITEM_2, "user_id": user_id}
        attached = http.post("/rest/v1/exercise_sets", json=hung, headers=b)
        assert (attached.status_code, attached.json()["code"]) == (403, "42501")

    # Nothing is granted to anon: a read is refused outright.
    anonymous = http.get("/rest/v1/workouts")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "42501")
    assert http.post("/rest/v1/rpc/halterofit_server_info", json={}).status_code == 401

    with psycopg.connect(supabase_db) as connection:
        workouts = connection.execute("SELECT user_id::text, name FROM public.workouts").fetchall()
        sets = connection.execute(
            "SELECT user_id::text, workout_id::text, reps FROM public.exercise_sets"
        ).fetchall()
    assert workouts == [(owner_id, "A's workout")]
    assert sets == [(owner_id, NOTE_1, 5)]
