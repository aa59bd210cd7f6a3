"""diversion pathways

A diversion pathway's referral and the joint decision panel's decision (`rm_diversions`, one
row per diversion pathway, `workflows.diversion`), and the diversion pathway a court pathway
followed after a decision to charge (`rm_pathways.charged_from`). Empty and None for rows
written before.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rm_diversions',
        sa.Column('pathway_id', sa.String(length=40), nullable=False),
        sa.Column('referral_id', sa.String(length=60), nullable=False),
        sa.Column('source', sa.String(length=30), nullable=False),
        sa.Column('referred_on', sa.Date(), nullable=False),
        sa.Column('force', sa.String(length=60), nullable=True),
        sa.Column('trigger', sa.String(length=60), nullable=True),
        sa.Column('trigger_on', sa.Date(), nullable=True),
        sa.Column('offence_code', sa.String(length=20), nullable=True),
        sa.Column('offence_group', sa.String(length=40), nullable=True),
        sa.Column('outcome', sa.String(length=40), nullable=True),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('conditions', sa.Integer(), nullable=False),
        sa.Column('conditions_complied', sa.Integer(), nullable=False),
        sa.Column('conditions_not_complied', sa.Integer(), nullable=False),
        sa.Column('plan_agreed_on', sa.Date(), nullable=True),
        sa.Column('exit_plan_on', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('pathway_id'),
    )
    op.create_index('ix_rm_diversions_referral_id', 'rm_diversions', ['referral_id'])
    op.create_index('ix_rm_diversions_outcome', 'rm_diversions', ['outcome'])
    op.create_index('ix_rm_diversions_decided_on', 'rm_diversions', ['decided_on'])
    with op.batch_alter_table('rm_pathways') as batch:
        batch.add_column(sa.Column('charged_from', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rm_pathways') as batch:
        batch.drop_column('charged_from')
    op.drop_index('ix_rm_diversions_decided_on', table_name='rm_diversions')
    op.drop_index('ix_rm_diversions_outcome', table_name='rm_diversions')
    op.drop_index('ix_rm_diversions_referral_id', table_name='rm_diversions')
    op.drop_table('rm_diversions')
