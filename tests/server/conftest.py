"""A fresh Supabase stand-in database per test, and two lifters in it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.server.helpers import create_user


@pytest.fixture
def server(supabase_db: str) -> Iterator[Any]:
    """A superuser connection; `as_user` / `as_role` run requests as the API roles."""
    import psycopg

    with psycopg.connect(supabase_db, autocommit=True) as connection:
        yield connection


@pytest.fixture
def lifters(server: Any) -> tuple[str, str]:
    """Two signed-up users, A and B."""
    return create_user(server, "a@example.com"), create_user(server, "b@example.com")
