"""anonymised pathways

Which pathways the retention policy anonymised, kept outside the read model so that a rebuild
of the read model from the workflows writes them anonymised again. Filled from the read
model's `anonymised_on` for pathways anonymised before it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 08:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    anonymised = op.create_table(
        'anonymised_pathways',
        sa.Column('pathway_id', sa.String(length=40), nullable=False),
        sa.Column('anonymised_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('pathway_id'),
    )
    pathways = sa.table(
        'rm_pathways', sa.column('pathway_id', sa.String()), sa.column('anonymised_on', sa.Date())
    )
    op.execute(
        anonymised.insert().from_select(
            ['pathway_id', 'anonymised_on'],
            sa.select(pathways.c.pathway_id, pathways.c.anonymised_on).where(
                pathways.c.anonymised_on.is_not(None)
            ),
        )
    )


def downgrade() -> None:
    op.drop_table('anonymised_pathways')
