"""Exercises of a workout as rows of their own, so an exercise added before its first set (and
the order the lifter chose) survives a restart. Backfilled from the sets already logged.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# A random UUIDv4 in SQL, for backfilled rows.
UUID4 = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)"
    " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)"
    " || '-' || hex(randomblob(6)))"
)


def upgrade() -> None:
    op.create_table(
        "workout_exercises",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("dirty", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("local_rev", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("workout_id", sa.String(length=36), sa.ForeignKey("workouts.id"), nullable=False),
        sa.Column("exercise_id", sa.String(length=36), sa.ForeignKey("exercises.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
    )
    op.create_index("ix_workout_exercises_workout_id", "workout_exercises", ["workout_id"])
    op.execute(
        "INSERT INTO workout_exercises (id, created_at, updated_at, hlc, device_id, deleted, dirty,"
        " local_rev, workout_id, exercise_id, position, notes)"
        f" SELECT {UUID4}, min(created_at), max(updated_at), max(hlc), max(device_id), 0, 1, 1,"
        " workout_id, exercise_id, min(exercise_order), ''"
        " FROM exercise_sets WHERE deleted = 0 GROUP BY workout_id, exercise_id"
    )
