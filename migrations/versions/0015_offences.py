"""offences

Each pathway's offences in the read model (`rm_offences`): code, title, date, and the offence
group of the youth justice statistics with the version of the offence-code mapping that gave
it, so reports can count the orders of an offence group. Pathways started before orders kept
their offences have none here: their workflows never held them.

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-08 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rm_offences',
    sa.Column('pathway_id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('offence_code', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=True),
    sa.Column('offence_group', sa.String(length=40), nullable=False),
    sa.Column('mapping_version', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('pathway_id', 'seq')
    )
    op.create_index('ix_rm_offences_group_pathway', 'rm_offences', ['offence_group', 'pathway_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_rm_offences_group_pathway', table_name='rm_offences')
    op.drop_table('rm_offences')
