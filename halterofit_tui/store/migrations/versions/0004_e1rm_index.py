"""Index sets by exercise and e1RM: "best e1RM before today" is asked on every logged set and
becomes one index probe instead of a scan of the exercise's whole history.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_exercise_sets_exercise_e1rm", "exercise_sets", ["exercise_id", "estimated_1rm"]
    )
