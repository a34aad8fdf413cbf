"""Plateaus as stored rows with their causes, protocols and the lifter's verdict; the anomaly
state of sets (why a set looked implausible, and whether the lifter confirmed it).

Nothing is backfilled here: plateaus are derived by the detector (services/plateaus.py fills
the table the first time they are asked for), and every set logged so far is unflagged.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PENDING_ANOMALY = "anomaly IS NOT NULL AND anomaly_confirmed = 0"


def upgrade() -> None:
    op.create_table(
        "plateaus",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("dirty", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("local_rev", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("exercise_id", sa.String(length=36), sa.ForeignKey("exercises.id"), nullable=False),
        sa.Column("metric", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("duration_days", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("last_pr_date", sa.Date(), nullable=False),
        sa.Column("last_pr_kg", sa.Float(), nullable=False),
        sa.Column("current_avg_kg", sa.Float(), nullable=False),
        sa.Column("trend_kg_per_week", sa.Float(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("resolution", sa.String(), nullable=True),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.Column("feedback", sa.String(), nullable=False),
        sa.Column("causes", sa.JSON(), nullable=False),
        sa.Column("protocols", sa.JSON(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_plateaus_exercise_start", "plateaus", ["exercise_id", "start_date"])
    op.add_column("exercise_sets", sa.Column("anomaly", sa.JSON(), nullable=True))
    op.add_column(
        "exercise_sets",
        sa.Column("anomaly_confirmed", sa.Boolean(), server_default=sa.text("0"), nullable=False),
    )
    op.create_index(
        "ix_exercise_sets_pending_anomaly",
        "exercise_sets",
        ["exercise_id"],
        sqlite_where=sa.text(PENDING_ANOMALY),
    )
