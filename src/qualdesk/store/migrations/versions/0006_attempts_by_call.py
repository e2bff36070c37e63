"""Index attempts by call: reports join every call to its attempt.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attempts_call_id", "attempts", ["call_id"])


def downgrade() -> None:
    op.drop_index("ix_attempts_call_id", table_name="attempts")
