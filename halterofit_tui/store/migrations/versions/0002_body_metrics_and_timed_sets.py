"""Body metrics over time; duration and distance on sets for timed and distance exercises.

The per-exercise history index replaces the plain exercise_id index: "best e1RM before today"
and "last time I did this" are asked on every logged set.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "body_metrics",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("dirty", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("local_rev", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("bodyweight_kg", sa.Float(), nullable=True),
        sa.Column("body_fat_pct", sa.Float(), nullable=True),
        sa.Column("measurements", sa.JSON(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
    )
    op.create_index("ix_body_metrics_measured_on", "body_metrics", ["measured_on"])
    with op.batch_alter_table("exercise_sets") as batch:
        batch.add_column(sa.Column("duration_s", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("distance_m", sa.Float(), nullable=True))
        batch.drop_index("ix_exercise_sets_exercise_id")
        batch.create_index("ix_exercise_sets_exercise_logged", ["exercise_id", "logged_at"])
