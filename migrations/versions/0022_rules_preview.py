"""rules preview

Each pathway's current assessment facts (`rm_facts`), so a proposed rule set version can be
decided against every open pathway without asking each workflow (ADR 0123). Pathways written
before this migration have no row until their next projection (a step, new facts, or
`pathway rebuild-read-model`).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_facts",
        sa.Column("pathway_id", sa.String(length=40), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("pathway_id"),
    )


def downgrade() -> None:
    op.drop_table("rm_facts")
