"""Script variants: a campaign may run up to three bank versions side by side (A/B).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("bank_version_id", sa.Integer(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"]),
        sa.ForeignKeyConstraint(["bank_version_id"], ["bank_versions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "label"),
    )
    op.create_index("ix_campaign_variants_campaign_id", "campaign_variants", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_variants_campaign_id", table_name="campaign_variants")
    op.drop_table("campaign_variants")
