"""Templates, programme enrollments and the plan a workout was started from; the device-local
sync bookkeeping (pull checkpoints, quarantined rows).

Nothing is backfilled: no workout so far came from a plan, and nothing has been synced.

Revision ID: 0007
Revises: 0006
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("dirty", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("local_rev", sa.Integer(), server_default=sa.text("1"), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("workouts") as batch:
        batch.add_column(sa.Column("template_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("enrollment_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("plan", sa.JSON(), nullable=True))
    op.create_table(
        "templates",
        *_sync_columns(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("source_workout_id", sa.String(length=36), nullable=True),
        sa.Column("exercises", sa.JSON(), nullable=False),
    )
    op.create_table(
        "program_enrollments",
        *_sync_columns(),
        sa.Column("program_key", sa.String(), nullable=False),
        sa.Column("program_name", sa.String(), nullable=False),
        sa.Column("program", sa.JSON(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_program_enrollments_status", "program_enrollments", ["status"])
    op.create_table(
        "sync_checkpoints",
        sa.Column("table_name", sa.String(), primary_key=True),
        sa.Column("server_version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "sync_quarantine",
        sa.Column("table_name", sa.String(), primary_key=True),
        sa.Column("row_id", sa.String(length=36), primary_key=True),
        sa.Column("local_rev", sa.Integer(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("quarantined_at", sa.DateTime(), nullable=False),
    )

