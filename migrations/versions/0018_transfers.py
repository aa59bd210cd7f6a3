"""transfers

The team a pending transfer asks to take a pathway on (`rm_pathways.transfer_to`), so the
receiving team's supervisors find their incoming transfers and may see those pathways while
they decide (ADR 0113). Empty for every pathway written before transfers existed.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 11:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rm_pathways') as batch:
        batch.add_column(sa.Column('transfer_to', sa.String(length=200), nullable=True))
        batch.create_index('ix_rm_pathways_transfer_to', ['transfer_to'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rm_pathways') as batch:
        batch.drop_index('ix_rm_pathways_transfer_to')
        batch.drop_column('transfer_to')
