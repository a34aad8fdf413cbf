"""performance_metrics: each exercise's training per day, week and month, filled from the sets;
and a covering index for the per-exercise PR queries.

The fill is frozen here as plain SQL (the application's version of it may change with later
schemas); the rules are those of docs/METRICS.md at this revision.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SET_COUNTS = ("sessions", "sets", "working_sets", "hard_sets", "reps")
RPE_COUNTS = ("rpe_6", "rpe_6_5", "rpe_7", "rpe_7_5", "rpe_8", "rpe_8_5", "rpe_9", "rpe_9_5", "rpe_10")
ZONE_COUNTS = ("zone_below_60", "zone_60_70", "zone_70_80", "zone_80_90", "zone_90_up")
COLUMNS = (
    "period, period_start, exercise_id, sessions, sets, working_sets, hard_sets, reps, volume_kg,"
    " rpe_sets, rpe_sum, rpe_6, rpe_6_5, rpe_7, rpe_7_5, rpe_8, rpe_8_5, rpe_9, rpe_9_5, rpe_10,"
    " intensity_sets, intensity_sum, zone_below_60, zone_60_70, zone_70_80, zone_80_90,"
    " zone_90_up, best_e1rm_kg"
)
WORKING = "s.set_type != 'warmup'"
DAYS = f"""
INSERT INTO performance_metrics ({COLUMNS})
SELECT 'day', w.date, s.exercise_id,
    count(DISTINCT w.id), count(*),
    count(*) FILTER (WHERE {WORKING}),
    count(*) FILTER (WHERE {WORKING} AND (s.rpe IS NULL OR s.rpe >= 7)),
    sum(s.reps), total(s.weight_kg * s.reps), count(s.rpe), total(s.rpe),
    count(*) FILTER (WHERE s.rpe <= 6), count(*) FILTER (WHERE s.rpe = 6.5),
    count(*) FILTER (WHERE s.rpe = 7), count(*) FILTER (WHERE s.rpe = 7.5),
    count(*) FILTER (WHERE s.rpe = 8), count(*) FILTER (WHERE s.rpe = 8.5),
    count(*) FILTER (WHERE s.rpe = 9), count(*) FILTER (WHERE s.rpe = 9.5),
    count(*) FILTER (WHERE s.rpe = 10),
    count(s.relative_intensity) FILTER (WHERE {WORKING}),
    total(s.relative_intensity) FILTER (WHERE {WORKING}),
    count(*) FILTER (WHERE {WORKING} AND s.relative_intensity < 0.6),
    count(*) FILTER (WHERE {WORKING} AND s.relative_intensity >= 0.6
                     AND s.relative_intensity < 0.7),
    count(*) FILTER (WHERE {WORKING} AND s.relative_intensity >= 0.7
                     AND s.relative_intensity < 0.8),
    count(*) FILTER (WHERE {WORKING} AND s.relative_intensity >= 0.8
                     AND s.relative_intensity < 0.9),
    count(*) FILTER (WHERE {WORKING} AND s.relative_intensity >= 0.9),
    max(s.estimated_1rm) FILTER (WHERE {WORKING})
FROM workouts w JOIN exercise_sets s ON s.workout_id = w.id
WHERE w.deleted = 0 AND w.status IN ('in_progress', 'completed') AND s.deleted = 0
GROUP BY w.date, s.exercise_id
"""
SUMS = ", ".join(
    [f"sum({c})" for c in SET_COUNTS]
    + ["total(volume_kg)", "sum(rpe_sets)", "total(rpe_sum)"]
    + [f"sum({c})" for c in RPE_COUNTS]
    + ["sum(intensity_sets)", "total(intensity_sum)"]
    + [f"sum({c})" for c in ZONE_COUNTS]
)
ROLL_UP = f"""
INSERT INTO performance_metrics ({COLUMNS})
SELECT '{{period}}', {{start}}, exercise_id, {SUMS}, max(best_e1rm_kg)
FROM performance_metrics WHERE period = 'day'
GROUP BY {{start}}, exercise_id
"""


def upgrade() -> None:
    op.create_table(
        "performance_metrics",
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("exercise_id", sa.String(length=36), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in SET_COUNTS),
        sa.Column("volume_kg", sa.Float(), nullable=False),
        sa.Column("rpe_sets", sa.Integer(), nullable=False),
        sa.Column("rpe_sum", sa.Float(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in RPE_COUNTS),
        sa.Column("intensity_sets", sa.Integer(), nullable=False),
        sa.Column("intensity_sum", sa.Float(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ZONE_COUNTS),
        sa.Column("best_e1rm_kg", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("period", "period_start", "exercise_id"),
    )
    op.create_index(
        "ix_performance_metrics_exercise",
        "performance_metrics",
        ["exercise_id", "period", "period_start"],
    )
    op.create_index(
        "ix_exercise_sets_exercise_lifts",
        "exercise_sets",
        [
            "exercise_id",
            "deleted",
            "set_type",
            "workout_id",
            "weight_kg",
            "reps",
            "is_bodyweight",
            "estimated_1rm",
        ],
    )
    op.execute(DAYS)
    op.execute(ROLL_UP.format(period="week", start="date(period_start, '-6 days', 'weekday 1')"))
    op.execute(ROLL_UP.format(period="month", start="date(period_start, 'start of month')"))
