"""compliance

Each pathway's failures to comply, warnings, breaches and the court's decisions on its order in
the read model (`rm_compliance`), so reports can count warnings and breaches by outcome.
Pathways from before compliance was recorded have none.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 11:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rm_compliance',
    sa.Column('pathway_id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('reasonable_excuse', sa.Boolean(), nullable=True),
    sa.Column('referred_to', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('pathway_id', 'seq')
    )


def downgrade() -> None:
    op.drop_table('rm_compliance')
