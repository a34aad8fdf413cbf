"""Initial schema: profile, exercises, workouts, exercise sets, device-local metadata.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def sync_columns() -> list[sa.Column[object]]:
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
    op.create_table(
        "profiles",
        *sync_columns(),
        sa.Column("first_name", sa.String(), nullable=True),
        sa.Column("last_name", sa.String(), nullable=True),
        sa.Column("display_name", sa.String(), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(), nullable=True),
        sa.Column("bodyweight_kg", sa.Float(), nullable=True),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("body_fat_pct", sa.Float(), nullable=True),
        sa.Column("experience_level", sa.String(), nullable=True),
        sa.Column("years_training", sa.Float(), nullable=True),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("theme", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=True),
        sa.Column("rest_compound_s", sa.Integer(), nullable=False),
        sa.Column("rest_isolation_s", sa.Integer(), nullable=False),
        sa.Column("e1rm_formula", sa.String(), nullable=False),
        sa.Column("bar_weight_kg", sa.Float(), nullable=False),
        sa.Column("plate_inventory", sa.JSON(), nullable=False),
    )
    op.create_table(
        "exercises",
        *sync_columns(),
        sa.Column("slug", sa.String(), nullable=True, unique=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("subcategory", sa.String(), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("primary_muscles", sa.JSON(), nullable=False),
        sa.Column("secondary_muscles", sa.JSON(), nullable=False),
        sa.Column("movement_pattern", sa.String(), nullable=False),
        sa.Column("plane_of_motion", sa.String(), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("beginner_friendly", sa.Boolean(), nullable=False),
        sa.Column("progression_type", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("tips", sa.JSON(), nullable=False),
        sa.Column("common_mistakes", sa.JSON(), nullable=False),
        sa.Column("is_custom", sa.Boolean(), nullable=False),
        sa.Column("is_favourite", sa.Boolean(), nullable=False),
        sa.Column("rest_seconds", sa.Integer(), nullable=True),
    )
    op.create_index("ix_exercises_name", "exercises", ["name"])
    op.create_table(
        "workouts",
        *sync_columns(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("sleep_quality", sa.Integer(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("stress", sa.Integer(), nullable=True),
        sa.Column("motivation", sa.Integer(), nullable=True),
        sa.Column("energy", sa.Integer(), nullable=True),
        sa.Column("soreness", sa.Integer(), nullable=True),
        sa.Column("readiness_score", sa.Float(), nullable=True),
        sa.Column("total_volume_kg", sa.Float(), nullable=False),
        sa.Column("total_sets", sa.Integer(), nullable=False),
        sa.Column("total_reps", sa.Integer(), nullable=False),
        sa.Column("avg_rpe", sa.Float(), nullable=True),
        sa.Column("max_rpe", sa.Float(), nullable=True),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("muscle_groups", sa.JSON(), nullable=False),
        sa.Column("intensity", sa.Float(), nullable=True),
    )
    op.create_index("ix_workouts_date", "workouts", ["date"])
    op.create_index("ix_workouts_status", "workouts", ["status"])
    op.create_table(
        "exercise_sets",
        *sync_columns(),
        sa.Column("workout_id", sa.String(length=36), sa.ForeignKey("workouts.id"), nullable=False),
        sa.Column("exercise_id", sa.String(length=36), sa.ForeignKey("exercises.id"), nullable=False),
        sa.Column("exercise_order", sa.Integer(), nullable=False),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("set_type", sa.String(), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=False),
        sa.Column("entered_unit", sa.String(), nullable=False),
        sa.Column("is_bodyweight", sa.Boolean(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("tempo", sa.String(), nullable=True),
        sa.Column("rest_seconds", sa.Integer(), nullable=True),
        sa.Column("time_under_tension_s", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("technique_rating", sa.Integer(), nullable=True),
        sa.Column("volume_load", sa.Float(), nullable=False),
        sa.Column("estimated_1rm", sa.Float(), nullable=True),
        sa.Column("relative_intensity", sa.Float(), nullable=True),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_exercise_sets_workout_id", "exercise_sets", ["workout_id"])
    op.create_index("ix_exercise_sets_exercise_id", "exercise_sets", ["exercise_id"])
    op.create_table(
        "local_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
