"""outcomes: re-sentences and releases on the pathway's row

`rm_pathways.resentenced_from` (the order a re-sentence replaced: a breach, not a new offence)
and `rm_pathways.released_on` (a DTO's release from custody), which proven re-offending reads
(`reports.reoffending`). None for rows written before, until the read model is rebuilt.

Revision ID: 0031
Revises: 0026
Create Date: 2026-12-06 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0031'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rm_pathways') as batch:
        batch.add_column(sa.Column('resentenced_from', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('released_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rm_pathways') as batch:
        batch.drop_column('released_on')
        batch.drop_column('resentenced_from')
